from django import forms

from .choices import districts_for, regencies_for, villages_for
from .models import Village


class VillagePicker(forms.Widget):
    """Regency -> district -> village selects; the lower levels load with HTMX.

    A plain select would send all 83,000 villages to a phone.
    """

    template_name = "areas/village_picker.html"

    def __init__(self, user=None, attrs=None):
        super().__init__(attrs)
        self.user = user

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        village = (
            Village.objects.select_related("district").filter(pk=value).first() if value else None
        )
        regencies = list(regencies_for(self.user))
        regency = (
            village.district.regency_id
            if village
            else (regencies[0].code if len(regencies) == 1 else "")
        )
        district = village.district_id if village else ""
        context["widget"]["picker"] = {
            "regencies": regencies,
            "regency": regency,
            "districts": districts_for(self.user, regency) if regency else [],
            "district": district,
            "villages": villages_for(self.user, district) if district else [],
            "village": village.code if village else "",
        }
        return context

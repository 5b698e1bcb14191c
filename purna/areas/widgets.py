from django import forms

from .choices import districts_for, regencies_for, villages_for
from .models import District, Province, Regency, Village


class VillagePicker(forms.Widget):
    """Regency -> district -> village selects; the lower levels load with HTMX from
    `options_url` (a URL name). Required or optional as its field is.

    A plain select would send all 83,000 villages to a phone.

    `user` limits the lists to the user's area. `nationwide=True` is for forms without a
    login: every village in Indonesia, starting with the province; `options_url` must
    then name a view anonymous users may call (areas:options needs a login).
    """

    template_name = "areas/village_picker.html"

    def __init__(
        self,
        user=None,
        attrs=None,
        *,
        options_url: str = "areas:options",
        nationwide: bool = False,
    ):
        super().__init__(attrs)
        self.user = user
        self.options_url = options_url
        self.nationwide = nationwide

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        village = (
            Village.objects.select_related("district__regency").filter(pk=value).first()
            if value
            else None
        )
        picker = self._nationwide(village) if self.nationwide else self._in_area(village)
        context["widget"]["picker"] = {"options_url": self.options_url, **picker}
        return context

    def _in_area(self, village: Village | None) -> dict:
        regencies = list(regencies_for(self.user))
        regency = (
            village.district.regency_id
            if village
            else (regencies[0].code if len(regencies) == 1 else "")
        )
        district = village.district_id if village else ""
        return {
            "provinces": None,
            "regencies": regencies,
            "regency": regency,
            "districts": districts_for(self.user, regency) if regency else [],
            "district": district,
            "villages": villages_for(self.user, district) if district else [],
            "village": village.code if village else "",
        }

    def _nationwide(self, village: Village | None) -> dict:
        district = village.district if village else None
        regency = district.regency if district else None
        province = regency.province_id if regency else ""
        return {
            "provinces": Province.objects.order_by("name"),
            "province": province,
            "regencies": (
                Regency.objects.filter(province_id=province).order_by("name") if province else []
            ),
            "regency": regency.code if regency else "",
            "districts": (
                District.objects.filter(regency=regency).order_by("name") if regency else []
            ),
            "district": district.code if district else "",
            "villages": (
                Village.objects.filter(district=district).order_by("name") if district else []
            ),
            "village": village.code if village else "",
        }

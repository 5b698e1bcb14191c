from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from purna.people.access import person_for

from .field_test_forms import FieldTestForm
from .field_tests import field_test_due, field_test_record
from .models import FieldTestPhoto


@login_required
@require_http_methods(["GET", "POST"])
def field_test_create(request, pk):
    person = person_for(request.user, pk, write=True)
    if not field_test_due(person):
        messages.warning(request, _("No field test is due for this returnee (quadrant IV only)."))
        return redirect("people:detail", pk=pk)
    form = FieldTestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        photos = data.pop("photos")
        try:
            test = field_test_record(actor=request.user, person=person, photos=photos, **data)
        except ValidationError as exc:
            form.add_error("photos" if photos else None, exc)
        else:
            if test.confirmed:
                messages.success(request, _("Confirmed: the family is now a mitra pendamping."))
            else:
                messages.info(
                    request,
                    _(
                        "Not confirmed: the family was placed in the quadrant "
                        "the field test shows, with a new pathway."
                    ),
                )
            return redirect("people:detail", pk=pk)
    return render(request, "programme/field_test_form.html", {"form": form, "person": person})


@login_required
@require_GET
def field_test_photo(request, photo_pk):
    """Photos are evidence about a family: only users who may see the family get them."""
    photo = get_object_or_404(FieldTestPhoto.objects.select_related("field_test"), pk=photo_pk)
    person_for(request.user, photo.field_test.person_id)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response

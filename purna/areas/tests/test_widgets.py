"""The village picker: one widget and one template for every form that asks for a village,
limited to the user's area or nationwide, required or optional as its field is, and loading
its lists from the options view it is given."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from purna.areas.models import Village
from purna.areas.widgets import VillagePicker
from tests.factories import PACITAN, PONOROGO, village

pytestmark = pytest.mark.django_db


def rendered(widget: VillagePicker, *, required: bool, initial: Village | None = None) -> str:
    class PickForm(forms.Form):
        place = forms.ModelChoiceField(queryset=Village.objects.all(), required=required)

    form = PickForm(initial={"place": initial.code} if initial else None)
    form.fields["place"].widget = widget
    with translation.override("en"):
        return str(form["place"])


def test_limited_to_the_users_area_and_required(personas):
    html = rendered(VillagePicker(user=personas["coordinator"]), required=True)
    assert html.count(f'hx-get="{reverse("areas:options")}"') == 2
    assert 'name="picker_province"' not in html
    assert f'value="{PONOROGO}"' in html and f'value="{PACITAN}"' not in html
    assert 'name="place" required' in html and "(optional)" not in html


def test_nationwide_from_the_province_with_its_own_options_and_optional():
    chosen = village("35.02.17")
    widget = VillagePicker(options_url="helpdesk:area_options", nationwide=True)
    html = rendered(widget, required=False, initial=chosen)
    assert html.count(f'hx-get="{reverse("helpdesk:area_options")}"') == 3
    assert reverse("areas:options") not in html
    assert "(optional)" in html and 'name="place" required' not in html
    # The chosen village shows with its province, regency and district.
    for code in ("35", PONOROGO, "35.02.17", chosen.code):
        assert f'value="{code}" selected' in html

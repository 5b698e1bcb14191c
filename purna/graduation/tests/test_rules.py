"""The graduation rules screen (administrators only)."""

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.graduation.models import GraduationRules
from purna.graduation.selectors import candidates

from .helpers import TODAY, in_english, ready_family

URL = reverse("graduation:rules")
DEFAULTS = {
    "modules_completed": "on",
    "profitable_months": "6",
    "profit_window": "8",
    "decent_life": "on",
    "quadrant_iv": "on",
}


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 403),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status
    response = client_for(persona).post(URL, {**DEFAULTS, "profitable_months": "3"})
    assert response.status_code == (302 if status == 200 else status)
    assert GraduationRules.objects.exists() is (status == 200)


def test_wrong_method(client_for):
    assert client_for("admin").delete(URL).status_code == 405


def test_save_is_audited_and_takes_effect(client_for, personas, person):
    ready_family(person, business=False)
    assert not candidates(personas["admin"], today=TODAY)[0].ready
    data = {**DEFAULTS, "profitable_months": "0"}
    response = client_for("admin").post(URL, data)
    assert response.status_code == 302
    assert response.url == reverse("graduation:candidates")
    rules = GraduationRules.objects.get()
    assert (rules.profitable_months, rules.updated_by) == (0, personas["admin"])
    assert AuditEvent.objects.get(entity="graduationrules").changes == {"profitable_months": [6, 0]}
    assert candidates(personas["admin"], today=TODAY)[0].ready
    # A second save changes the same row.
    client_for("admin").post(URL, {**data, "quadrant_iv": ""})
    assert GraduationRules.objects.get().quadrant_iv is False
    assert AuditEvent.objects.filter(entity="graduationrules").count() == 2


@pytest.mark.parametrize(
    "change, error",
    [
        ({"profitable_months": "9"}, "Choose between 0 (not required) and 8"),
        ({"profit_window": "0"}, "Choose between 1 and 24 months."),
        ({"profit_window": "25"}, "Choose between 1 and 24 months."),
        ({"profitable_months": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"profit_window": "99999999999999999999999"}, "Choose between 1 and 24 months."),
        ({"profitable_months": "99999999999999999999999"}, "Choose between 0 (not required)"),
        ({"profit_window": ""}, "This field is required."),
    ],
)
def test_bad_input(client_for, change, error):
    response = in_english(client_for("admin")).post(URL, {**DEFAULTS, **change})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not GraduationRules.objects.exists()

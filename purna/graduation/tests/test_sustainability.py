"""The lighter check after graduation, and its schedule: four checks over two years."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.graduation import selectors, services
from purna.graduation.models import SustainabilityCheck
from purna.people.models import HouseholdMember

from .helpers import TODAY, in_english, ready_family

GRADUATED_ON = date(2026, 5, 4)
ANSWERS = {
    "checked_on": "2026-11-10",
    "business_operating": "yes",
    "migrated_again": "yes",
    "migrated_who": "Rudi (Child)",
    "notes": "",
}


def url(person):
    return reverse("graduation:sustainability_new", args=[person.pk])


@pytest.fixture
def graduated(person):
    ready_family(person)
    HouseholdMember.objects.create(person=person, full_name="Rudi", relation="child", sex="L")
    person.graduated_on = GRADUATED_ON
    person.save(update_fields=["graduated_on"])
    return person


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, graduated, persona, status):
    assert client_for(persona).get(url(graduated)).status_code == status


def test_wrong_method(client_for, graduated):
    assert client_for("coordinator").patch(url(graduated)).status_code == 405


def test_record(client_for, personas, graduated):
    client = in_english(client_for("field_officer"))
    page = client.get(url(graduated)).content.decode()
    assert '<option value="Rudi (Child)">' in page
    assert '<option value="The returnee">' in page
    response = client.post(url(graduated), ANSWERS)
    assert response.status_code == 302
    check = SustainabilityCheck.objects.get(person=graduated)
    assert (check.business_operating, check.migrated_again, check.migrated_who) == (
        True,
        True,
        "Rudi (Child)",
    )
    assert check.recorded_by == personas["field_officer"]
    assert AuditEvent.objects.get(entity="sustainabilitycheck").changes["migrated_again"] == [
        None,
        True,
    ]


def test_who_is_dropped_when_nobody_migrated(client_for, graduated):
    client = in_english(client_for("coordinator"))
    assert client.post(url(graduated), {**ANSWERS, "migrated_again": "no"}).status_code == 302
    assert SustainabilityCheck.objects.get().migrated_who == ""


@pytest.mark.parametrize(
    "change, error",
    [
        ({"checked_on": "2026-11-21"}, "This date cannot be in the future."),
        (
            {"checked_on": "2026-05-03"},
            "The family became independent on 4 May 2026: check after that.",
        ),
        ({"business_operating": ""}, "This field is required."),
        ({"migrated_who": "Someone else"}, "Select a valid choice."),
    ],
)
def test_bad_input_writes_nothing(client_for, graduated, change, error):
    response = in_english(client_for("coordinator")).post(url(graduated), {**ANSWERS, **change})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not SustainabilityCheck.objects.exists()


def test_the_same_check_twice_on_a_day_is_refused(client_for, graduated):
    client = in_english(client_for("coordinator"))
    assert client.post(url(graduated), ANSWERS).status_code == 302
    response = client.post(url(graduated), ANSWERS)
    assert response.status_code == 200
    assert "The same check, with the same answers, is already recorded for" in (
        response.content.decode()
    )
    assert SustainabilityCheck.objects.count() == 1
    assert client.post(url(graduated), {**ANSWERS, "business_operating": "no"}).status_code == 302
    assert SustainabilityCheck.objects.count() == 2


def test_a_check_before_2000_is_refused(personas, graduated):
    graduated.graduated_on = date(1999, 6, 1)
    graduated.save(update_fields=["graduated_on"])
    with pytest.raises(ValidationError) as exc:
        services.sustainability_check_record(
            actor=personas["admin"], person=graduated, checked_on=date(1999, 12, 31),
            business_operating=True, migrated_again=False, today=TODAY,
        )  # fmt: skip
    assert "checked_on" in exc.value.message_dict
    assert not SustainabilityCheck.objects.exists()


def test_only_after_graduation(client_for, person):
    ready_family(person)
    assert client_for("coordinator").get(url(person)).status_code == 302
    with pytest.raises(services.NotIndependent):
        services.sustainability_check_record(
            actor=None, person=person, checked_on=TODAY, business_operating=True,
            migrated_again=False,
        )  # fmt: skip
    assert not SustainabilityCheck.objects.exists()


def test_four_checks_over_two_years_then_none(graduated):
    def due(today):
        return selectors.sustainability_due(graduated, today=today)

    assert due(GRADUATED_ON).next_due == date(2026, 11, 4)
    assert due(TODAY).overdue and due(TODAY).days_overdue == 16
    for checked_on, next_due in [
        (date(2026, 11, 10), date(2027, 5, 10)),
        (date(2027, 5, 1), date(2027, 11, 1)),
        (date(2027, 11, 3), date(2028, 5, 3)),
    ]:
        SustainabilityCheck.objects.create(
            person=graduated, checked_on=checked_on, business_operating=True,
            migrated_again=False,
        )  # fmt: skip
        assert due(checked_on).next_due == next_due
    SustainabilityCheck.objects.create(
        person=graduated, checked_on=date(2028, 5, 2), business_operating=True,
        migrated_again=False,
    )  # fmt: skip
    done = due(date(2029, 1, 1))
    assert done.next_due is None and not done.overdue and not done.due_soon
    assert done.last == date(2028, 5, 2)


def test_no_schedule_before_graduation(person):
    ready_family(person)
    assert selectors.sustainability_due(person, today=TODAY) is None

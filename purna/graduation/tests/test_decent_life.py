"""Recording a decent-life check, and when the next one is due."""

from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.graduation import selectors, services
from purna.graduation.models import DecentLifeCheck
from purna.people.models import HouseholdMember
from tests.factories import assign, make_mentor

from .helpers import PRACTICE_ON, TODAY, in_english, in_practice

ANSWERS = {
    "checked_on": "2026-11-10",
    "house_fit": "yes",
    "income_covers_needs": "yes",
    "can_pay_treatment": "no",
    "children_in_school": "yes",
    "savings_for_investment": "no",
    "routine_charity": "yes",
    "notes": " Rumah sudah direnovasi. ",
}


def url(person):
    return reverse("graduation:decent_life_new", args=[person.pk])


@pytest.fixture
def practising(person):
    return in_practice(person)


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not assigned
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, practising, persona, status):
    assert client_for(persona).get(url(practising)).status_code == status


def test_the_assigned_mentor_records(client_for, personas, practising):
    assign(practising, make_mentor(user=personas["mentor"]))
    response = client_for("mentor").post(url(practising), ANSWERS)
    assert response.status_code == 302
    check = DecentLifeCheck.objects.get()
    assert check.recorded_by == personas["mentor"]


def test_wrong_method(client_for, practising):
    assert client_for("coordinator").delete(url(practising)).status_code == 405


def test_record(client_for, personas, practising):
    response = client_for("field_officer").post(url(practising), ANSWERS)
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[practising.pk])
    check = DecentLifeCheck.objects.get(person=practising)
    assert check.checked_on == date(2026, 11, 10)
    assert selectors.indicators_of(check) == {
        "house_fit": True,
        "income_covers_needs": True,
        "can_pay_treatment": False,
        "children_in_school": True,
        "savings_for_investment": False,
        "routine_charity": True,
    }
    assert check.notes == "Rumah sudah direnovasi."
    event = AuditEvent.objects.get(entity="decentlifecheck")
    assert event.action == "create" and event.person_id == practising.pk
    assert event.changes["can_pay_treatment"] == [None, False]


def test_no_child_of_school_age_is_an_answer(client_for, practising):
    client_for("coordinator").post(url(practising), {**ANSWERS, "children_in_school": "none"})
    assert DecentLifeCheck.objects.get().children_in_school is None


def test_prefilled_when_the_household_has_no_child_of_school_age(client_for, practising):
    HouseholdMember.objects.create(
        person=practising, full_name="Bayi", relation="child", sex="L",
        birth_date=date(2024, 1, 1),
    )  # fmt: skip
    HouseholdMember.objects.create(
        person=practising, full_name="Sulung", relation="child", sex="P",
        birth_date=date(2004, 1, 1), school_status="finished",
    )  # fmt: skip
    page = client_for("coordinator").get(url(practising)).content.decode()
    assert 'value="none" id="id_children_in_school_2" checked' in page


def test_not_prefilled_with_a_child_of_school_age(client_for, practising):
    HouseholdMember.objects.create(
        person=practising, full_name="Adik", relation="child", sex="P",
        birth_date=date(2015, 6, 1), school_status="in_school",
    )  # fmt: skip
    page = in_english(client_for("coordinator")).get(url(practising)).content.decode()
    assert "checked" not in page.split('name="children_in_school"', 1)[1].split("</fieldset>")[0]
    assert "The household list has 1 child(ren) of school age." in page


def test_school_age(person):
    def child(birth, status="", relation="child"):
        return HouseholdMember.objects.create(
            person=person, full_name="x", relation=relation, sex="L", birth_date=birth,
            school_status=status,
        )  # fmt: skip

    seven = child(date(2019, 11, 20))
    child(date(2019, 11, 21))  # six until tomorrow
    eighteen = child(date(2007, 11, 21))
    child(date(2007, 11, 20))  # nineteen today
    child(date(2010, 1, 1), "finished")
    unknown_in_school = child(None, "in_school")
    child(None, "not_yet")
    child(date(2012, 1, 1), relation="sibling")
    assert set(selectors.school_age_children(person, TODAY)) == {
        seven,
        eighteen,
        unknown_in_school,
    }


@pytest.mark.parametrize(
    "change, field, error",
    [
        ({"checked_on": "2026-11-21"}, "checked_on", "This date cannot be in the future."),
        ({"checked_on": "1899-12-31"}, "checked_on", "This date is too far in the past."),
        ({"checked_on": "1999-12-31"}, "checked_on", "This date is too far in the past."),
        # Practice started on 1 Sep 2025: a check on 31 Jul is not "at its start".
        (
            {"checked_on": "2025-07-31"},
            "checked_on",
            "Business practice started on 1 Sep 2025: a decent-life check is at most a month "
            "before it.",
        ),
        ({"house_fit": ""}, "house_fit", "This field is required."),
        ({"children_in_school": "maybe"}, "children_in_school", "Select a valid choice."),
        ({"notes": "x" * 5001}, "notes", "Ensure this value has at most 5000 characters"),
    ],
)
def test_bad_input_writes_nothing(client_for, practising, change, field, error):
    response = in_english(client_for("coordinator")).post(url(practising), {**ANSWERS, **change})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DecentLifeCheck.objects.exists()
    assert not AuditEvent.objects.filter(entity="decentlifecheck").exists()


def test_a_check_shortly_before_practice_starts_counts_as_its_start(client_for, practising):
    response = client_for("coordinator").post(
        url(practising), {**ANSWERS, "checked_on": "2025-08-01"}
    )
    assert response.status_code == 302
    assert DecentLifeCheck.objects.get().checked_on == date(2025, 8, 1)


def test_the_same_check_twice_on_a_day_is_refused(client_for, practising):
    client = in_english(client_for("coordinator"))
    assert client.post(url(practising), ANSWERS).status_code == 302
    response = client.post(url(practising), {**ANSWERS, "notes": "again"})  # a second tap
    assert response.status_code == 200
    assert "The same check, with the same answers, is already recorded for 10 Nov 2026" in (
        response.content.decode()
    )
    assert DecentLifeCheck.objects.count() == 1
    assert AuditEvent.objects.filter(entity="decentlifecheck").count() == 1
    # Different answers the same day are a correction, and kept; another day is another check.
    assert client.post(url(practising), {**ANSWERS, "house_fit": "no"}).status_code == 302
    assert client.post(url(practising), {**ANSWERS, "checked_on": "2026-11-11"}).status_code == 302
    assert DecentLifeCheck.objects.count() == 3


def test_the_same_check_for_another_family_is_not_a_duplicate(client_for, practising):
    from tests.factories import make_person

    other = in_practice(make_person(full_name="Lain"))
    client = client_for("coordinator")
    assert client.post(url(practising), ANSWERS).status_code == 302
    assert client.post(url(other), ANSWERS).status_code == 302


def test_not_in_practice(client_for, person):
    response = client_for("coordinator").get(url(person))
    assert response.status_code == 302
    with pytest.raises(services.NotInPractice):
        services.decent_life_check_record(
            actor=None, person=person, checked_on=TODAY, **{
                k: True for k in selectors.INDICATORS
            },
        )  # fmt: skip
    assert not DecentLifeCheck.objects.exists()


# --- the schedule ----------------------------------------------------------------------------


def record(person, on):
    return DecentLifeCheck.objects.create(
        person=person, checked_on=on, **{k: True for k in selectors.INDICATORS}
    )


def test_due_when_practice_starts_then_every_six_months(practising):
    due = selectors.decent_life_due(practising, today=PRACTICE_ON)
    assert (due.last, due.next_due, due.overdue) == (None, PRACTICE_ON, False)
    late = selectors.decent_life_due(practising, today=date(2025, 9, 15))
    assert (late.overdue, late.days_overdue) == (True, 14)
    record(practising, date(2025, 9, 10))
    due = selectors.decent_life_due(practising, today=date(2026, 3, 10))
    assert (due.last, due.next_due, due.overdue) == (date(2025, 9, 10), date(2026, 3, 10), False)
    due = selectors.decent_life_due(practising, today=date(2026, 3, 11))
    assert due.overdue and due.days_overdue == 1
    record(practising, date(2026, 3, 20))
    due = selectors.decent_life_due(practising, today=TODAY)
    assert due.next_due == date(2026, 9, 20) and due.overdue


def test_no_schedule_outside_practice(person):
    assert selectors.decent_life_due(person, today=TODAY) is None
    in_practice(person)
    person.graduated_on = date(2026, 11, 1)
    assert selectors.decent_life_due(person, today=TODAY) is None

"""The visit clock and plan state as the screens read them: mentoring_rows over real
records, with "today" frozen by the caller."""

from datetime import date

import pytest

from purna.mentoring.selectors import (
    AGREED,
    DRAFTED,
    MISSING,
    mentoring_row,
    mentoring_rows,
    peer_families,
)
from purna.mentoring.services import visit_record
from purna.mentors.models import Assignment
from purna.people.models import Person
from purna.people.services import consent_record
from tests.factories import assign, make_mentor, make_person, start_practice

from .support import make_plan, make_visit

pytestmark = pytest.mark.django_db


def row(person, today):
    return mentoring_row(person, today=today)


def in_practice(on, **fields):
    return start_practice(make_person(**fields), on=on)


@pytest.mark.parametrize(
    "started, first_due",
    [
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # across the year's end
    ],
)
def test_first_visit_is_due_a_month_after_practice_starts_kept_inside_the_month(started, first_due):
    person = in_practice(started)
    assert row(person, started).due == first_due
    assert row(person, first_due).days_overdue == 0  # due today is not late
    late = row(person, date.fromordinal(first_due.toordinal() + 1))
    assert late.days_overdue == 1 and late.overdue


def test_monthly_in_the_first_year_then_every_two_months():
    person = in_practice(date(2026, 1, 15))
    make_visit(person, date(2027, 1, 14))  # 11 whole months in: still monthly
    assert row(person, date(2027, 1, 20)).due == date(2027, 2, 14)
    make_visit(person, date(2027, 1, 15))  # 12 months in: two-monthly from here
    assert row(person, date(2027, 1, 20)).due == date(2027, 3, 15)
    assert row(person, date(2027, 3, 16)).days_overdue == 1


@pytest.mark.parametrize(
    "today, beyond, due",
    [
        (date(2027, 12, 20), False, date(2028, 2, 10)),  # 23 months
        (date(2028, 2, 20), True, date(2028, 4, 10)),  # 25 months: still listed, two-monthly
    ],
)
def test_a_family_at_23_and_25_months(today, beyond, due):
    person = in_practice(date(2026, 1, 15))
    visited = date(today.year, today.month, 10)
    make_visit(person, visited)
    current = row(person, today)
    assert current is not None
    assert current.beyond_planned_span is beyond
    assert current.due == due and not current.overdue


def test_a_visit_takes_the_family_off_the_overdue_list(personas):
    person = in_practice(date(2026, 1, 15))
    today = date(2026, 3, 20)
    assert row(person, today).days_overdue == 33  # due 15 Feb
    visit_record(
        actor=personas["coordinator"],
        person=person,
        kind="home",
        visited_on=today,
        topics="Prices",
        today=today,
    )
    after = row(person, today)
    assert not after.overdue and after.last_visit == today and after.due == date(2026, 4, 20)


def test_an_earlier_next_date_agreed_at_the_visit_counts_a_later_one_does_not():
    person = in_practice(date(2026, 1, 15))
    make_visit(person, date(2026, 3, 1), next_visit_on=date(2026, 3, 15))
    current = row(person, date(2026, 3, 20))
    assert current.agreed_next == date(2026, 3, 15)
    assert current.due == date(2026, 3, 15) and current.days_overdue == 5
    make_visit(person, date(2026, 3, 18), next_visit_on=date(2026, 6, 1))
    assert row(person, date(2026, 3, 20)).due == date(2026, 4, 18)


def test_the_latest_visit_of_a_day_decides_the_agreed_date():
    person = in_practice(date(2026, 1, 15))
    make_visit(person, date(2026, 3, 1), next_visit_on=date(2026, 3, 10))
    make_visit(person, date(2026, 3, 1))  # recorded later the same day, no date agreed
    assert row(person, date(2026, 3, 5)).due == date(2026, 4, 1)


def test_the_plan_is_overdue_a_month_after_practice_starts():
    person = in_practice(date(2026, 1, 31))
    assert row(person, date(2026, 2, 28)).plan_overdue is False
    late = row(person, date(2026, 3, 1))
    assert late.plan_overdue and late.plan_state == MISSING
    assert late.plan_due_by == date(2026, 2, 28)
    plan = make_plan(person)
    drafted = row(person, date(2026, 3, 1))
    assert drafted.plan_state == DRAFTED and drafted.plan_overdue
    plan.agreed_on = date(2026, 3, 5)  # late, but agreed: it counts
    plan.save()
    agreed = row(person, date(2026, 3, 6))
    assert agreed.plan_state == AGREED and not agreed.plan_overdue
    make_plan(person, version=2)  # a newer version waiting for agreement
    newer = row(person, date(2026, 5, 1))
    assert newer.plan_state == DRAFTED and newer.plan_version == 2
    assert not newer.plan_overdue and newer.plan_agreed_on == date(2026, 3, 5)


def test_only_families_in_mentoring(personas):
    in_mentoring = in_practice(date(2026, 1, 15), full_name="A")
    make_person(full_name="Not started")
    withdrawn = in_practice(date(2026, 1, 15), full_name="Withdrawn")
    Person.objects.filter(pk=withdrawn.pk).update(withdrawn_on=date(2026, 2, 1))
    graduated = in_practice(date(2026, 1, 15), full_name="Independent")
    Person.objects.filter(pk=graduated.pk).update(graduated_on=date(2026, 2, 1))
    rows = mentoring_rows(Person.objects.all(), today=date(2026, 3, 1))
    assert [r.person.pk for r in rows] == [in_mentoring.pk]


def test_the_staff_mentor_is_the_open_staff_assignment(personas):
    person = in_practice(date(2026, 1, 15))
    assert row(person, date(2026, 2, 1)).mentor_name is None
    peer = make_mentor(person=make_person(full_name="Peer"))
    assign(person, peer)
    assert row(person, date(2026, 2, 1)).mentor_name is None  # a peer mentor is not staff
    staff = make_mentor("Bu Rina", user=personas["mentor"])
    assign(person, staff)
    assert row(person, date(2026, 2, 1)).mentor_name == "Bu Rina"
    Assignment.objects.filter(mentor=staff).update(ended_on=date(2026, 3, 1))
    assert row(person, date(2026, 3, 2)).mentor_name is None


def test_the_most_overdue_come_first_then_by_due_date():
    late = in_practice(date(2026, 1, 10), full_name="Late")
    later = in_practice(date(2026, 1, 5), full_name="Later")
    soon = in_practice(date(2026, 2, 5), full_name="Soon")
    fine = in_practice(date(2026, 2, 25), full_name="Fine")
    make_visit(fine, date(2026, 2, 26))
    rows = mentoring_rows(Person.objects.all(), today=date(2026, 3, 1))
    assert [r.person.full_name for r in rows] == ["Later", "Late", "Soon", "Fine"]
    assert [r.days_overdue for r in rows] == [24, 19, 0, 0]
    assert rows[2].due_soon and rows[3].due_soon is False  # due 5 Mar vs 26 Mar
    assert late and later and soon


def test_a_fixed_number_of_queries_whatever_the_number_of_families(
    django_assert_num_queries, personas
):
    staff = make_mentor("Bu Rina", user=personas["mentor"])
    for n in range(2):
        person = in_practice(date(2026, 1, 15), full_name=f"Family {n}")
        make_visit(person, date(2026, 2, 10))
        make_plan(person)
        assign(person, staff)
    with django_assert_num_queries(1):
        assert len(mentoring_rows(Person.objects.all(), today=date(2026, 3, 1))) == 2
    for n in range(2, 7):
        person = in_practice(date(2026, 1, 15), full_name=f"Family {n}")
        make_visit(person, date(2026, 2, 10))
        make_plan(person, agreed_on=date(2026, 2, 1))
        assign(person, staff)
    with django_assert_num_queries(1):
        rows = mentoring_rows(Person.objects.all(), today=date(2026, 3, 1))
        assert len(rows) == 7 and all(r.mentor_name == "Bu Rina" for r in rows)


def test_peer_families_carry_no_phone_even_with_consent_to_contact(personas):
    peer = make_mentor(person=make_person(full_name="Peer"), user=personas["peer_mentor"])
    willing = make_person(full_name="Willing", phone="081234567890")
    consent_record(actor=None, person=willing, scopes=["registration", "contact"],
                   given_on=date(2026, 2, 1))  # fmt: skip
    assign(willing, peer)
    [family] = peer_families(personas["peer_mentor"])
    assert family.full_name == "Willing" and not hasattr(family, "phone")
    assert "081234567890" not in repr(family)

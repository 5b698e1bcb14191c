"""The staff queue's filters and order, and the helpdesk report."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from purna.core.tickets import overdue
from purna.helpdesk.models import Ticket
from purna.helpdesk.selectors import (
    assignable_users,
    helpdesk_report,
    ticket_overdue,
    ticket_queue,
    with_overdue,
)
from purna.helpdesk.services import (
    ticket_assign,
    ticket_rate,
    ticket_reply,
    ticket_submit,
    ticket_transition,
)
from tests.factories import PACITAN, village

pytestmark = pytest.mark.django_db

FRIDAY = date(2026, 8, 14)  # Monday 17 August is a holiday
TODAY = date(2026, 8, 21)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def submit(kind="complaint", prefix="35.02.17", on=FRIDAY, **extra) -> Ticket:
    return ticket_submit(
        kind=kind,
        description="Isi yang tidak boleh bocor",
        name="Warga",
        phone=f"0812 {Ticket.objects.count():04d} 1111",
        village=village(prefix) if prefix else None,
        today=on,
        now=at(on),
        **extra,
    )


def codes(tickets) -> list[str]:
    return [t.code for t in tickets]


# The queue


@pytest.fixture
def queue_tickets(personas):
    late = submit("complaint", on=date(2026, 8, 10))  # acknowledge by 12 August: late
    fresh = submit("help", on=date(2026, 8, 20))
    curhat = submit("consultation", "35.02.01", on=date(2026, 8, 19))  # due 20 Aug: late
    sensitive = submit("abuse", on=date(2026, 8, 20))
    done = submit("complaint", on=date(2026, 8, 3))
    ticket_transition(actor=None, ticket=done, state="resolved", today=date(2026, 8, 4))
    outside = submit("complaint", PACITAN, on=date(2026, 8, 20))
    ticket_assign(actor=personas["admin"], ticket=fresh, assignee=personas["field_officer"])
    return {
        "late": late,
        "fresh": fresh,
        "curhat": curhat,
        "sensitive": sensitive,
        "done": done,
        "outside": outside,
    }


def test_overdue_first_then_by_next_deadline(personas, queue_tickets):
    t = queue_tickets
    tickets = list(ticket_queue(personas["coordinator"], today=TODAY))
    assert codes(tickets) == codes([t["late"], t["curhat"], t["done"], t["fresh"], t["sensitive"]])
    assert [x.overdue_reason for x in tickets[:2]] == ["acknowledge", "acknowledge"]
    assert [x.is_overdue for x in tickets] == [True, True, False, False, False]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"kind": "complaint"}, {"late", "done"}),
        ({"state": "open"}, {"late", "fresh", "curhat", "sensitive"}),
        ({"state": "resolved"}, {"done"}),
        ({"overdue": True}, {"late", "curhat"}),
        ({"district": "35.02.01"}, {"curhat"}),
        ({"kind": "complaint", "overdue": True}, {"late"}),
    ],
)
def test_filters(personas, queue_tickets, filters, expected):
    tickets = ticket_queue(personas["coordinator"], today=TODAY, **filters)
    assert set(codes(tickets)) == {queue_tickets[name].code for name in expected}


def test_mine_and_what_a_field_officer_may_list(personas, queue_tickets):
    officer = personas["field_officer"]
    assert codes(ticket_queue(officer, mine=True, today=TODAY)) == [queue_tickets["fresh"].code]
    # The district's non-sensitive tickets; never the abuse report.
    listed = set(codes(ticket_queue(officer, today=TODAY)))
    assert listed == {queue_tickets[n].code for n in ("late", "fresh", "done")}


def test_viewers_get_403(personas):
    with pytest.raises(PermissionDenied):
        ticket_queue(personas["viewer"], today=TODAY)


@pytest.mark.parametrize("days_later", [0, 3, 5, 6, 20, 30])
def test_the_annotation_agrees_with_the_rule(personas, queue_tickets, days_later):
    today = TODAY + timedelta(days=days_later)
    for ticket in with_overdue(Ticket.objects.all(), today):
        expected = overdue(ticket.state, ticket.acknowledge_by, ticket.resolve_by, today)
        assert ticket.overdue_reason == expected == ticket_overdue(ticket, today)
        assert ticket.is_overdue is (expected is not None)


def test_assignable_users_are_staff_of_the_area(personas, queue_tickets):
    names = {u.username for u in assignable_users(queue_tickets["late"])}
    assert names == {"admin_user", "coordinator", "field_officer", "mentor"}
    names = {u.username for u in assignable_users(queue_tickets["outside"])}
    assert names == {"admin_user", "outsider"}


# The report


@pytest.fixture
def history(personas):
    """Submitted on Friday 14 August (Monday 17 a holiday, so both deadlines fall later)."""
    coordinator = personas["coordinator"]
    quick = submit("help")
    ticket_reply(actor=coordinator, ticket=quick, body="Kami proses")  # same day: 0
    Ticket.objects.filter(pk=quick.pk).update(acknowledged_at=at(FRIDAY, 15))
    ticket_transition(actor=None, ticket=quick, state="resolved", today=date(2026, 8, 19))
    ticket_rate(ticket=quick, satisfaction=5)

    slow = submit("complaint")
    ticket_transition(actor=None, ticket=slow, state="acknowledged", today=date(2026, 8, 18))
    ticket_transition(actor=None, ticket=slow, state="resolved", today=date(2026, 9, 8))  # late
    ticket_rate(ticket=slow, satisfaction=2)

    waiting = submit("complaint", "35.02.01")
    ticket_transition(actor=None, ticket=waiting, state="acknowledged", today=date(2026, 8, 20))

    submit("abuse")  # still new
    submit("abuse", None)  # no village, unrouted: only admins see it
    submit("complaint", PACITAN)
    submit("help", on=date(2026, 7, 1))  # before the period
    return {"quick": quick, "slow": slow}


def test_the_report_of_a_coordinator(personas, history):
    report = helpdesk_report(personas["coordinator"], start=date(2026, 8, 1), end=date(2026, 8, 31))
    open_rows = {(r.kind, r.district_code): r.count for r in report.open_by_kind_and_district}
    # Pacitan is outside; the unrouted ticket without a village is the admin's.
    assert open_rows == {
        ("abuse", "35.02.17"): 1,
        ("complaint", "35.02.01"): 1,
        ("help", "35.02.17"): 1,  # July's: open, whatever the period
    }
    assert report.open_total == 3
    assert report.submitted == 4
    assert (report.resolved, report.resolved_in_time) == (2, 1)
    assert report.share_resolved_in_time == 0.5
    # Working days to acknowledge: 0 (same day), 1 (Tue 18: Mon 17 is a holiday), 3 (Thu 20).
    assert report.acknowledged == 3
    assert report.median_working_days_to_acknowledge == 1
    # To resolve: 2 (Wed 19) and 15 (Tue 8 September, a day late): median 8.5.
    assert report.median_working_days_to_resolve == 8.5
    assert (report.satisfaction_count, report.satisfaction_average) == (2, 3.5)


def test_the_admin_sees_everything(personas, history):
    report = helpdesk_report(personas["admin"])
    rows = {(r.kind, r.district_code): r.count for r in report.open_by_kind_and_district}
    assert rows[("abuse", "")] == 1
    assert rows[("complaint", village(PACITAN).district_id)] == 1
    assert report.open_total == 5
    assert report.submitted == 7


def test_an_empty_report(personas):
    report = helpdesk_report(personas["coordinator"])
    assert report.open_by_kind_and_district == []
    assert report.share_resolved_in_time is None
    assert report.median_working_days_to_acknowledge is None
    assert report.median_working_days_to_resolve is None
    assert report.satisfaction_average is None and report.satisfaction_count == 0


@pytest.mark.parametrize(
    "persona", ["field_officer", "mentor", "viewer", "outsider", "peer_mentor"]
)
def test_only_admins_and_coordinators_get_the_report(personas, persona):
    with pytest.raises(PermissionDenied):
        helpdesk_report(personas[persona])

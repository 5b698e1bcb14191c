"""Assigning by hand, changing and ending a family's mentor, each with a reason."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from purna.mentors.models import Assignment, Mentor
from tests.factories import assign, make_mentor

from .helpers import PACITAN_DISTRICT, WIDORO, family, peer_returnee, staff

PERSONAS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 403),
    ("mentor", 404),  # not this family's mentor: it does not exist for them
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 302),
]


def tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


# --- assign by hand --------------------------------------------------------------------------


def assign_url(person, kind="staff"):
    return reverse("mentors:assign", args=[person.pk, kind])


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_assign_access(client_for, persona, status):
    ani = family("Ani")
    staff()
    assert client_for(persona).get(assign_url(ani)).status_code == status


def test_assign_unknown_kind_is_404_and_put_405(client_for):
    ani = family("Ani")
    client = client_for("coordinator")
    assert client.get(assign_url(ani, "boss")).status_code == 404
    assert client.put(assign_url(ani)).status_code == 405


def test_assign_offers_only_mentors_with_room_of_the_kind(client_for):
    ani = family("Ani")
    full = staff("Bu Penuh", capacity=1)
    assign(family("Budi", sex="L"), full)
    staff("Bu Rina")
    Mentor.objects.filter(pk=staff("Pak Off").pk).update(is_active=False)
    staff("Bu Pacitan", districts=[PACITAN_DISTRICT])
    make_mentor(person=peer_returnee())
    form = client_for("coordinator").get(assign_url(ani)).context["form"]
    assert [m.name for m in form.fields["mentor"].queryset] == ["Bu Rina"]


def test_assign_creates_the_assignment(client_for):
    ani = family("Ani")
    rina = staff("Bu Rina")
    response = client_for("coordinator").post(
        assign_url(ani), {"mentor": rina.pk, "on": "2026-02-01", "reason": "lives nearby"}
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[ani.pk]) + "#mentors"
    a = Assignment.objects.get()
    assert (a.person, a.mentor, a.kind, a.reason, a.proposed_cost) == (
        ani,
        rina,
        "staff",
        "lives nearby",
        None,
    )


@pytest.mark.parametrize(
    "field, value", [("on", "tomorrow"), ("on", "1800-01-01"), ("reason", ""), ("mentor", "")]
)
def test_assign_bad_input(client_for, field, value):
    ani = family("Ani")
    rina = staff("Bu Rina")
    data = {"mentor": rina.pk, "on": "2026-02-01", "reason": "x"}
    data[field] = tomorrow() if value == "tomorrow" else value
    response = client_for("coordinator").post(assign_url(ani), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_assign_before_business_practice_started_is_a_form_error_naming_the_date(client_for):
    ani = family("Ani")  # in business practice since 15 Jan 2026
    rina = staff("Bu Rina")
    response = client_for("coordinator").post(
        assign_url(ani), {"mentor": rina.pk, "on": "1990-01-01", "reason": "x"}
    )
    assert response.status_code == 200
    assert "15 Jan 2026" in " ".join(response.context["form"].errors["on"])
    assert not Assignment.objects.exists()


def test_assign_when_one_is_open_is_a_message_not_a_crash(client_for):
    ani = family("Ani")
    assign(ani, staff("Pak Joko"))
    rina = staff("Bu Rina")
    response = client_for("coordinator").post(
        assign_url(ani), {"mentor": rina.pk, "on": "2026-02-01", "reason": "x"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Assignment.objects.count() == 1


# --- change ------------------------------------------------------------------------------


@pytest.fixture
def open_assignment(db):
    return assign(family("Ani"), staff("Bu Rina"), on=date(2026, 1, 20))


def change_url(assignment):
    return reverse("mentors:assignment_change", args=[assignment.pk])


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_change_access(client_for, open_assignment, persona, status):
    assert client_for(persona).get(change_url(open_assignment)).status_code == status


def test_change_for_a_family_outside_the_area_is_404(client_for):
    other = assign(family("Widoro", village=WIDORO), staff("Bu P", districts=[PACITAN_DISTRICT]))
    assert client_for("coordinator").get(change_url(other)).status_code == 404
    assert client_for("admin").get(change_url(other)).status_code == 200


def test_the_mentor_of_the_family_may_not_change_or_end_it(client_for, personas, open_assignment):
    Mentor.objects.filter(pk=open_assignment.mentor_id).update(user=personas["mentor"])
    client = client_for("mentor")
    assert client.get(change_url(open_assignment)).status_code == 403
    assert client.get(end_url(open_assignment)).status_code == 403
    assert client.get(assign_url(open_assignment.person, "peer")).status_code == 403


def test_change_keeps_history_and_reason(client_for, open_assignment):
    budi = staff("Pak Budi")
    client = client_for("coordinator")
    choices = client.get(change_url(open_assignment)).context["form"].fields["mentor"].queryset
    assert [m.name for m in choices] == ["Pak Budi"]  # not the current mentor
    response = client.post(
        change_url(open_assignment),
        {"mentor": budi.pk, "on": "2026-04-01", "reason": "Bu Rina moved away"},
    )
    assert response.status_code == 302
    history = list(Assignment.objects.order_by("started_on", "pk"))
    assert [(a.mentor.name, a.started_on, a.ended_on) for a in history] == [
        ("Bu Rina", date(2026, 1, 20), date(2026, 4, 1)),
        ("Pak Budi", date(2026, 4, 1), None),
    ]
    assert history[0].end_reason == "Bu Rina moved away" == history[1].reason


@pytest.mark.parametrize(
    "field, value", [("reason", ""), ("on", "2026-01-01"), ("on", "tomorrow"), ("mentor", "")]
)
def test_change_bad_input_changes_nothing(client_for, open_assignment, field, value):
    budi = staff("Pak Budi")
    data = {"mentor": budi.pk, "on": "2026-04-01", "reason": "x"}
    data[field] = tomorrow() if value == "tomorrow" else value
    response = client_for("coordinator").post(change_url(open_assignment), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    open_assignment.refresh_from_db()
    assert open_assignment.ended_on is None and Assignment.objects.count() == 1


def test_change_of_an_ended_assignment_is_refused(client_for, open_assignment):
    open_assignment.ended_on, open_assignment.end_reason = date(2026, 3, 1), "x"
    open_assignment.save()
    budi = staff("Pak Budi")
    response = client_for("coordinator").post(
        change_url(open_assignment), {"mentor": budi.pk, "on": "2026-04-01", "reason": "x"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Assignment.objects.count() == 1


# --- end ---------------------------------------------------------------------------------


def end_url(assignment):
    return reverse("mentors:assignment_end", args=[assignment.pk])


@pytest.mark.parametrize("persona, status", PERSONAS)
def test_end_access(client_for, open_assignment, persona, status):
    assert client_for(persona).get(end_url(open_assignment)).status_code == status


def test_end_with_a_reason(client_for, open_assignment):
    response = client_for("coordinator").post(
        end_url(open_assignment), {"on": "2026-05-01", "reason": "the family moved"}
    )
    assert response.status_code == 302
    open_assignment.refresh_from_db()
    assert (open_assignment.ended_on, open_assignment.end_reason) == (
        date(2026, 5, 1),
        "the family moved",
    )


@pytest.mark.parametrize(
    "field, value", [("reason", ""), ("on", "2026-01-01"), ("on", "tomorrow"), ("on", "x")]
)
def test_end_bad_input(client_for, open_assignment, field, value):
    data = {"on": "2026-05-01", "reason": "x"}
    data[field] = tomorrow() if value == "tomorrow" else value
    response = client_for("coordinator").post(end_url(open_assignment), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    open_assignment.refresh_from_db()
    assert open_assignment.ended_on is None

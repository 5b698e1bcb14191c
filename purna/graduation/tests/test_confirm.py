"""The confirmation screen and service: only when every criterion is met; what it does
(status, plan, mentors, the field-test invitation) and what it refuses."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from purna.audit.models import AuditEvent
from purna.graduation import services
from purna.graduation.models import Graduation, GraduationRules
from purna.mentors.models import Assignment
from purna.notifications.models import OutboxMessage
from purna.people.models import Consent
from purna.programme.models import PlanEntry
from tests.factories import assign, make_assessment, make_mentor, make_person, make_user

from .helpers import TODAY, complete, decent_life, in_english, in_practice, ready_family

ON = date(2026, 11, 18)


def url(person):
    return reverse("graduation:confirm", args=[person.pk])


def states(person):
    return dict(PlanEntry.objects.filter(person=person).values_list("module__code", "state"))


def contactable(person, phone="0812-3456-7890", scopes=("registration", "contact")):
    person.phone = phone
    person.save(update_fields=["phone"])
    Consent.objects.create(person=person, given_on=date(2026, 2, 1), scopes=list(scopes))
    return person


@pytest.fixture
def ready(person):
    return ready_family(person)


def post(client, person, **data):
    return client.post(url(person), {"on": ON.isoformat(), "note": "", **data})


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 404),  # not assigned: the family does not exist for them
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, ready, persona, status):
    assert client_for(persona).get(url(ready)).status_code == status


def test_an_assigned_mentor_may_not_confirm(client_for, personas, ready):
    assign(ready, make_mentor(user=personas["mentor"]))
    assert client_for("mentor").get(url(ready)).status_code == 403
    assert post(client_for("mentor"), ready).status_code == 403
    assert not Graduation.objects.exists()


def test_wrong_method(client_for, ready):
    assert client_for("coordinator").delete(url(ready)).status_code == 405


# --- the screen ------------------------------------------------------------------------------


def test_screen_shows_each_criterion(client_for, ready):
    response = in_english(client_for("coordinator")).get(url(ready))
    page = response.content.decode()
    for code in ("modules", "business", "decent_life", "quadrant"):
        assert f'data-testid="criterion-{code}" data-met="true"' in page
    assert "Profitable months: 8 of 8." in page
    assert 'data-testid="not-ready"' not in page


def test_confirm_makes_the_family_independent(client_for, personas, ready):
    staff = make_mentor(user=make_user("bu_rina", "mentor", regencies=["35.02"]))
    peer = make_mentor(person=make_person(full_name="Pak Budi"))
    assign(ready, staff, on=date(2025, 9, 10))
    assign(ready, peer, on=date(2025, 10, 1))
    response = post(client_for("coordinator"), ready, note="Usaha jalan, anak sekolah.")
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[ready.pk])
    ready.refresh_from_db()
    assert ready.graduated_on == ON
    assert ready.status == "independent"
    graduation = Graduation.objects.get(person=ready)
    assert graduation.confirmed_by == personas["coordinator"]
    assert graduation.note == "Usaha jalan, anak sekolah."
    assert set(graduation.criteria) == {"modules", "business", "decent_life", "quadrant"}
    assert all(c["met"] for c in graduation.criteria.values())
    assert graduation.criteria["business"]["facts"]["profitable"] == 8
    # Practice was completed; mentoring (not needed after the IV re-assessment) is ended.
    assert states(ready)["PRACTICE"] == "completed"
    assert states(ready)["MENTORING"] == "completed"
    ended = Assignment.objects.filter(person=ready)
    assert {(a.ended_on, a.end_reason) for a in ended} == {(ON, "graduated")}
    actions = set(AuditEvent.objects.filter(person_id=ready.pk).values_list("entity", "action"))
    assert {("graduation", "create"), ("person", "update"), ("assignment", "update")} <= actions


def test_practice_in_progress_is_completed_before_mentoring(personas, person):
    """With the modules criterion switched off, practice may still be running: graduation
    completes it, then starts and completes mentoring."""
    ready_family(person, practice_done=False)
    GraduationRules.objects.create(modules_completed=False)
    services.graduation_confirm(actor=personas["coordinator"], person=person, on=ON, today=TODAY)
    assert states(person)["PRACTICE"] == "completed"
    assert states(person)["MENTORING"] == "completed"
    mentoring_trail = AuditEvent.objects.filter(
        person_id=person.pk, entity="planentry", summary="MENTORING"
    ).order_by("id")
    assert [e.changes["state"][1] for e in mentoring_trail] == ["in_progress", "completed"]
    person.refresh_from_db()
    assert person.status == "independent"


def test_mentoring_in_progress_is_completed(personas, person):
    ready_family(person)
    complete(person, "MENTORING", "in_progress")
    services.graduation_confirm(actor=personas["coordinator"], person=person, on=ON, today=TODAY)
    assert states(person)["MENTORING"] == "completed"


def test_an_assignment_started_after_the_date_ends_on_its_start(personas, ready):
    assign(ready, make_mentor(user=personas["mentor"]), on=TODAY)
    services.graduation_confirm(actor=personas["coordinator"], person=ready, on=ON, today=TODAY)
    assert Assignment.objects.get(person=ready).ended_on == TODAY


# --- the invitation to the field test --------------------------------------------------------


def test_invitation_queued_when_the_family_agreed_to_contact(client_for, ready):
    contactable(ready)
    post(client_for("coordinator"), ready)
    message = OutboxMessage.objects.get(recipient=ready)
    assert message.state == "queued"
    assert message.address == "+6281234567890"
    assert message.dedupe_key == f"field-test-invitation:{ready.pk}"
    assert "uji lapangan" in message.body and "mitra pendamping" in message.body
    assert len(message.body) <= 160


@pytest.mark.parametrize(
    "phone, scopes",
    [
        ("0812-3456-7890", ("registration", "assessment")),  # no contact consent
        ("", ("registration", "contact")),  # no number to send to
    ],
)
def test_no_invitation_without_consent_or_phone(client_for, ready, phone, scopes):
    contactable(ready, phone=phone, scopes=scopes)
    client = in_english(client_for("coordinator"))
    response = post(client, ready)
    follow = client.get(response.url)
    ready.refresh_from_db()
    assert ready.status == "independent"
    assert not OutboxMessage.objects.exists()
    assert "No invitation to the field test was queued" in follow.content.decode()


def test_the_latest_consent_decides(client_for, ready):
    contactable(ready)
    Consent.objects.create(person=ready, given_on=date(2026, 6, 1), scopes=["registration"])
    post(client_for("coordinator"), ready)
    assert not OutboxMessage.objects.exists()


# --- refusals --------------------------------------------------------------------------------


def test_refused_when_a_criterion_is_unmet(client_for, personas, ready):
    mentor = make_mentor(user=personas["mentor"])
    assign(ready, mentor)
    contactable(ready)
    decent_life(ready, on=date(2026, 11, 10), house_fit=False)
    client = in_english(client_for("coordinator"))
    get = client.get(url(ready))
    response = post(client, ready)
    assert 'data-testid="not-ready"' in get.content.decode()
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Decent-life indicators met: Not met: permanent house, fit to live in and healthy." in page
    )
    ready.refresh_from_db()
    assert ready.graduated_on is None
    assert ready.status != "independent"
    assert not Graduation.objects.exists()
    assert Assignment.objects.get(person=ready).ended_on is None
    assert states(ready)["PRACTICE"] == "completed"
    assert "MENTORING" not in states(ready)
    assert not OutboxMessage.objects.exists()


# --- a graduation dated in the past ------------------------------------------------------------


def criteria_met(graduation) -> dict[str, bool]:
    return {code: c["met"] for code, c in graduation.criteria.items()}


def test_a_past_date_is_judged_on_the_check_known_by_then(personas, ready):
    # The only decent-life check (5 Oct) came after the date given.
    with pytest.raises(services.NotReady) as caught:
        services.graduation_confirm(
            actor=personas["admin"], person=ready, on=date(2026, 10, 3), today=TODAY
        )
    assert [line.code for line in caught.value.evaluation.unmet] == ["decent_life"]
    assert not Graduation.objects.exists()


def test_a_later_check_does_not_undo_a_past_date(personas, ready):
    # Met on 5 Oct; a check after the graduation date found the house unfit.
    decent_life(ready, on=date(2026, 11, 10), house_fit=False)
    graduation = services.graduation_confirm(
        actor=personas["admin"], person=ready, on=date(2026, 10, 6), today=TODAY
    )
    assert all(criteria_met(graduation).values())
    assert graduation.criteria["decent_life"]["facts"]["unmet"] == []


def test_a_past_date_is_judged_on_the_self_assessment_known_by_then(personas, ready):
    decent_life(ready, on=date(2026, 9, 20))
    # Quadrant IV was assessed on 1 Oct; on 25 Sep the latest was quadrant III.
    with pytest.raises(services.NotReady) as caught:
        services.graduation_confirm(
            actor=personas["admin"], person=ready, on=date(2026, 9, 25), today=TODAY
        )
    assert [line.code for line in caught.value.evaluation.unmet] == ["quadrant"]


def test_a_past_date_is_judged_on_the_months_before_it(personas, ready):
    # Profit from March to October 2026; on 3 Jul 2026 the window is November to June:
    # four profitable months only.
    decent_life(ready, on=date(2026, 7, 1))
    make_assessment(ready, "IV", assessed_on=date(2026, 7, 2))
    with pytest.raises(services.NotReady) as caught:
        services.graduation_confirm(
            actor=personas["admin"], person=ready, on=date(2026, 7, 3), today=TODAY
        )
    assert [line.code for line in caught.value.evaluation.unmet] == ["business"]
    assert caught.value.evaluation.unmet[0].facts["profitable"] == 4


def test_there_is_no_override(client_for, person):
    in_practice(person)
    response = post(client_for("admin"), person, override="on", force="1")
    assert response.status_code == 200
    assert not Graduation.objects.exists()


def test_service_refuses_with_the_reasons(personas, person):
    ready_family(person, business=False)
    with translation.override("en"), pytest.raises(services.NotReady) as caught:
        services.graduation_confirm(actor=personas["admin"], person=person, on=ON, today=TODAY)
    assert caught.value.messages == [
        "Business with a profit in 6 of the last 8 months: No business is operating. "
        "Profitable months: 0 of 8."
    ]


@pytest.mark.parametrize(
    "on, error",
    [
        ("2026-11-21", "This date cannot be in the future."),
        ("2025-08-31", "Business practice started on 1 Sep 2025: independence comes after it."),
        ("", "This field is required."),
        ("31/02/2026", "Enter a valid date."),
    ],
)
def test_bad_dates(client_for, ready, on, error):
    response = post(in_english(client_for("coordinator")), ready, on=on)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Graduation.objects.exists()


def test_already_independent(client_for, personas, ready):
    services.graduation_confirm(actor=personas["admin"], person=ready, on=ON, today=TODAY)
    response = client_for("coordinator").get(url(ready))
    assert response.status_code == 302
    with pytest.raises(services.AlreadyIndependent):
        services.graduation_confirm(actor=personas["admin"], person=ready, on=ON, today=TODAY)
    assert Graduation.objects.count() == 1


def test_withdrawn_or_not_in_practice(personas, person):
    with pytest.raises(services.NotInPractice):
        services.graduation_confirm(actor=personas["admin"], person=person, on=ON, today=TODAY)
    ready_family(person)
    person.withdrawn_on = date(2026, 11, 1)
    person.save()
    with pytest.raises(ValidationError):
        services.graduation_confirm(actor=personas["admin"], person=person, on=ON, today=TODAY)
    assert not Graduation.objects.exists()


def test_no_invitation_when_no_field_test_is_due(personas, person):
    """With the quadrant rule off a quadrant III family may graduate: the field test (for
    quadrant IV) is not for it."""
    ready_family(person)
    make_assessment(person, "III", assessed_on=date(2026, 11, 2))
    complete(person, "MENTORING", "in_progress")
    contactable(person)
    GraduationRules.objects.create(quadrant_iv=False)
    services.graduation_confirm(actor=personas["coordinator"], person=person, on=ON, today=TODAY)
    person.refresh_from_db()
    assert person.status == "independent"
    assert not OutboxMessage.objects.exists()

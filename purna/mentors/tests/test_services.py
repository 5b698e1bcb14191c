"""The mentor services: assignments started, changed and ended with reasons and history,
the directory's writes, each validated and audited."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from purna.accounts.models import Role
from purna.areas.models import District
from purna.audit.models import AuditEvent
from purna.mentors.models import Assignment, Kind, Mentor, MentorPreference
from purna.mentors.services import (
    Conflict,
    OverCapacity,
    StaleProposal,
    assignment_change,
    assignment_end,
    assignment_start,
    mentor_deactivate,
    mentor_reactivate,
    mentor_save,
    peer_mentor_create,
    preference_set,
    proposal_accept,
)
from purna.people.models import Person
from tests.factories import assign, make_institution, make_mentor, make_user

from .helpers import PONOROGO, SLAHUNG, TODAY, family, peer_returnee, staff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def actor(personas):
    return personas["coordinator"]


def start(actor, person, mentor, on=date(2026, 2, 1), reason="first mentor", **kw):
    return assignment_start(
        actor=actor, person=person, mentor=mentor, on=on, reason=reason, today=TODAY, **kw
    )


# --- start -------------------------------------------------------------------------------


def test_start_opens_an_assignment_and_audits_it(db, actor):
    person, mentor = family(), staff()
    assignment = start(actor, person, mentor, proposed_cost=12)
    assert (assignment.kind, assignment.started_on, assignment.ended_on) == (
        "staff",
        date(2026, 2, 1),
        None,
    )
    assert assignment.reason == "first mentor" and assignment.proposed_cost == 12
    assert assignment.created_by == actor
    event = AuditEvent.objects.get(entity="assignment", entity_id=assignment.pk)
    assert event.person_id == person.pk and event.action == AuditEvent.Action.CREATE
    assert event.changes["mentor"] == [None, "Bu Rina"]


def test_a_second_open_assignment_of_the_same_kind_is_a_clear_error(db, actor):
    person = family()
    start(actor, person, staff("Bu Rina"))
    with pytest.raises(Conflict, match="already has a"):
        start(actor, person, staff("Pak Budi"))
    assert Assignment.objects.filter(person=person).count() == 1


def test_a_staff_and_a_peer_mentor_at_once_are_fine(db, actor):
    person = family()
    start(actor, person, staff())
    start(actor, person, make_mentor(person=peer_returnee()))
    assert set(Assignment.objects.filter(person=person).values_list("kind", flat=True)) == {
        "staff",
        "peer",
    }


def test_a_full_mentor_is_refused_naming_them(db, actor):
    mentor = staff(capacity=1)
    start(actor, family("Ani"), mentor)
    with pytest.raises(OverCapacity, match="Bu Rina"):
        start(actor, family("Budi", sex="L"), mentor)


def test_an_inactive_mentor_is_refused(db, actor):
    mentor = staff()
    Mentor.objects.filter(pk=mentor.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="not active"):
        start(actor, family(), mentor)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("field", ["withdrawn_on", "graduated_on"])
def test_withdrawn_or_independent_families_get_no_mentor(db, actor, field):
    person = family()
    Person.objects.filter(pk=person.pk).update(**{field: date(2026, 3, 1)})
    with pytest.raises(ValidationError):
        start(actor, person, staff())
    assert not Assignment.objects.exists()


def test_future_dates_are_refused(db, actor):
    with pytest.raises(ValidationError, match="future"):
        start(actor, family(), staff(), on=date(2026, 6, 2))


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(db, actor, reason):
    with pytest.raises(ValidationError, match="reason"):
        start(actor, family(), staff(), reason=reason)


def test_a_start_before_the_previous_assignment_ended_is_refused(db, actor):
    person = family()
    first = start(actor, person, staff("Bu Rina"), on=date(2026, 2, 1))
    assignment_end(actor=actor, assignment=first, on=date(2026, 3, 1), reason="moved", today=TODAY)
    with pytest.raises(ValidationError, match="1 Mar 2026"):
        start(actor, person, staff("Pak Budi"), on=date(2026, 2, 15))
    start(actor, person, staff("Pak Budi 2"), on=date(2026, 3, 1))


def test_a_start_before_business_practice_started_is_refused_naming_the_date(db, actor):
    ani = family("Ani", on=date(2026, 1, 15))
    with pytest.raises(ValidationError, match="15 Jan 2026") as refused:
        start(actor, ani, staff("Bu Rina"), on=date(2026, 1, 14))
    assert "on" in refused.value.message_dict and not Assignment.objects.exists()
    assert start(actor, ani, staff("Pak Budi"), on=date(2026, 1, 15)).pk


def test_a_family_not_yet_in_practice_may_be_assigned(db, actor):
    # The mentor's home lists such families as waiting for business practice to start.
    assert start(actor, family("Ani", practice=False), staff("Bu Rina"), on=date(2026, 1, 2)).pk


def test_a_peer_mentor_does_not_accompany_their_own_family(db, actor):
    returnee = peer_returnee()
    with pytest.raises(ValidationError, match="own family"):
        start(actor, returnee, make_mentor(person=returnee))


# --- change and end --------------------------------------------------------------------------


def test_change_keeps_the_history_with_the_reason(db, actor):
    person = family()
    old = start(actor, person, staff("Bu Rina"))
    new = assignment_change(
        actor=actor,
        assignment=old,
        new_mentor=staff("Pak Budi"),
        on=date(2026, 4, 1),
        reason="Bu Rina moved to Madiun",
        today=TODAY,
    )
    old.refresh_from_db()
    assert (old.ended_on, old.end_reason) == (date(2026, 4, 1), "Bu Rina moved to Madiun")
    assert (new.started_on, new.ended_on, new.reason) == (
        date(2026, 4, 1),
        None,
        "Bu Rina moved to Madiun",
    )
    history = list(person.mentor_assignments.order_by("started_on", "pk"))
    assert [a.mentor.name for a in history] == ["Bu Rina", "Pak Budi"]
    assert AuditEvent.objects.filter(entity="assignment", person_id=person.pk).count() == 3


def test_change_to_a_full_mentor_changes_nothing(db, actor):
    person = family()
    old = start(actor, person, staff("Bu Rina"))
    full = staff("Pak Budi", capacity=1)
    start(actor, family("Other"), full)
    with pytest.raises(OverCapacity):
        assignment_change(
            actor=actor, assignment=old, new_mentor=full, on=date(2026, 4, 1), reason="x",
            today=TODAY,
        )  # fmt: skip
    old.refresh_from_db()
    assert old.ended_on is None and person.mentor_assignments.count() == 1


def test_change_needs_a_mentor_of_the_same_kind(db, actor):
    old = start(actor, family(), staff())
    with pytest.raises(ValidationError, match="is not a"):
        assignment_change(
            actor=actor, assignment=old, new_mentor=make_mentor(person=peer_returnee()),
            on=date(2026, 4, 1), reason="x", today=TODAY,
        )  # fmt: skip


def test_change_to_the_same_mentor_or_without_reason_is_refused(db, actor):
    mentor = staff()
    old = start(actor, family(), mentor)
    with pytest.raises(ValidationError, match="already the mentor"):
        assignment_change(
            actor=actor, assignment=old, new_mentor=mentor, on=date(2026, 4, 1), reason="x",
            today=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="reason"):
        assignment_change(
            actor=actor, assignment=old, new_mentor=staff("Pak Budi"), on=date(2026, 4, 1),
            reason=" ", today=TODAY,
        )  # fmt: skip
    old.refresh_from_db()
    assert old.ended_on is None


def test_change_before_the_start_is_refused(db, actor):
    old = start(actor, family(), staff(), on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="1 Mar 2026"):
        assignment_change(
            actor=actor, assignment=old, new_mentor=staff("Pak Budi"), on=date(2026, 2, 1),
            reason="x", today=TODAY,
        )  # fmt: skip


def test_end_keeps_the_reason_and_cannot_end_twice(db, actor):
    assignment = start(actor, family(), staff())
    assignment_end(
        actor=actor, assignment=assignment, on=date(2026, 5, 1), reason="graduated", today=TODAY
    )
    assignment.refresh_from_db()
    assert (assignment.ended_on, assignment.end_reason) == (date(2026, 5, 1), "graduated")
    with pytest.raises(Conflict, match="already ended"):
        assignment_end(
            actor=actor, assignment=assignment, on=date(2026, 5, 2), reason="x", today=TODAY
        )


def test_end_before_the_start_or_in_the_future_is_refused(db, actor):
    assignment = start(actor, family(), staff(), on=date(2026, 3, 1))
    for on in (date(2026, 2, 1), date(2026, 7, 1)):
        with pytest.raises(ValidationError):
            assignment_end(actor=actor, assignment=assignment, on=on, reason="x", today=TODAY)
    assignment.refresh_from_db()
    assert assignment.ended_on is None


# --- proposals -------------------------------------------------------------------------------


def test_accept_is_all_or_nothing(db, actor):
    ani, budi = family("Ani"), family("Budi", sex="L")
    rina = staff("Bu Rina", capacity=1)
    with pytest.raises(OverCapacity, match="Bu Rina"):
        proposal_accept(
            actor=actor, kind="staff", pairs=[(ani, rina, 10), (budi, rina, 10)],
            on=date(2026, 2, 1), reason="proposal accepted", today=TODAY,
        )  # fmt: skip
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("on", [date(1990, 1, 1), date(2026, 1, 14)])
def test_accept_before_business_practice_started_writes_nothing(db, actor, on):
    ani, budi = family("Ani"), family("Budi", sex="L")
    rina = staff("Bu Rina")
    with pytest.raises(ValidationError, match="15 Jan 2026") as refused:
        proposal_accept(
            actor=actor, kind="staff", pairs=[(ani, rina, 10), (budi, rina, 10)],
            on=on, reason="proposal accepted", today=TODAY,
        )  # fmt: skip
    assert "on" in refused.value.message_dict and not Assignment.objects.exists()


def test_an_end_reason_written_as_a_code_is_shown_in_words(db, actor):
    assignment = assign(family("Ani"), staff())
    assignment.end_reason = "graduated"  # what the graduation app writes
    assert assignment.end_reason_display == "the family became independent"
    assignment.end_reason = "moved away"  # a coordinator's own words stay as typed
    assert assignment.end_reason_display == "moved away"


def test_accept_refuses_a_family_that_got_a_mentor_meanwhile(db, actor):
    ani, budi = family("Ani"), family("Budi", sex="L")
    rina, joko = staff("Bu Rina"), staff("Pak Joko")
    assign(budi, joko)
    with pytest.raises(StaleProposal, match="Budi"):
        proposal_accept(
            actor=actor, kind="staff", pairs=[(ani, rina, 10), (budi, rina, 10)],
            on=date(2026, 2, 1), reason="proposal accepted", today=TODAY,
        )  # fmt: skip
    assert not Assignment.objects.filter(mentor=rina).exists()


def test_accept_refuses_when_a_mentor_changed_since_the_proposal(db, actor):
    ani = family("Ani")
    rina = staff("Bu Rina", capacity=5)
    with pytest.raises(StaleProposal, match="Bu Rina"):
        proposal_accept(
            actor=actor, kind="staff", pairs=[(ani, rina, None)], on=date(2026, 2, 1),
            reason="ok", expected={rina.pk: (4, 0)}, today=TODAY,
        )  # fmt: skip
    created = proposal_accept(
        actor=actor, kind="staff", pairs=[(ani, rina, 7)], on=date(2026, 2, 1),
        reason="ok", expected={rina.pk: (5, 0)}, today=TODAY,
    )  # fmt: skip
    assert [(a.person, a.mentor, a.proposed_cost) for a in created] == [(ani, rina, 7)]


def test_accept_refuses_a_family_twice_and_the_wrong_kind(db, actor):
    ani = family("Ani")
    with pytest.raises(ValidationError, match="more than once"):
        proposal_accept(
            actor=actor, kind="staff", pairs=[(ani, staff("A"), None), (ani, staff("B"), None)],
            on=date(2026, 2, 1), reason="ok", today=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="is not a"):
        proposal_accept(
            actor=actor, kind="peer", pairs=[(ani, staff("C"), None)], on=date(2026, 2, 1),
            reason="ok", today=TODAY,
        )  # fmt: skip
    assert not Assignment.objects.exists()


# --- the directory ---------------------------------------------------------------------------


def districts(*codes):
    return list(District.objects.filter(code__in=codes))


def save_staff(actor, mentor=None, **fields):
    values = {
        "name": "Bu Rina",
        "institution": make_institution(),
        "sex": "P",
        "capacity": 8,
        "sectors": ["food"],
        "user": None,
    }
    values.update(fields)
    dists = values.pop("districts", districts(PONOROGO))
    if mentor is None:
        values["kind"] = Kind.STAFF
    return mentor_save(actor=actor, mentor=mentor or Mentor(), districts=dists, **values)


def test_mentor_save_creates_and_audits(db, actor):
    mentor = save_staff(actor, districts=districts(PONOROGO, SLAHUNG))
    assert mentor.kind == "staff" and mentor.capacity == 8
    assert set(mentor.districts.values_list("code", flat=True)) == {PONOROGO, SLAHUNG}
    event = AuditEvent.objects.get(entity="mentor", entity_id=mentor.pk)
    assert event.action == AuditEvent.Action.CREATE
    assert event.changes["districts"] == [None, f"{SLAHUNG}, {PONOROGO}"]
    save_staff(
        actor, Mentor.objects.get(pk=mentor.pk), capacity=9, districts=districts(PONOROGO, SLAHUNG)
    )
    update = AuditEvent.objects.filter(entity="mentor", action=AuditEvent.Action.UPDATE).get()
    assert update.changes == {"capacity": [8, 9]}


def test_capacity_cannot_go_below_the_families_accompanied(db, actor):
    mentor = staff(capacity=5)
    assign(family("Ani"), mentor)
    assign(family("Budi", sex="L"), mentor)
    with pytest.raises(ValidationError, match="accompanies 2 families"):
        save_staff(actor, Mentor.objects.get(pk=mentor.pk), capacity=1)
    assert Mentor.objects.get(pk=mentor.pk).capacity == 5


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"institution": None}, "institution"),
        ({"districts": []}, "district"),
        ({"sectors": ["mining"]}, "sector"),
        ({"capacity": 0}, "Between"),
        ({"sex": "X"}, "sex|valid choice"),
    ],
)
def test_mentor_save_validates(db, actor, fields, message):
    with pytest.raises(ValidationError, match=message):
        save_staff(actor, **fields)
    assert not Mentor.objects.exists()


def test_a_login_must_have_the_mentor_role_and_be_free(db, actor, personas):
    with pytest.raises(ValidationError, match="role"):
        save_staff(actor, user=personas["field_officer"])
    save_staff(actor, user=personas["mentor"])
    with pytest.raises(ValidationError, match="already belongs to Bu Rina"):
        save_staff(actor, name="Pak Budi", user=personas["mentor"])


def test_deactivate_refused_while_families_are_open(db, actor):
    mentor = staff()
    assignment = assign(family(), mentor)
    with pytest.raises(ValidationError, match="still accompanies 1 families"):
        mentor_deactivate(actor=actor, mentor=mentor)
    assignment_end(
        actor=actor, assignment=assignment, on=date(2026, 3, 1), reason="done", today=TODAY
    )
    mentor_deactivate(actor=actor, mentor=mentor)
    mentor.refresh_from_db()
    assert not mentor.is_active and mentor.assignments.count() == 1
    mentor_reactivate(actor=actor, mentor=mentor)
    mentor.refresh_from_db()
    assert mentor.is_active
    assert AuditEvent.objects.filter(entity="mentor", entity_id=mentor.pk).count() == 2


def test_peer_mentor_from_a_confirmed_returnee(db, actor):
    returnee = peer_returnee()
    mentor = peer_mentor_create(actor=actor, person=returnee, sectors=["food"])
    assert (mentor.kind, mentor.name, mentor.sex, mentor.capacity) == ("peer", "Bu Lastri", "P", 3)
    assert mentor.village_id == returnee.village_id
    assert list(mentor.districts.values_list("code", flat=True)) == [PONOROGO]
    with pytest.raises(ValidationError, match="already in the mentor directory"):
        peer_mentor_create(actor=actor, person=returnee)


def test_peer_mentor_needs_a_confirmed_field_test(db, actor):
    with pytest.raises(ValidationError, match="not a confirmed peer mentor"):
        peer_mentor_create(actor=actor, person=family())
    assert not Mentor.objects.exists()


def test_peer_mentor_with_a_new_login(db, actor):
    mentor = peer_mentor_create(
        actor=actor, person=peer_returnee(), new_username="lastri", new_password="Kopi-Susu-2026"
    )
    assert mentor.user.username == "lastri" and mentor.user.role == Role.PEER_MENTOR
    assert mentor.user.check_password("Kopi-Susu-2026")
    assert "Kopi" not in str(AuditEvent.objects.get(entity="user").changes)


def test_a_weak_password_or_taken_username_creates_nothing(db, actor, personas):
    returnee = peer_returnee()
    with pytest.raises(ValidationError):
        peer_mentor_create(actor=actor, person=returnee, new_username="lastri", new_password="1")
    with pytest.raises(ValidationError, match="taken"):
        peer_mentor_create(
            actor=actor, person=returnee, new_username="Mentor", new_password="Kopi-Susu-2026"
        )
    assert not Mentor.objects.exists()
    assert not type(personas["mentor"]).objects.filter(username="lastri").exists()


def test_a_peer_login_links_only_peer_mentor_users(db, actor):
    user = make_user("lastri", Role.PEER_MENTOR)
    mentor = peer_mentor_create(actor=actor, person=peer_returnee(), user=user)
    assert mentor.user == user
    with pytest.raises(ValidationError, match="role"):
        peer_mentor_create(
            actor=actor, person=peer_returnee("Bu Sri"), user=make_user("m2", Role.MENTOR)
        )


def test_preference_is_kept_and_audited(db, actor):
    person = family()
    preference_set(actor=actor, person=person, same_sex=True, note="prefers a woman")
    preference_set(actor=actor, person=person, same_sex=True, note="prefers a woman")
    pref = MentorPreference.objects.get(person=person)
    assert pref.same_sex and pref.note == "prefers a woman"
    assert AuditEvent.objects.filter(entity="mentorpreference").count() == 1

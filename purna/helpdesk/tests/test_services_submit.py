"""Opening tickets: the public form (ticket_submit) and staff entry (ticket_create):
validation, deadlines over the holiday table, routing, the silent NIK, rate limits, the
tracking-code message, and what the audit trail and the outbox may hold."""

import json
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from purna.accounts.models import Role
from purna.audit.models import AuditEvent
from purna.core.tickets import code_is_wellformed
from purna.helpdesk.models import Holiday, Route, State, Ticket
from purna.helpdesk.services import (
    MAX_DESCRIPTION,
    MAX_PER_PHONE_PER_DAY,
    MAX_PER_SOURCE_PER_HOUR,
    RateLimited,
    holidays_for,
    source_hash,
    ticket_create,
    ticket_submit,
)
from purna.mentors.models import Assignment
from purna.notifications.models import OutboxMessage
from tests.factories import (
    PACITAN,
    assign,
    make_institution,
    make_mentor,
    make_person,
    make_user,
    village,
)

pytestmark = pytest.mark.django_db

# Friday 14 August 2026; Monday 17 August is Independence Day (seeded by the migration),
# Tuesday 25 August the Prophet's birthday.
FRIDAY = date(2026, 8, 14)
DESCRIPTION = "Modal usaha saya ditahan oleh koperasi sejak bulan Mei"
NAME = "Sri Wahyuni"
PHONE = "0812-3456-7890"
PHONE_NORMALISED = "+6281234567890"
EMAIL = "sri.wahyuni@example.org"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def submit(**overrides) -> Ticket:
    fields = {
        "kind": "complaint",
        "description": DESCRIPTION,
        "name": NAME,
        "phone": PHONE,
        "source": "203.0.113.7",
        "today": FRIDAY,
        "now": at(FRIDAY),
    }
    fields.update(overrides)
    return ticket_submit(**fields)


def stored_texts() -> list[str]:
    """Everything the audit trail and the outbox hold, as text (outbox addresses apart)."""
    audit = [json.dumps(e.changes) + e.summary for e in AuditEvent.objects.all()]
    outbox = [m.body + m.subject + m.related_label for m in OutboxMessage.objects.all()]
    return audit + outbox


# What is stored


def test_a_complaint_from_the_public_form():
    ticket = submit(village=village())
    assert code_is_wellformed(ticket.code)
    assert ticket.state == State.NEW
    assert ticket.channel == "web"
    assert ticket.submitter_phone == PHONE_NORMALISED
    assert ticket.created_at == at(FRIDAY)
    assert not ticket.sensitive
    assert ticket.person is None  # linked by staff later, never by the form
    assert ticket.created_by is None


def test_the_address_is_stored_only_as_a_keyed_hash():
    ticket = submit()
    assert ticket.source_hash == source_hash("203.0.113.7")
    assert len(ticket.source_hash) == 64 and "203.0.113.7" not in ticket.source_hash
    assert source_hash("203.0.113.8") != ticket.source_hash
    assert source_hash("") == ""


def test_abuse_is_sensitive_by_default_and_staff_may_decide_otherwise(personas):
    assert submit(kind="abuse").sensitive
    assert not submit(kind="help", phone="0813 1111 2222").sensitive
    coordinator = personas["coordinator"]
    common = {"actor": coordinator, "channel": "phone", "description": DESCRIPTION, "name": NAME}
    assert ticket_create(kind="complaint", sensitive=True, **common).sensitive
    assert not ticket_create(kind="abuse", sensitive=False, **common).sensitive
    assert ticket_create(kind="abuse", **common).sensitive


def test_the_topic_belongs_to_requests_for_help_only():
    assert submit(kind="help", topic="legal").topic == "legal"
    assert submit(kind="complaint", topic="legal", phone="0813 1111 2222").topic == ""


# Deadlines


def test_a_complaint_on_the_friday_before_a_monday_holiday():
    ticket = submit()
    # Sat, Sun and Independence Day do not count: Tue 18 (1), Wed 19 (2).
    assert ticket.acknowledge_by == date(2026, 8, 19)
    # 14 working days, skipping 17 August and the Prophet's birthday on 25 August.
    assert ticket.resolve_by == date(2026, 9, 7)


def test_curhat_is_acknowledged_within_one_working_day():
    ticket = submit(kind="consultation")
    assert ticket.acknowledge_by == date(2026, 8, 18)


def test_a_holiday_administrators_add_moves_the_deadline():
    Holiday.objects.create(date=date(2026, 8, 18), name="Cuti bersama (contoh)")
    assert submit(kind="consultation").acknowledge_by == date(2026, 8, 19)


def test_a_request_on_a_saturday_counts_from_monday():
    saturday = date(2026, 8, 8)
    ticket = submit(kind="help", today=saturday, now=at(saturday))
    assert ticket.acknowledge_by == date(2026, 8, 11)


def test_the_seeded_holidays():
    days_2026 = Holiday.objects.filter(date__year=2026)
    assert days_2026.filter(collective_leave=False).count() == 17
    assert days_2026.filter(collective_leave=True).count() == 8
    assert {date(2026, 3, 21), date(2026, 3, 23), date(2026, 12, 24)} <= holidays_for(
        date(2026, 1, 1), date(2026, 12, 31)
    )
    # 2027 has no decree yet: every date from the moon is marked as an estimate.
    assert Holiday.objects.filter(date=date(2027, 3, 10), name__contains="perkiraan").exists()
    assert holidays_for(date(2027, 8, 17), date(2027, 8, 17)) == {date(2027, 8, 17)}


# Validation


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * (MAX_DESCRIPTION + 1)}, "description"),
        ({"name": ""}, "name"),
        ({"name": "n" * 151}, "name"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "123"}, "phone"),
        ({"phone": "", "email": "not-an-email"}, "email"),
        ({"nik": "12345"}, "nik"),
        ({"nik": "3502170000000000"}, "nik"),  # birth day 00
        ({"kind": "gossip"}, "kind"),
        ({"kind": "help", "topic": "lottery"}, "topic"),
        ({"village": "35.02.17.2001"}, "village"),
        ({"description": ["a", "list"]}, "description"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(overrides, field):
    with pytest.raises(ValidationError) as error:
        submit(**overrides)
    assert field in error.value.message_dict
    assert not Ticket.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_email_alone_is_enough():
    ticket = submit(phone="", email=EMAIL)
    message = OutboxMessage.objects.get(dedupe_key=f"ticket-code:{ticket.pk}")
    assert message.channel == "email" and message.address == EMAIL
    assert ticket.code in message.body and ticket.code in message.subject


# The tracking code message and privacy


def test_the_tracking_code_is_sent_by_sms_without_the_description():
    ticket = submit(nik="3502174509850001", email=EMAIL)
    message = OutboxMessage.objects.get()
    assert message.dedupe_key == f"ticket-code:{ticket.pk}"
    assert message.channel == "sms" and message.address == PHONE_NORMALISED
    assert ticket.code in message.body
    assert message.recipient is None
    for secret in (DESCRIPTION, NAME, "7890", EMAIL, "3502174509850001"):
        assert not any(secret in text for text in stored_texts())
    # The kind is in the audit trail, not in a text someone else may read on the phone.
    assert "complaint" not in message.body.lower() and "pengaduan" not in message.body.lower()


def test_creation_is_audited_with_states_and_dates_only():
    ticket = submit(kind="abuse", village=village())
    event = AuditEvent.objects.get(entity="ticket", entity_id=ticket.pk)
    assert event.action == "create"
    assert event.summary == ticket.code
    assert event.person_id is None
    assert event.changes["state"] == [None, "new"]
    assert event.changes["acknowledge_by"] == [None, "2026-08-19"]
    assert set(event.changes) <= {
        "kind",
        "channel",
        "sensitive",
        "state",
        "institution",
        "assignee",
        "acknowledge_by",
        "resolve_by",
    }


# Rate limits


def test_thirty_an_hour_per_address():
    for i in range(MAX_PER_SOURCE_PER_HOUR):
        submit(phone=f"0812 0000 {i:04d}", now=at(FRIDAY, 10, i))
    with pytest.raises(RateLimited) as error:
        submit(phone="0812 0000 9999", now=at(FRIDAY, 10, 30))
    assert error.value.code == "rate_limited"
    assert Ticket.objects.count() == MAX_PER_SOURCE_PER_HOUR
    # Another address is not held back, and an hour after the first one this one is free.
    submit(phone="0812 0000 9999", source="198.51.100.1", now=at(FRIDAY, 10, 30))
    submit(phone="0812 0000 8888", now=at(FRIDAY, 11, 1))


def test_three_a_day_per_phone_however_it_is_written():
    written = ["0812-3456-7890", "+62 812 3456 7890", "6281234567890"]
    for i, phone in enumerate(written):
        submit(phone=phone, source=f"198.51.100.{i}", now=at(FRIDAY, 8 + i))
    with pytest.raises(RateLimited):
        submit(phone="0812 3456 7890", source="198.51.100.77", now=at(FRIDAY, 15))
    submit(phone="0812 3456 7890", source="198.51.100.77", now=at(FRIDAY + timedelta(1), 9))
    assert Ticket.objects.count() == MAX_PER_PHONE_PER_DAY + 1


def test_the_same_limit_per_email_without_a_phone():
    for i in range(MAX_PER_PHONE_PER_DAY):
        submit(phone="", email=EMAIL, source=f"198.51.100.{i}")
    with pytest.raises(RateLimited):
        submit(phone="", email=EMAIL.upper(), source="198.51.100.50")


def test_the_limits_say_nothing_about_other_tickets(settings):
    for i in range(MAX_PER_SOURCE_PER_HOUR):
        submit(phone=f"0812 0000 {i:04d}")
    with pytest.raises(RateLimited) as by_address:
        submit(phone="0812 0000 9999")
    for i in range(MAX_PER_PHONE_PER_DAY):
        submit(phone="0857 1111 2222", source=f"198.51.100.{i}")
    with pytest.raises(RateLimited) as by_phone:
        submit(phone="0857 1111 2222", source="198.51.100.99")
    # One message for both limits: no count, no phone, no hint of what was sent before.
    assert by_address.value.messages == by_phone.value.messages
    text = " ".join(by_phone.value.messages)
    assert "2222" not in text and "3" not in text and "5" not in text


def test_staff_entries_do_not_count_against_the_public_limits(personas):
    for _i in range(MAX_PER_PHONE_PER_DAY):
        ticket_create(
            actor=personas["coordinator"],
            channel="phone",
            kind="help",
            description=DESCRIPTION,
            name=NAME,
            phone=PHONE,
        )
    submit()


# Routing


@pytest.fixture
def routes():
    national = make_institution("Kementerian P2MI", "government")
    ponorogo = make_institution("Dinas Tenaga Kerja Ponorogo", "government")
    kota = make_institution("Universitas Muhammadiyah Ponorogo")
    Route.objects.create(kind="complaint", area="", institution=national)
    Route.objects.create(kind="complaint", area="35.02", institution=ponorogo)
    Route.objects.create(kind="complaint", area="35.02.17", institution=kota)
    Route.objects.create(kind="help", area="35.02", institution=ponorogo, to_mentor=True)
    return {"national": national, "ponorogo": ponorogo, "kota": kota}


@pytest.mark.parametrize(
    "village_prefix, queue",
    [
        ("35.02.17", "kota"),  # the district's route
        ("35.02.01", "ponorogo"),  # another district of the regency
        (PACITAN, "national"),
        (None, "national"),
    ],
)
def test_district_over_regency_over_everywhere(routes, village_prefix, queue):
    ticket = submit(village=village(village_prefix) if village_prefix else None)
    assert ticket.institution == routes[queue]
    assert ticket.assignee is None


def test_no_route_leaves_the_ticket_in_no_queue(routes):
    assert submit(kind="abuse").institution is None


@pytest.fixture
def family_with_mentor(db):
    person = make_person(nik="3502174509850001")
    mentor_user = make_user("bu_rina", Role.MENTOR, regencies=["35.02"])
    assign(person, make_mentor(user=mentor_user))
    return person, mentor_user


def test_to_the_family_mentor_when_the_nik_has_an_open_staff_assignment(routes, family_with_mentor):
    person, mentor_user = family_with_mentor
    ticket = submit(kind="help", nik=person.nik, village=village())
    assert ticket.assignee == mentor_user
    assert ticket.institution == routes["ponorogo"]
    assert ticket.person is None  # matched silently, not linked


def test_not_to_the_mentor_when_the_route_says_no(routes, family_with_mentor):
    person, _mentor_user = family_with_mentor
    assert submit(kind="complaint", nik=person.nik, village=village()).assignee is None


def test_not_to_a_mentor_whose_assignment_ended_or_who_is_a_peer(routes, family_with_mentor):
    person, _mentor_user = family_with_mentor
    Assignment.objects.update(ended_on=date(2026, 6, 1))
    assign(person, make_mentor(person=make_person(full_name="Bu Peer", nik="3502174112800002")))
    assert submit(kind="help", nik=person.nik, village=village()).assignee is None


def test_not_to_the_mentor_of_a_withdrawn_family(routes, family_with_mentor):
    person, _mentor_user = family_with_mentor
    person.withdrawn_on = date(2026, 7, 1)
    person.save()
    assert submit(kind="help", nik=person.nik, village=village()).assignee is None


def test_staff_entry_for_a_linked_returnee_routes_by_their_village_and_mentor(
    routes, family_with_mentor, personas
):
    person, mentor_user = family_with_mentor
    ticket = ticket_create(
        actor=personas["field_officer"],
        channel="walk_in",
        kind="help",
        description=DESCRIPTION,
        name=person.full_name,
        person=person,
        today=FRIDAY,
    )
    assert ticket.village == person.village
    assert ticket.assignee == mentor_user
    assert ticket.person == person
    assert ticket.created_by == personas["field_officer"]
    assert ticket.acknowledge_by == date(2026, 8, 19)
    # Without a phone or email, no tracking-code message can be sent.
    assert not OutboxMessage.objects.exists()
    event = AuditEvent.objects.get(entity="ticket")
    assert event.person_id == person.pk and event.actor == personas["field_officer"]


def test_staff_entry_checks_the_channel(personas):
    with pytest.raises(ValidationError) as error:
        ticket_create(
            actor=personas["coordinator"],
            channel="web",
            kind="help",
            description=DESCRIPTION,
            name=NAME,
        )
    assert "channel" in error.value.message_dict


# The NIK is matched silently


def _shape(ticket: Ticket) -> dict:
    return {
        "state": ticket.state,
        "kind": ticket.kind,
        "person": ticket.person_id,
        "acknowledge_by": ticket.acknowledge_by,
        "resolve_by": ticket.resolve_by,
        "sensitive": ticket.sensitive,
        "institution": ticket.institution_id,
        "submitter_nik": bool(ticket.submitter_nik),
        "code_length": len(ticket.code),
    }


def test_the_same_answer_whether_or_not_the_nik_is_registered(routes):
    registered = make_person(nik="3502174509850001")
    known = submit(kind="complaint", nik=registered.nik, village=village())
    unknown = submit(
        kind="complaint", nik="3502174509850999", village=village(), phone="0813 5555 6666"
    )
    assert type(known) is type(unknown)
    assert _shape(known) == _shape(unknown)
    texts = {
        m.dedupe_key: m.body.replace(t.code, "CODE")
        for t in (known, unknown)
        for m in OutboxMessage.objects.filter(dedupe_key=f"ticket-code:{t.pk}")
    }
    assert len(set(texts.values())) == 1

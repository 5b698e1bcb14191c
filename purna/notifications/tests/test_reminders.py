"""Session reminders: prepared in Indonesian, queued once, only for who may be contacted."""

import logging
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from purna.audit.models import AuditEvent
from purna.notifications.models import OutboxMessage
from purna.notifications.services import reminders_queue_for_session
from purna.notifications.texts import session_reminder
from purna.people.models import Consent
from purna.people.services import person_delete
from purna.programme.cohorts import cohort_create, cohort_enrol, enrolment_cancel
from purna.programme.models import Module
from purna.programme.services import person_withdraw, plan_step_set
from tests.factories import make_assessment, make_institution, make_person, village

JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 18, 0, tzinfo=JAKARTA)
PHONE = "0812-3456-7890"


def returnee(name, *, phone=PHONE, contact=True):
    person = make_person(full_name=name, village_code_prefix="35.02.17", phone=phone)
    if contact:
        Consent.objects.create(
            person=person, given_on=date(2026, 2, 1), scopes=["registration", "contact"]
        )
    make_assessment(person, "III")
    plan_step_set(
        actor=None,
        person=person,
        module=Module.objects.get(code="MINDSET_BUSINESS"),
        state="completed",
    )
    return person


@pytest.fixture
def training(db):
    module = Module.objects.get(code="TRAINING_BUSINESS")
    module.name_id = "Pelatihan kewirausahaan"
    module.save()
    return cohort_create(
        actor=None,
        module=module,
        institution=make_institution(),
        name="Angkatan 1",
        venue=village("35.02.17"),  # Paju, a kelurahan
        capacity=2,
        session_dates=[date(2026, 12, 1), date(2026, 12, 3)],
    )


def second_session(cohort):
    return cohort.sessions.get(number=2)


def queue(session, now=NOW):
    return reminders_queue_for_session(session, today=now.date(), now=now)


def test_a_reminder_in_indonesian_for_each_enrolled_returnee(training):
    siti = returnee("Siti")
    cohort_enrol(actor=None, cohort=training, people=[siti])
    result = queue(second_session(training))
    (message,) = result.queued
    # The text in the returnee's language (Indonesian), whatever the coordinator's.
    assert message.body == session_reminder(
        language="id",
        number=2,
        module_name="Pelatihan kewirausahaan",
        on=date(2026, 12, 3),
        place="Kelurahan Paju",
    )
    assert "Kamis 3 Desember 2026" in message.body
    assert (message.channel, message.language, message.state) == ("sms", "id", "queued")
    assert message.recipient == siti and message.address == "+6281234567890"
    assert message.related_label == "Angkatan 1 #2"
    assert message.send_after == datetime(2026, 12, 2, 8, 0, tzinfo=JAKARTA)  # the morning before


def test_queueing_again_adds_nothing(training):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Siti"), returnee("Budi")])
    session = second_session(training)
    assert len(queue(session).queued) == 2
    assert queue(session).queued == []
    assert queue(session, now=NOW + timedelta(hours=3)).queued == []
    assert OutboxMessage.objects.count() == 2
    # One audit event for the run that queued, none for the runs that did nothing; counts only.
    (event,) = AuditEvent.objects.filter(entity="cohortsession")
    assert event.changes == {"reminders_queued": [None, 2], "reminders_cancelled": [None, 0]}
    assert PHONE not in str(event.changes) and "Paju" not in str(event.changes)


def test_the_unique_key_stops_a_second_copy(training):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Siti")])
    (message,) = queue(second_session(training)).queued
    duplicate = OutboxMessage(channel="sms", address="x", body="x", dedupe_key=message.dedupe_key)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_who_gets_no_reminder(training):
    no_phone = returnee("Tanpa telepon", phone="")
    no_consent = returnee("Tanpa izin", contact=False)
    cohort_enrol(actor=None, cohort=training, people=[no_phone, no_consent])
    waiting = returnee("Antre")
    cohort_enrol(actor=None, cohort=training, people=[waiting])  # capacity 2: waiting list
    result = queue(second_session(training))
    assert result.queued == []
    assert (result.without_phone, result.without_consent) == (1, 1)


def test_a_number_that_cannot_be_dialled_counts_as_without_phone(training):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Nomor pendek", phone="12")])
    result = queue(second_session(training))
    assert result.queued == [] and result.without_phone == 1


def test_consent_withdrawn_later_counts(training):
    siti = returnee("Siti")
    Consent.objects.create(person=siti, given_on=date(2026, 6, 1), scopes=["registration"])
    cohort_enrol(actor=None, cohort=training, people=[siti])
    assert queue(second_session(training)).without_consent == 1


def test_withdrawn_returnees_and_past_sessions_get_nothing(training):
    siti = returnee("Siti")
    cohort_enrol(actor=None, cohort=training, people=[siti])
    assert queue(training.sessions.get(number=1), now=NOW + timedelta(days=2)).queued == []
    person_withdraw(actor=None, person=siti, reason="moved", on=TODAY)
    assert queue(second_session(training)).queued == []


def test_leaving_the_cohort_cancels_the_reminder_and_coming_back_restores_it(training):
    siti = returnee("Siti")
    (enrolment,) = cohort_enrol(actor=None, cohort=training, people=[siti])
    session = second_session(training)
    (message,) = queue(session).queued
    enrolment_cancel(actor=None, enrolment=enrolment)
    assert queue(session).cancelled == 1
    message.refresh_from_db()
    assert message.state == "cancelled"
    cohort_enrol(actor=None, cohort=training, people=[siti])
    assert [m.pk for m in queue(session).queued] == [message.pk]  # the same message, not a copy
    message.refresh_from_db()
    assert message.state == "queued"
    assert OutboxMessage.objects.count() == 1


def test_a_moved_session_gets_a_new_reminder_and_the_old_date_is_cancelled(training):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Siti")])
    session = second_session(training)
    (old,) = queue(session).queued
    session.held_on = date(2026, 12, 4)
    session.save()
    result = queue(session)
    (new,) = result.queued
    assert result.cancelled == 1 and "Jumat 4 Desember 2026" in new.body
    old.refresh_from_db()
    assert old.state == "cancelled"


def test_sent_messages_are_left_alone(training):
    (enrolment,) = cohort_enrol(actor=None, cohort=training, people=[returnee("Siti")])
    session = second_session(training)
    (message,) = queue(session).queued
    OutboxMessage.objects.filter(pk=message.pk).update(state="sent")
    enrolment_cancel(actor=None, enrolment=enrolment)
    assert queue(session).cancelled == 0
    message.refresh_from_db()
    assert message.state == "sent"


def test_deleting_a_returnee_deletes_their_messages(training):
    siti = returnee("Siti")
    cohort_enrol(actor=None, cohort=training, people=[siti])
    queue(second_session(training))
    person_delete(actor=None, person=siti)
    assert not OutboxMessage.objects.exists()


def test_message_str_holds_no_personal_data(training):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Siti")])
    (message,) = queue(second_session(training)).queued
    assert "+62" not in str(message) and "Siti" not in str(message)
    assert "Paju" not in str(message)
    assert message.masked_address == "••••7890"


# The command


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def run(*args):
    out = StringIO()
    call_command("queue_reminders", *args, stdout=out)
    return out.getvalue()


def test_command_queues_the_next_days_sessions_once(training, frozen, caplog):
    cohort_enrol(actor=None, cohort=training, people=[returnee("Siti"), returnee("Budi")])
    caplog.set_level(logging.DEBUG)
    output = run()  # tomorrow: session 1 on 1 December
    assert "sessions: 1, reminders queued: 2" in output
    (body,) = set(OutboxMessage.objects.values_list("body", flat=True))
    assert "Selasa 1 Desember 2026" in body
    assert "sessions: 1, reminders queued: 0" in run()
    assert "sessions: 2, reminders queued: 2" in run("--days", "3")
    assert OutboxMessage.objects.count() == 4
    # Counts only: no number, no name, no message text on the terminal or in the logs.
    for text in (output, caplog.text):
        assert "7890" not in text and body not in text and "Siti" not in text


def test_command_refuses_a_non_positive_window(db):
    with pytest.raises(CommandError):
        run("--days", "0")

"""person_lock: a double tap on Save saves once, also when both taps arrive together.

Two real transactions on PostgreSQL (SQLite has no row locks): the first tap saves and
holds the family; the second, in another thread, must wait for the first to commit and
then find what it saved. Without the lock the second would not see the uncommitted first
and would save a copy."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from purna.graduation.models import DecentLifeCheck
from purna.graduation.services import decent_life_check_record
from purna.mentoring.models import Visit
from purna.mentoring.services import visit_record
from tests.factories import make_person, start_practice

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test before this one flushed the data the migrations load."""
    from django.apps import apps

    from purna.areas.loading import load_areas
    from purna.areas.models import Village
    from purna.assessment.seeding import instrument_seed_default
    from purna.programme.seeding import modules_seed

    if not Village.objects.exists():
        load_areas(apps)
    instrument_seed_default(apps)
    modules_seed(apps)


def _visit(actor, person, today):
    visit_record(actor=actor, person=person, kind="home", visited_on=today, topics="Stock")


def _decent_life(actor, person, today):
    decent_life_check_record(
        actor=actor,
        person=person,
        checked_on=today,
        house_fit=True,
        income_covers_needs=True,
        can_pay_treatment=True,
        children_in_school=None,
        savings_for_investment=False,
        routine_charity=True,
    )


def _waits_for_a_lock(pid: int, thread: threading.Thread) -> bool:
    """Whether the backend `pid` is waiting for a lock (polled until it is, or is done)."""
    with connection.cursor() as cursor:
        for _attempt in range(1000):
            cursor.execute("SELECT 1 FROM pg_locks WHERE pid = %s AND NOT granted", [pid])
            if cursor.fetchone():
                return True
            if not thread.is_alive():
                return False
            time.sleep(0.01)
    return False


@pytest.mark.parametrize(
    "record, model", [(_visit, Visit), (_decent_life, DecentLifeCheck)], ids=["visit", "check"]
)
def test_the_second_of_two_simultaneous_taps_waits_and_is_refused(
    reference_data, personas, record, model
):
    today = timezone.localdate()
    person = start_practice(make_person(), on=today - timedelta(days=40))
    actor = personas["coordinator"]
    started, outcome, pids = threading.Event(), [], []

    def second_tap():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            started.set()
            record(actor, person, today)
            outcome.append("saved")
        except ValidationError:
            outcome.append("refused")
        finally:
            started.set()
            connection.close()

    with transaction.atomic():
        record(actor, person, today)  # the first tap, not yet committed
        thread = threading.Thread(target=second_tap)
        thread.start()
        assert started.wait(10) and pids
        assert _waits_for_a_lock(pids[0], thread), "the second tap did not wait"
        assert outcome == []
    thread.join(30)
    assert outcome == ["refused"]
    assert model.objects.filter(person=person).count() == 1

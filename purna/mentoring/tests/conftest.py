"""Fixtures of the mentoring tests: a family in business practice for a while (its first
visit overdue), accompanied by the mentor persona's own mentor record."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import assign, make_mentor, make_person, start_practice

# Practice started this long ago: the first visit (a month later) is overdue by a month.
STARTED_DAYS_AGO = 70


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def staff_mentor(personas):
    """The mentor persona's mentor record (assigned to nobody until a test says so)."""
    return make_mentor("Bu Rina", user=personas["mentor"])


@pytest.fixture
def family(person, staff_mentor, today):
    """In business practice for 70 days, no visit yet (overdue), assigned to the mentor."""
    start_practice(person, on=today - timedelta(days=STARTED_DAYS_AGO))
    assign(person, staff_mentor, on=today - timedelta(days=STARTED_DAYS_AGO))
    person.refresh_from_db()
    return person


@pytest.fixture
def other_family(today):
    """In practice in the same district, not assigned to the mentor persona."""
    person = make_person(full_name="Dewi Lestari")
    start_practice(person, on=today - timedelta(days=STARTED_DAYS_AGO))
    return person


@pytest.fixture
def peer_mentor(personas):
    """The peer_mentor persona's mentor record: a quadrant IV returnee."""
    returnee = make_person(full_name="Pak Joko", sex="L")
    return make_mentor(person=returnee, user=personas["peer_mentor"])

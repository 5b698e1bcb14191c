"""Follow-up rules: who needs a call from their coordinator, and the reminder text.

The worklists (programme.worklists) load rows and ask here; nothing in this module knows
about the database. Plans are `core.progress` plans; attendance is what roll calls recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from .areacode import normalise_area_code
from .pathways import (
    FIELD_VERIFICATION,
    MINDSET_BUSINESS,
    MINDSET_SAKINAH,
    PRACTICE,
    TRAINING_BUSINESS,
    TRAINING_SAKINAH,
)
from .progress import SETTLED, STARTED, State, Step

# The modules that come before business practice: mindset and training.
TRAINING_MODULES = frozenset(
    {MINDSET_BUSINESS, MINDSET_SAKINAH, TRAINING_BUSINESS, TRAINING_SAKINAH}
)

MISSED_THRESHOLD = 2
OPEN_SEATS_WINDOW_DAYS = 14


def missed_in_a_row(attendance: Sequence[bool | None]) -> int:
    """How many held sessions the person has missed since they last came.

    `attendance` holds one entry per held session, in session order: True present, False
    absent, None when the roll call has no line for the person (enrolled after that session,
    on the waiting list then). None neither breaks nor extends a run: it says nothing.
    """
    run = 0
    for present in reversed(attendance):
        if present is None:
            continue
        if present:
            break
        run += 1
    return run


def _state(plan: Sequence[Step], code: str) -> State | None:
    return next((step.state for step in plan if step.code == code), None)


def training_finished_no_practice(plan: Sequence[Step]) -> bool:
    """Every mindset and training module on the plan is completed (or set aside as not
    needed), yet business practice is still only planned: the family is ready and waiting."""
    if _state(plan, PRACTICE) != State.PLANNED:
        return False
    return all(step.state in SETTLED for step in plan if step.code in TRAINING_MODULES)


def awaiting_field_test(plan: Sequence[Step]) -> bool:
    """The field test (uji lapangan) is on the plan and no result is recorded yet: planned,
    or started (a visit arranged) but not completed."""
    return _state(plan, FIELD_VERIFICATION) in (State.PLANNED, State.IN_PROGRESS)


def nothing_started(plan: Sequence[Step]) -> bool:
    return not any(step.state in STARTED for step in plan)


def starts_within(first_session: date, today: date, days: int = OPEN_SEATS_WINDOW_DAYS) -> bool:
    """The first session is today or in the next `days` days (so it has not yet passed)."""
    return today <= first_session <= today + timedelta(days=days)


# Reminders are written in Indonesian whatever language the coordinator's screen uses:
# they go to returnees. Spelt out here so the text does not depend on the server's locale.
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


def indonesian_date(day: date) -> str:
    """Kamis 3 Desember 2026."""
    return f"{DAYS_ID[day.weekday()]} {day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def village_label(code: str, name: str) -> str:
    """Desa Sawoo or Kelurahan Paju: in Kemendagri codes a village number starting with 1 is
    a kelurahan (urban), with 2 a desa."""
    number = normalise_area_code(code).split(".")[-1]
    kind = "Kelurahan" if number.startswith("1") else "Desa"
    return f"{kind} {name}"


def session_reminder(*, number: int, module_name: str, on: date, place: str) -> str:
    """The reminder a returnee receives the day before a session.

    Plain ASCII punctuation (a hyphen, not a dash) keeps an SMS in the GSM alphabet, where
    one message holds 160 characters instead of 70.
    """
    return (
        f"Pengingat: sesi {number} {module_name}, {indonesian_date(on)} di {place}. "
        "Sampai jumpa! - Purna"
    )


def reminder_due(session_day: date, now: datetime, *, hour: int = 8) -> datetime:
    """When a reminder may go out: at `hour` o'clock the day before the session in `now`'s
    time zone, or at once when that moment has passed."""
    day_before = datetime.combine(session_day - timedelta(days=1), time(hour), tzinfo=now.tzinfo)
    return max(now, day_before)


def normalise_phone(phone: str) -> str:
    """An Indonesian mobile number in international form (+62...), or "" when there are no
    digits. 0812-3456-789 and 62812 3456 789 both become +628123456789."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return ""
    if phone.strip().startswith("+") or digits.startswith("62"):
        return "+" + digits
    if digits.startswith("0"):
        return "+62" + digits[1:]
    return "+62" + digits

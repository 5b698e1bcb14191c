"""Helpdesk rules: deadlines per kind, the states a ticket moves through, reopening,
overdue and escalation, tracking codes, the phone check of the status page, and routing.

Plain data in, plain data out: the helpdesk app loads rows (and the holidays table, see
`core.workdays`) and asks here.
"""

from __future__ import annotations

import hmac
from collections.abc import Collection, Sequence
from datetime import date, timedelta
from random import Random
from typing import Any

from .areacode import InvalidAreaCode, normalise_area_code
from .workdays import add_working_days

# Kinds (the values of helpdesk.models.Kind)
COMPLAINT = "complaint"
HELP = "help"
CONSULTATION = "consultation"
ABUSE = "abuse"

# (acknowledge within, resolve within), in working days after the day of submission. A
# personal consultation (curhat) is someone who needs to talk: one day, not two.
DEADLINES: dict[str, tuple[int, int]] = {
    COMPLAINT: (2, 14),
    HELP: (2, 14),
    CONSULTATION: (1, 14),
    ABUSE: (2, 14),
}
SENSITIVE_BY_DEFAULT = frozenset({ABUSE})

# States (the values of helpdesk.models.State)
NEW = "new"
ACKNOWLEDGED = "acknowledged"
IN_PROGRESS = "in_progress"
WAITING = "waiting"
RESOLVED = "resolved"
CLOSED = "closed"
DONE = frozenset({RESOLVED, CLOSED})
OPEN = frozenset({NEW, ACKNOWLEDGED, IN_PROGRESS, WAITING})

TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({ACKNOWLEDGED, IN_PROGRESS, RESOLVED, CLOSED}),
    ACKNOWLEDGED: frozenset({IN_PROGRESS, WAITING, RESOLVED, CLOSED}),
    IN_PROGRESS: frozenset({WAITING, RESOLVED, CLOSED}),
    WAITING: frozenset({IN_PROGRESS, RESOLVED, CLOSED}),
    # Reopening (only within REOPEN_WITHIN_DAYS: see may_reopen).
    RESOLVED: frozenset({CLOSED, IN_PROGRESS}),
    CLOSED: frozenset({IN_PROGRESS}),
}
REOPEN_WITHIN_DAYS = 30

# Why a ticket is overdue
ACKNOWLEDGE = "acknowledge"
RESOLVE = "resolve"


class InvalidTransition(ValueError):
    """`old` may not move to `new` (both state codes)."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(f"{old} -> {new}")
        self.old = old
        self.new = new


def deadlines(kind: str, submitted_on: date, holidays: Collection[date]) -> tuple[date, date]:
    """(acknowledge_by, resolve_by): the last day on which each is still in time."""
    try:
        acknowledge_days, resolve_days = DEADLINES[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}") from None
    return (
        add_working_days(submitted_on, acknowledge_days, holidays),
        add_working_days(submitted_on, resolve_days, holidays),
    )


def resolve_by_after_reopening(kind: str, reopened_on: date, holidays: Collection[date]) -> date:
    """A reopened ticket gets the kind's full time to resolve again, from the reopening."""
    return deadlines(kind, reopened_on, holidays)[1]


def check_transition(old: str, new: str) -> None:
    if old not in TRANSITIONS or new not in TRANSITIONS[old]:
        raise InvalidTransition(old, new)


def is_reopening(old: str, new: str) -> bool:
    return old in DONE and new not in DONE


def may_reopen(state: str, resolved_on: date | None, today: date) -> bool:
    """A resolved or closed ticket may be reopened up to REOPEN_WITHIN_DAYS calendar days
    after it was resolved (`resolved_on`; for a ticket closed without being resolved, the
    day it was closed)."""
    if state not in DONE or resolved_on is None:
        return False
    return today <= resolved_on + timedelta(days=REOPEN_WITHIN_DAYS)


def overdue(state: str, acknowledge_by: date, resolve_by: date, today: date) -> str | None:
    """RESOLVE when an open ticket is past its resolution deadline (the graver lateness wins,
    even for a ticket nobody acknowledged), ACKNOWLEDGE when a new ticket is past its
    acknowledgement deadline, else None. A deadline day itself is still in time."""
    if state in DONE:
        return None
    if today > resolve_by:
        return RESOLVE
    if state == NEW and today > acknowledge_by:
        return ACKNOWLEDGE
    return None


def escalation_due(
    state: str,
    acknowledge_by: date,
    resolve_by: date,
    escalated_on: date | None,
    today: date,
) -> str | None:
    """Whether to escalate now, and why. Each lateness escalates once: a ticket escalated for
    a late acknowledgement (necessarily before its resolution deadline) escalates again when
    it is also late to resolve; one escalated after its resolution deadline never again
    (unless reopening gave it a new deadline)."""
    reason = overdue(state, acknowledge_by, resolve_by, today)
    if reason is None or escalated_on is None:
        return reason
    if reason == RESOLVE and escalated_on <= resolve_by:
        return RESOLVE
    return None


# Tracking codes: PRN-7K4Q-9MXD. Seven random characters and a check character (Luhn mod
# 32), from an alphabet without 0/O and 1/I, which people confuse when they read a code
# from an SMS or say it on the phone. The check character catches every single mistyped
# character and every swap of neighbours but one (2 and Z). 32**7 (3.4e10) codes; the
# status page also wants the last four digits of the phone and limits failed attempts.
CODE_PREFIX = "PRN"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_RANDOM_CHARS = 7


def _check_char(payload: str) -> str:
    n = len(ALPHABET)
    total, factor = 0, 2
    for ch in reversed(payload):
        addend = factor * ALPHABET.index(ch)
        total += addend // n + addend % n
        factor = 3 - factor
    return ALPHABET[-total % n]


def new_code(rng: Random) -> str:
    """A fresh tracking code. Pass `secrets.SystemRandom()`: codes must not be guessable."""
    payload = "".join(rng.choice(ALPHABET) for _ in range(_RANDOM_CHARS))
    body = payload + _check_char(payload)
    return f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"


def normalise_code(code: Any) -> str | None:
    """The canonical form ("PRN-7K4Q-9MXD") of a code typed any way (lower case, spaces,
    dashes, with or without the PRN prefix), or None when it cannot be a tracking code."""
    if not isinstance(code, str):
        return None
    text = "".join(code.split()).replace("-", "").upper()
    if len(text) == 3 + _RANDOM_CHARS + 1 and text.startswith(CODE_PREFIX):
        text = text[3:]
    if len(text) != _RANDOM_CHARS + 1 or any(ch not in ALPHABET for ch in text):
        return None
    if _check_char(text[:-1]) != text[-1]:
        return None
    return f"{CODE_PREFIX}-{text[:4]}-{text[4:]}"


def code_is_wellformed(code: Any) -> bool:
    return normalise_code(code) is not None


_DIGITS = "0123456789"


def phone_suffix_matches(phone: str, suffix: str) -> bool:
    """Whether `suffix` is the last four digits of `phone` (any formatting of the phone;
    the suffix exactly four digits). Compared in constant time."""
    digits = "".join(ch for ch in phone or "" if ch in _DIGITS)
    given = (suffix or "").strip()
    if len(digits) < 4 or len(given) != 4 or any(ch not in _DIGITS for ch in given):
        return False
    return hmac.compare_digest(digits[-4:], given)


def _depth(area: str) -> int:
    return len(area.split(".")) if area else 0


def _covers(area: str, village_code: str | None) -> bool:
    if not area:
        return True
    return bool(village_code) and (village_code == area or village_code.startswith(area + "."))


def route_for(
    kind: str,
    village_code: str | None,
    routes: Sequence[tuple[str, str, Any, bool]],
) -> Any | None:
    """The key of the route for a new ticket: routes are (kind, area, key, to_mentor), the
    area an area code prefix ("" everywhere, "35.02" a regency, "35.02.17" a district). The
    most specific area covering the village wins; without a village only "" applies."""
    try:
        village = normalise_area_code(village_code) if village_code else None
    except InvalidAreaCode:
        village = None
    best, best_depth = None, -1
    for route_kind, area, key, _to_mentor in routes:
        if route_kind != kind:
            continue
        try:
            prefix = normalise_area_code(area) if area else ""
        except InvalidAreaCode:
            continue  # a mistyped route never swallows tickets
        if _covers(prefix, village) and _depth(prefix) > best_depth:
            best, best_depth = key, _depth(prefix)
    return best

import random
import secrets
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from purna.core.tickets import (
    ABUSE,
    ACKNOWLEDGE,
    ACKNOWLEDGED,
    ALPHABET,
    CLOSED,
    COMPLAINT,
    CONSULTATION,
    DEADLINES,
    HELP,
    IN_PROGRESS,
    NEW,
    REOPEN_WITHIN_DAYS,
    RESOLVE,
    RESOLVED,
    SENSITIVE_BY_DEFAULT,
    TRANSITIONS,
    WAITING,
    InvalidTransition,
    check_transition,
    code_is_wellformed,
    deadlines,
    escalation_due,
    is_reopening,
    may_reopen,
    new_code,
    normalise_code,
    overdue,
    phone_suffix_matches,
    resolve_by_after_reopening,
    route_for,
)

STATES = [NEW, ACKNOWLEDGED, IN_PROGRESS, WAITING, RESOLVED, CLOSED]
# Friday 14 August 2026, before Independence Day on Monday 17 August.
FRIDAY = date(2026, 8, 14)
INDEPENDENCE_DAY = {date(2026, 8, 17)}


def test_the_issue_defaults():
    assert DEADLINES == {COMPLAINT: (2, 14), HELP: (2, 14), CONSULTATION: (1, 14), ABUSE: (2, 14)}
    assert SENSITIVE_BY_DEFAULT == {ABUSE}
    assert REOPEN_WITHIN_DAYS == 30


# deadlines


def test_a_complaint_on_the_friday_before_a_monday_holiday():
    acknowledge_by, resolve_by = deadlines(COMPLAINT, FRIDAY, INDEPENDENCE_DAY)
    assert acknowledge_by == date(2026, 8, 19)  # Tue 18 (1), Wed 19 (2)
    # 14 working days: Tue 18 Aug ... Fri 4 Sep, Independence Day not among them.
    assert resolve_by == date(2026, 9, 4)
    assert deadlines(COMPLAINT, FRIDAY, set())[1] == date(2026, 9, 3)


def test_curhat_is_acknowledged_within_one_working_day():
    assert deadlines(CONSULTATION, FRIDAY, INDEPENDENCE_DAY)[0] == date(2026, 8, 18)
    assert deadlines(CONSULTATION, date(2026, 8, 12), INDEPENDENCE_DAY)[0] == date(2026, 8, 13)


def test_a_ticket_sent_on_a_saturday_counts_from_monday():
    acknowledge_by, _ = deadlines(HELP, date(2026, 8, 8), set())
    assert acknowledge_by == date(2026, 8, 11)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        deadlines("gossip", FRIDAY, set())


def test_reopening_gives_the_full_time_again():
    assert resolve_by_after_reopening(HELP, FRIDAY, INDEPENDENCE_DAY) == date(2026, 9, 4)


# transitions


@pytest.mark.parametrize(
    "old, new",
    [
        (NEW, ACKNOWLEDGED),
        (NEW, IN_PROGRESS),
        (NEW, RESOLVED),
        (NEW, CLOSED),
        (ACKNOWLEDGED, WAITING),
        (IN_PROGRESS, WAITING),
        (WAITING, IN_PROGRESS),
        (IN_PROGRESS, RESOLVED),
        (RESOLVED, CLOSED),
        (RESOLVED, IN_PROGRESS),
        (CLOSED, IN_PROGRESS),
    ],
)
def test_allowed_transitions(old, new):
    check_transition(old, new)


@pytest.mark.parametrize(
    "old, new",
    [
        (NEW, NEW),
        (NEW, WAITING),  # ask the submitter only once someone has looked at it
        (IN_PROGRESS, ACKNOWLEDGED),
        (WAITING, ACKNOWLEDGED),
        (RESOLVED, NEW),
        (RESOLVED, WAITING),
        (CLOSED, RESOLVED),
        (CLOSED, CLOSED),
        ("new", "lost"),
        ("lost", "new"),
    ],
)
def test_refused_transitions(old, new):
    with pytest.raises(InvalidTransition) as error:
        check_transition(old, new)
    assert (error.value.old, error.value.new) == (old, new)


def test_every_state_has_a_way_on_and_none_goes_back_to_new():
    assert set(TRANSITIONS) == set(STATES)
    assert all(TRANSITIONS[s] for s in STATES)
    assert all(NEW not in targets for targets in TRANSITIONS.values())


def test_reopening_is_leaving_resolved_or_closed():
    assert is_reopening(RESOLVED, IN_PROGRESS)
    assert is_reopening(CLOSED, IN_PROGRESS)
    assert not is_reopening(RESOLVED, CLOSED)
    assert not is_reopening(WAITING, IN_PROGRESS)


# may_reopen


@pytest.mark.parametrize(
    "state, days_after, expected",
    [
        (RESOLVED, 0, True),
        (RESOLVED, 30, True),
        (RESOLVED, 31, False),
        (CLOSED, 30, True),
        (CLOSED, 31, False),
        (IN_PROGRESS, 1, False),
        (NEW, 0, False),
    ],
)
def test_reopen_within_thirty_days(state, days_after, expected):
    resolved_on = date(2026, 5, 4)
    assert may_reopen(state, resolved_on, resolved_on + timedelta(days=days_after)) is expected


def test_never_reopened_without_a_resolution_date():
    assert not may_reopen(RESOLVED, None, date(2026, 5, 4))


# overdue and escalation

ACK_BY = date(2026, 8, 19)
RESOLVE_BY = date(2026, 9, 3)


@pytest.mark.parametrize(
    "state, today, expected",
    [
        (NEW, ACK_BY, None),  # the deadline day is still in time
        (NEW, ACK_BY + timedelta(days=1), ACKNOWLEDGE),
        (ACKNOWLEDGED, ACK_BY + timedelta(days=1), None),
        (WAITING, RESOLVE_BY, None),
        (WAITING, RESOLVE_BY + timedelta(days=1), RESOLVE),
        (NEW, RESOLVE_BY + timedelta(days=1), RESOLVE),  # the graver lateness wins
        (RESOLVED, RESOLVE_BY + timedelta(days=9), None),
        (CLOSED, RESOLVE_BY + timedelta(days=9), None),
    ],
)
def test_overdue(state, today, expected):
    assert overdue(state, ACK_BY, RESOLVE_BY, today) == expected


def test_escalation_for_acknowledgement_happens_once():
    late = ACK_BY + timedelta(days=1)
    assert escalation_due(NEW, ACK_BY, RESOLVE_BY, None, late) == ACKNOWLEDGE
    assert escalation_due(NEW, ACK_BY, RESOLVE_BY, late, late + timedelta(days=1)) is None


def test_acknowledged_in_time_is_escalated_only_for_resolution():
    assert escalation_due(ACKNOWLEDGED, ACK_BY, RESOLVE_BY, None, RESOLVE_BY) is None
    late = RESOLVE_BY + timedelta(days=1)
    assert escalation_due(IN_PROGRESS, ACK_BY, RESOLVE_BY, None, late) == RESOLVE
    assert escalation_due(IN_PROGRESS, ACK_BY, RESOLVE_BY, late, late) is None


def test_late_to_acknowledge_then_late_to_resolve_escalates_twice():
    first = ACK_BY + timedelta(days=1)
    late = RESOLVE_BY + timedelta(days=1)
    assert escalation_due(IN_PROGRESS, ACK_BY, RESOLVE_BY, first, late) == RESOLVE
    assert escalation_due(IN_PROGRESS, ACK_BY, RESOLVE_BY, late, late + timedelta(3)) is None


def test_nothing_to_escalate_once_resolved():
    assert escalation_due(RESOLVED, ACK_BY, RESOLVE_BY, None, RESOLVE_BY + timedelta(9)) is None


# tracking codes


def test_code_shape():
    code = new_code(random.Random(1))
    assert len(code) == len("PRN-7K4Q-9MXD")
    assert code.startswith("PRN-") and code[8] == "-"
    assert set(code[4:8] + code[9:]) <= set(ALPHABET)
    assert not set("01OI") & set(ALPHABET)


@given(st.randoms(use_true_random=False))
def test_new_codes_are_wellformed(rng):
    code = new_code(rng)
    assert code_is_wellformed(code)
    assert normalise_code(code) == code


def test_codes_from_the_system_random_differ():
    rng = secrets.SystemRandom()
    assert len({new_code(rng) for _ in range(200)}) == 200


@given(st.randoms(use_true_random=False))
def test_any_single_wrong_character_is_caught(rng):
    code = new_code(rng)
    body = code.replace("-", "")[3:]
    for i, ch in enumerate(body):
        for other in ALPHABET:
            if other != ch:
                assert not code_is_wellformed(body[:i] + other + body[i + 1 :])


@given(st.randoms(use_true_random=False))
def test_swapping_neighbours_is_caught(rng):
    # Luhn mod N's one blind spot: swapping the first and last symbols of the alphabet.
    blind = {ALPHABET[0], ALPHABET[-1]}
    body = new_code(rng).replace("-", "")[3:]
    for i in range(len(body) - 1):
        if body[i] != body[i + 1] and {body[i], body[i + 1]} != blind:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            assert not code_is_wellformed(swapped)


def test_codes_are_normalised_however_typed():
    code = new_code(random.Random(7))
    body = code.replace("-", "")[3:]
    for typed in (code.lower(), f" {code} ", code.replace("-", " "), body, body.lower()):
        assert normalise_code(typed) == code


@pytest.mark.parametrize("typed", ["", "PRN", "PRN-0000-0000", "XYZ-7K4Q-9MXD", None, 12345678])
def test_what_is_not_a_code(typed):
    assert not code_is_wellformed(typed)
    assert normalise_code(typed) is None


# phone suffix


@pytest.mark.parametrize(
    "phone, suffix, expected",
    [
        ("+6281234567890", "7890", True),
        ("0812-3456-7890", "7890", True),
        ("0812 3456 7890", " 7890 ", True),
        ("+6281234567890", "7891", False),
        ("+6281234567890", "67890", False),
        ("+6281234567890", "890", False),
        ("+6281234567890", "", False),
        ("+6281234567890", "78 90", False),
        ("+6281234567890", "७८९०", False),  # Devanagari digits are not ASCII digits
        ("", "7890", False),
        ("12", "0012", False),
    ],
)
def test_phone_suffix(phone, suffix, expected):
    assert phone_suffix_matches(phone, suffix) is expected


# routing

ROUTES = [
    (COMPLAINT, "", "national", False),
    (COMPLAINT, "35.02", "ponorogo", False),
    (COMPLAINT, "35.02.17", "kota", True),
    (HELP, "35.02", "ponorogo-help", True),
]


@pytest.mark.parametrize(
    "kind, village, expected",
    [
        (COMPLAINT, "35.02.17.2001", "kota"),  # district over regency over everywhere
        (COMPLAINT, "35.02.01.2001", "ponorogo"),
        (COMPLAINT, "35.01.01.2001", "national"),
        (COMPLAINT, None, "national"),
        (COMPLAINT, "3502172001", "kota"),  # undotted codes are read too
        (HELP, "35.02.17.2001", "ponorogo-help"),
        (HELP, "35.01.01.2001", None),
        (HELP, None, None),
        (ABUSE, "35.02.17.2001", None),
        (COMPLAINT, "35.021.7", "national"),  # not a code: only the national route fits
    ],
)
def test_route_for(kind, village, expected):
    assert route_for(kind, village, ROUTES) == expected


def test_route_order_does_not_matter_and_prefixes_respect_segments():
    assert route_for(COMPLAINT, "35.02.17.2001", list(reversed(ROUTES))) == "kota"
    # 35.0 is not a prefix of 35.02 in area terms; a broken area never matches.
    routes = [(COMPLAINT, "35.0", "broken", False), (COMPLAINT, "35.02.1", "broken2", False)]
    assert route_for(COMPLAINT, "35.02.17.2001", routes) is None

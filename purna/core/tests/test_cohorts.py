from fractions import Fraction

import pytest

from purna.core.cohorts import CompletionRule, area_distance, has_completed, seats


@pytest.mark.parametrize(
    "sessions, attended, post, expected",
    [
        (4, 3, 70.0, True),
        (4, 2, 70.0, False),
        (8, 6, 0.0, True),
        (8, 5, 90.0, False),
        (4, 4, None, False),
        (0, 0, 80.0, False),
        (3, 3, 50.0, True),
        (3, 2, 50.0, False),
    ],
)
def test_default_rule(sessions, attended, post, expected):
    assert has_completed(sessions=sessions, attended=attended, post_test=post) is expected


def test_rule_without_post_test():
    rule = CompletionRule(min_attendance=Fraction(1, 2), post_test_required=False)
    assert has_completed(sessions=4, attended=2, post_test=None, rule=rule)


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("35.02.17.1001", "35.02.17.1001", 0),
        ("35.02.17.1001", "3502171002", 1),
        ("35.02.17.1001", "35.02.01.2001", 2),
        ("35.02.17.1001", "35.01.01.2001", 3),
        ("35.02.17.1001", "33.01.01.2001", 4),
    ],
)
def test_area_distance(a, b, distance):
    assert area_distance(a, b) == distance


def test_seats():
    assert seats(30, 28) == 2 and seats(30, 31) == 0

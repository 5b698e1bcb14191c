"""Test scores: a pre-test and a post-test per enrolled participant, one save; errors name
the row. With 75% attendance, the post-test completes the module."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from purna.programme.cohorts import cohort_enrol, roll_call_save
from purna.programme.services import person_plan

from .test_cohort_support import cohort, facilitator, login, quadrant_iii  # noqa: F401


def scores_url(cohort):
    return reverse("programme:cohort_scores", args=[cohort.pk])


@pytest.fixture
def enrolments(cohort):
    return cohort_enrol(
        actor=None, cohort=cohort, people=[quadrant_iii("Ani"), quadrant_iii("Budi")]
    )


def data(enrolments, values):
    out = {}
    for e, (pre, post) in zip(enrolments, values, strict=True):
        out[f"pre_{e.pk}"], out[f"post_{e.pk}"] = pre, post
    return out


def scores_of(enrolment):
    enrolment.refresh_from_db()
    return enrolment.pre_test, enrolment.post_test


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
        ("facilitator", 200),  # facilitators record the tests they give
    ],
)
def test_access(login, cohort, enrolments, persona, status):
    client = login(persona)
    assert client.get(scores_url(cohort)).status_code == status
    response = client.post(scores_url(cohort), data(enrolments, [("40", "80"), ("", "")]))
    assert response.status_code == (302 if status == 200 else status)
    assert (scores_of(enrolments[0]) == (Decimal(40), Decimal(80))) is (status == 200)


def test_methods(login, cohort):
    assert login("coordinator").delete(scores_url(cohort)).status_code == 405


def test_inputs_are_decimal_and_prefilled(login, cohort, enrolments):
    ani, _budi = enrolments
    login("coordinator").post(scores_url(cohort), data(enrolments, [("40", "72,5"), ("", "")]))
    body = login("facilitator").get(scores_url(cohort)).content.decode()
    row = body.split(f'data-testid="score-row-{ani.pk}"')[1].split("</tr>")[0]
    assert 'inputmode="decimal"' in row
    assert 'value="72,5"' in row and 'value="40' in row


def test_save_accepts_comma_and_point_and_empty(login, cohort, enrolments):
    ani, budi = enrolments
    client = login("facilitator")
    response = client.post(scores_url(cohort), data(enrolments, [("40,5", "80.5"), ("", "66")]))
    assert response.status_code == 302
    assert scores_of(ani) == (Decimal("40.5"), Decimal("80.5"))
    assert scores_of(budi) == (None, Decimal(66))
    client.post(scores_url(cohort), data(enrolments, [("40,5", ""), ("", "66")]))
    assert scores_of(ani) == (Decimal("40.5"), None)  # a cleared field clears the score


@pytest.mark.parametrize("bad", ["101", "-1", "abc", "72,55"])
def test_errors_name_the_row_and_nothing_is_saved(login, cohort, enrolments, bad):
    ani, budi = enrolments
    response = login("coordinator").post(
        scores_url(cohort), data(enrolments, [("40", "80"), ("30", bad)])
    )
    assert response.status_code == 200
    body = response.content.decode()
    summary = body.split('data-testid="score-errors"')[1].split("</div>")[0]
    assert "Budi" in summary and "Ani" not in summary
    assert body.split(f'data-testid="score-row-{budi.pk}"')[1].startswith(' class="table-danger"')
    assert not body.split(f'data-testid="score-row-{ani.pk}"')[1].startswith(" class=")
    assert scores_of(ani) == (None, None) and scores_of(budi) == (None, None)


def test_post_test_with_75_percent_completes_the_module(login, cohort, enrolments):
    ani, budi = enrolments
    sessions = list(cohort.sessions.all())
    for session in sessions[:3]:
        roll_call_save(actor=None, session=session, present={(ani.pk, None)})
    roll_call_save(actor=None, session=sessions[0], present={(ani.pk, None), (budi.pk, None)})
    login("facilitator").post(scores_url(cohort), data(enrolments, [("", "75"), ("", "90")]))
    ani.refresh_from_db(), budi.refresh_from_db()
    assert ani.completed_on == date(2026, 3, 23)  # the last session of the cohort
    assert budi.completed_on is None  # 1 of 4 sessions
    steps = {s.code: str(s.state) for s in person_plan(ani.person)}
    assert steps["TRAINING_BUSINESS"] == "completed"
    detail = login("coordinator").get(reverse("programme:cohort_detail", args=[cohort.pk]))
    body = detail.content.decode()
    assert f'data-testid="person-{ani.person.pk}" data-completed="yes"' in body
    assert f'data-testid="person-{budi.person.pk}" data-completed="no"' in body

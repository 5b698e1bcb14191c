"""The roll call: one toggle per attendee, everyone present at once, one save; reopening
shows what was saved. The cohort's facilitators take it, also from another area."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from purna.people.models import HouseholdMember
from purna.programme.cohorts import cohort_enrol
from purna.programme.models import Attendance

from .test_cohort_support import (  # noqa: F401
    cohort,
    facilitator,
    in_english,
    login,
    make_cohort,
    quadrant_iii,
)


def roll_url(cohort, number=1):
    return reverse("programme:roll_call", args=[cohort.pk, number])


def checked(body: str) -> set[str]:
    return set(
        re.findall(r'name="present" value="([\d-]+)" id="[^"]+" autocomplete="off" checked', body)
    )


def toggles(body: str) -> list[str]:
    return re.findall(r'name="present" value="([\d-]+)"', body)


def saved(session) -> dict[tuple[int, int | None], bool]:
    return {(a.enrolment_id, a.member_id): a.present for a in session.attendance.all()}


@pytest.fixture
def enrolments(cohort):
    return cohort_enrol(
        actor=None, cohort=cohort, people=[quadrant_iii(n) for n in ("Ani", "Budi", "Citra")]
    )


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),  # in the area, but not a facilitator of this cohort
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
        ("facilitator", 200),  # from Pacitan, facilitates this cohort
    ],
)
def test_access(login, cohort, enrolments, persona, status):
    client = login(persona)
    assert client.get(roll_url(cohort)).status_code == status
    response = client.post(roll_url(cohort), {"present": [str(enrolments[0].pk)]})
    assert response.status_code == (302 if status == 200 else status)
    assert Attendance.objects.exists() is (status == 200)


def test_methods(login, cohort):
    assert login("facilitator").delete(roll_url(cohort)).status_code == 405


def test_unknown_session_is_404(login, cohort):
    assert login("facilitator").get(roll_url(cohort, 5)).status_code == 404


def test_save_and_reopen(login, cohort, enrolments):
    ani, budi, citra = enrolments
    session = cohort.sessions.get(number=2)
    client = login("facilitator")
    body = client.get(roll_url(cohort, 2)).content.decode()
    assert toggles(body) == [str(ani.pk), str(budi.pk), str(citra.pk)]  # by name
    assert checked(body) == set() and 'data-testid="roll-taken"' not in body
    assert body.count("<form ") - body.count('action="/logout/"') - body.count("setlang") == 1
    response = client.post(roll_url(cohort, 2), {"present": [str(ani.pk), str(citra.pk)]})
    assert response.url == reverse("programme:cohort_detail", args=[cohort.pk]) + "#sessions"
    assert saved(session) == {(ani.pk, None): True, (budi.pk, None): False, (citra.pk, None): True}
    body = client.get(roll_url(cohort, 2)).content.decode()
    assert checked(body) == {str(ani.pk), str(citra.pk)}
    assert 'data-testid="roll-taken"' in body
    assert "<span data-rollcall-count>2</span>/3" in body
    # A correction replaces the earlier roll call.
    client.post(roll_url(cohort, 2), {"present": [str(budi.pk)]})
    assert saved(session) == {(ani.pk, None): False, (budi.pk, None): True, (citra.pk, None): False}
    detail = in_english(client).get(reverse("programme:cohort_detail", args=[cohort.pk]))
    detail = detail.content.decode()
    session_row = detail.split('data-testid="session-2"')[1].split("</li>")[0]
    assert "1 of 3" in session_row


def test_everyone_present(login, cohort, enrolments):
    client = login("coordinator")
    client.post(roll_url(cohort), {"everyone": "1"})
    assert set(saved(cohort.sessions.get(number=1)).values()) == {True}
    assert len(saved(cohort.sessions.get(number=1))) == 3


def test_nobody_present_is_a_roll_call_too(login, cohort, enrolments):
    login("coordinator").post(roll_url(cohort), {})
    assert set(saved(cohort.sessions.get(number=1)).values()) == {False}


def test_someone_not_on_the_roll_is_refused(login, cohort, enrolments):
    response = login("coordinator").post(roll_url(cohort), {"present": ["999999"]})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert not Attendance.objects.exists()


def test_family_members_are_toggles_of_their_own(login, cohort, enrolments):
    ani = enrolments[0]
    spouse = HouseholdMember.objects.create(
        person=ani.person, full_name="Pak Ani", relation="spouse", sex="L"
    )
    ani.family.add(spouse)
    client = login("facilitator")
    body = client.get(roll_url(cohort)).content.decode()
    key = f"{ani.pk}-{spouse.pk}"
    assert toggles(body)[:2] == [str(ani.pk), key]
    label = body.split(f'data-testid="toggle-{key}"')[1].split("</label>")[0]
    assert "Pak Ani" in label and "Ani" in label
    client.post(roll_url(cohort), {"present": [key]})
    assert saved(cohort.sessions.get(number=1))[(ani.pk, spouse.pk)] is True
    assert saved(cohort.sessions.get(number=1))[(ani.pk, None)] is False


def test_thirty_people_one_form_one_save(login, cohort):
    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii(f"P{i:02d}") for i in range(30)])
    body = login("facilitator").get(roll_url(cohort)).content.decode()
    assert len(toggles(body)) == 30
    main = body.split("<main")[1].split("</main>")[0]
    assert main.count("<form ") == 1 and main.count('type="submit"') == 2  # everyone, save
    assert 'data-testid="everyone"' in body


def test_waiting_list_is_not_on_the_roll(login, db, facilitator):
    small = make_cohort(capacity=1, facilitators=[facilitator])
    first, _second = cohort_enrol(
        actor=None, cohort=small, people=[quadrant_iii("A"), quadrant_iii("B")]
    )
    assert toggles(login("facilitator").get(roll_url(small)).content.decode()) == [str(first.pk)]


def test_queries_do_not_grow_with_the_roll(login, cohort):
    client = login("facilitator")

    def queries() -> int:
        client.post(roll_url(cohort), {"everyone": "1"})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(roll_url(cohort)).status_code == 200
        return len(ctx.captured_queries)

    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii(f"A{i}") for i in range(2)])
    few = queries()
    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii(f"B{i}") for i in range(8)])
    assert queries() == few

"""The cohort page: sessions, enrolled people, the waiting list, the worklist with enrolling
many at once, cancelling, and family members attending sakinah modules."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.people.models import HouseholdMember
from purna.programme.cohorts import cohort_enrol
from purna.programme.models import Enrolment
from purna.programme.services import person_plan
from tests.factories import PACITAN, make_assessment, make_person

from .test_cohort_support import (  # noqa: F401
    cohort,
    facilitator,
    in_english,
    login,
    make_cohort,
    quadrant_iii,
)


def detail(cohort):
    return reverse("programme:cohort_detail", args=[cohort.pk])


def enrol_url(cohort):
    return reverse("programme:cohort_enrol", args=[cohort.pk])


def cancel_url(enrolment):
    return reverse("programme:enrolment_cancel", args=[enrolment.cohort_id, enrolment.pk])


def family_url(enrolment):
    return reverse("programme:enrolment_family", args=[enrolment.cohort_id, enrolment.pk])


def training_state(person) -> str:
    return next(str(s.state) for s in person_plan(person) if s.code == "TRAINING_BUSINESS")


def picks(body: str) -> list[str]:
    return re.findall(r'value="(\d+)"(?: checked)? data-testid="pick-', body)


def ticked(body: str) -> list[str]:
    return re.findall(r'value="(\d+)" checked data-testid="pick-', body)


VIEW = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 200),
    ("viewer", 403),
    ("outsider", 404),
    ("anonymous", 302),
    ("facilitator", 200),
]
# Enrolling, cancelling, family: a programme role inside the area.
MANAGE = [
    ("admin", 302),
    ("coordinator", 302),
    ("field_officer", 403),
    ("mentor", 403),
    ("viewer", 403),
    ("outsider", 404),
    ("anonymous", 302),
    ("facilitator", 403),
]


@pytest.mark.parametrize("persona, status", VIEW)
def test_view_access(login, cohort, persona, status):
    assert login(persona).get(detail(cohort)).status_code == status


def test_unknown_cohort_is_404(login, cohort):
    url = reverse("programme:cohort_detail", args=[cohort.pk + 100])
    assert login("coordinator").get(url).status_code == 404


def test_methods(login, cohort):
    client = login("coordinator")
    assert client.post(detail(cohort)).status_code == 405
    assert client.get(enrol_url(cohort)).status_code == 405
    url = reverse("programme:enrolment_family", args=[cohort.pk, 1])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("persona, status", MANAGE)
def test_enrol_access(login, cohort, persona, status):
    person = quadrant_iii("Siti")
    response = login(persona).post(enrol_url(cohort), {"people": [person.pk]})
    assert response.status_code == status
    assert cohort.enrolments.filter(person=person).exists() is (persona in {"admin", "coordinator"})


@pytest.mark.parametrize("persona, sees", [("coordinator", True), ("mentor", False)])
def test_worklist_and_cancel_links_only_for_managers(login, cohort, persona, sees, accompany):
    person = quadrant_iii("Siti")
    quadrant_iii("Dewi")
    accompany(person)
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[person])
    body = login(persona).get(detail(cohort)).content.decode()
    assert ('id="worklist"' in body) is sees
    assert (f'data-testid="cancel-{enrolment.pk}"' in body) is sees
    assert "Siti" in body  # the mentor still sees their own family enrolled


def test_a_mentor_sees_only_their_own_families_among_the_enrolled(login, cohort, accompany):
    mine, other = quadrant_iii("Siti Mentee"), quadrant_iii("Dewi Lain")
    accompany(mine)
    cohort_enrol(actor=None, cohort=cohort, people=[mine, other])
    response = login("mentor").get(detail(cohort))
    body = response.content.decode()
    assert "Siti Mentee" in body and "Dewi Lain" not in body
    assert [e.person for e in response.context["enrolled"]] == [mine]
    assert response.context["hidden"] == 1 and response.context["enrolled_total"] == 2


def test_worklist_nearest_first_with_distance(login, cohort):
    far = quadrant_iii("Jauh", prefix="35.02.01")
    near = quadrant_iii("Dekat")
    quadrant_iii("Belum siap", ready=False)
    quadrant_iii("Pacitan", prefix=PACITAN)
    body = in_english(login("coordinator")).get(detail(cohort)).content.decode()
    assert picks(body) == [str(near.pk), str(far.pk)]
    worklist = body.split('data-testid="worklist"')[1]
    assert re.search(r"Dekat.*same village.*Jauh.*same regency", worklist, re.S)
    assert "Belum siap" not in worklist and "Pacitan" not in worklist


def test_select_first_n_ticks_them(login, cohort):
    people = [quadrant_iii(f"Orang {i:02d}") for i in range(12)]
    client = login("coordinator")
    assert ticked(client.get(detail(cohort)).content.decode()) == []
    body = client.get(detail(cohort) + "?select=10").content.decode()
    assert ticked(body) == [str(p.pk) for p in people[:10]]
    assert ticked(client.get(detail(cohort) + "?select=99").content.decode()) == [
        str(p.pk) for p in people
    ]
    assert client.get(detail(cohort) + "?select=x").status_code == 200


def test_enrol_ten_at_once(login, cohort):
    people = [quadrant_iii(f"Orang {i:02d}") for i in range(12)]
    response = login("coordinator").post(enrol_url(cohort), {"people": [p.pk for p in people[:10]]})
    assert response.url == detail(cohort) + "#enrolled"
    enrolled = set(cohort.enrolments.filter(state="enrolled").values_list("person", flat=True))
    assert enrolled == {p.pk for p in people[:10]}
    assert {training_state(p) for p in people[:10]} == {"in_progress"}
    assert training_state(people[11]) == "planned"
    body = login("coordinator").get(detail(cohort)).content.decode()
    assert picks(body) == [str(people[10].pk), str(people[11].pk)]
    assert '<span class="fs-4 fw-bold" data-testid="seats-left">20</span>' in body


def test_enrolling_beyond_capacity_fills_the_waiting_list(login, db, facilitator):
    small = make_cohort(capacity=2)
    people = [quadrant_iii(f"Orang {i}") for i in range(3)]
    client = in_english(login("coordinator"))
    response = client.post(enrol_url(small), {"people": [p.pk for p in people]}, follow=True)
    states = dict(small.enrolments.values_list("person", "state"))
    assert states == {
        people[0].pk: "enrolled",
        people[1].pk: "enrolled",
        people[2].pk: "waitlisted",
    }
    shown = [str(m) for m in response.context["messages"]]
    assert any("2" in m for m in shown) and any("waiting list" in m for m in shown)
    body = response.content.decode()
    assert f'data-testid="waiting-{people[2].pk}"' in body
    assert '<span class="fs-4 fw-bold" data-testid="seats-left">0</span>' in body
    assert training_state(people[2]) == "planned"


def test_someone_not_on_the_worklist_cannot_be_enrolled(login, cohort):
    not_ready = quadrant_iii("Belum", ready=False)
    outside = quadrant_iii("Pacitan", prefix=PACITAN)
    client = login("coordinator")
    for person in (not_ready, outside):
        response = client.post(enrol_url(cohort), {"people": [person.pk]}, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])
    response = client.post(enrol_url(cohort), {}, follow=True)
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not Enrolment.objects.exists()


def test_outside_facilitator_sees_counts_not_names(login, cohort):
    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii("Siti Rahayu")])
    body = login("facilitator").get(detail(cohort)).content.decode()
    assert "Siti Rahayu" not in body
    assert re.search(r'data-testid="roll-call-1"', body)  # can still take the roll call
    assert 'id="worklist"' not in body


@pytest.mark.parametrize("persona, status", [(p, 200 if s == 302 else s) for p, s in MANAGE])
def test_cancel_access(login, cohort, persona, status):
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii("Siti")])
    client = login(persona)
    expected_get = 302 if persona == "anonymous" else status
    assert client.get(cancel_url(enrolment)).status_code == expected_get
    response = client.post(cancel_url(enrolment))
    assert response.status_code == (302 if status == 200 else status)
    enrolment.refresh_from_db()
    assert (enrolment.state == "cancelled") is (persona in {"admin", "coordinator"})


def test_cancel_asks_first_then_frees_the_seat(login, db, facilitator):
    small = make_cohort(capacity=1)
    first, second = quadrant_iii("Pertama"), quadrant_iii("Kedua")
    e1, e2 = cohort_enrol(actor=None, cohort=small, people=[first, second])
    client = login("coordinator")
    page = client.get(cancel_url(e1))
    assert (
        "Pertama" in page.content.decode()
        and 'data-testid="confirm-cancel"' in page.content.decode()
    )
    e1.refresh_from_db()
    assert e1.state == "enrolled"  # only asked so far
    client.post(cancel_url(e1))
    e1.refresh_from_db(), e2.refresh_from_db()
    assert (e1.state, e2.state) == ("cancelled", "enrolled")
    assert training_state(first) == "planned" and training_state(second) == "in_progress"
    assert client.get(cancel_url(e1)).status_code == 404  # already cancelled
    body = client.get(detail(small)).content.decode()
    assert f'value="{first.pk}"' in body.split('data-testid="worklist"')[1]  # back on the worklist


def test_cancel_from_the_waiting_list(login, db, facilitator):
    small = make_cohort(capacity=1)
    _e1, e2 = cohort_enrol(actor=None, cohort=small, people=[quadrant_iii("A"), quadrant_iii("B")])
    login("coordinator").post(cancel_url(e2))
    assert dict(small.enrolments.values_list("person__full_name", "state")) == {
        "A": "enrolled",
        "B": "cancelled",
    }


def test_cancel_an_enrolment_of_another_cohort_is_404(login, cohort, facilitator):
    other = make_cohort(name="Angkatan 2")
    (enrolment,) = cohort_enrol(actor=None, cohort=other, people=[quadrant_iii("A")])
    url = reverse("programme:enrolment_cancel", args=[cohort.pk, enrolment.pk])
    assert login("coordinator").post(url).status_code == 404


# Family co-enrolment: sakinah modules only.


def sakinah_cohort_with_mother(facilitator):
    mother = make_person(full_name="Ibu Sakinah")
    make_assessment(mother, "II")  # quadrant II: the sakinah mindset comes first
    spouse = HouseholdMember.objects.create(
        person=mother, full_name="Pak Suami", relation="spouse", sex="L"
    )
    child = HouseholdMember.objects.create(
        person=mother, full_name="Anak Sulung", relation="child", sex="P"
    )
    cohort = make_cohort(
        "MINDSET_SAKINAH", sessions=2, name="Sakinah 1", facilitators=[facilitator]
    )
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[mother])
    return cohort, enrolment, spouse, child


@pytest.mark.parametrize("persona, status", MANAGE)
def test_family_access(login, facilitator, persona, status):
    _cohort, enrolment, spouse, _child = sakinah_cohort_with_mother(facilitator)
    response = login(persona).post(family_url(enrolment), {"members": [spouse.pk]})
    assert response.status_code == status
    assert enrolment.family.exists() is (persona in {"admin", "coordinator"})


def test_family_members_attend_sakinah_modules(login, facilitator):
    cohort, enrolment, spouse, child = sakinah_cohort_with_mother(facilitator)
    client = login("coordinator")
    body = client.get(detail(cohort)).content.decode()
    assert f'data-testid="family-{enrolment.pk}"' in body and "Pak Suami" in body
    client.post(family_url(enrolment), {"members": [spouse.pk, child.pk]})
    assert set(enrolment.family.all()) == {spouse, child}
    client.post(family_url(enrolment), {"members": [spouse.pk]})
    assert list(enrolment.family.all()) == [spouse]
    event = AuditEvent.objects.filter(entity="enrolment", entity_id=enrolment.pk).latest("id")
    assert event.changes["family"] == [sorted([spouse.pk, child.pk]), [spouse.pk]]
    roll = client.get(reverse("programme:roll_call", args=[cohort.pk, 1])).content.decode()
    assert f'data-testid="toggle-{enrolment.pk}-{spouse.pk}"' in roll
    assert f'data-testid="toggle-{enrolment.pk}-{child.pk}"' not in roll


def test_family_only_from_the_returnees_household(login, facilitator):
    _cohort, enrolment, _spouse, _child = sakinah_cohort_with_mother(facilitator)
    stranger = make_person(full_name="Tetangga")
    neighbour = HouseholdMember.objects.create(
        person=stranger, full_name="Orang lain", relation="spouse", sex="L"
    )
    response = login("coordinator").post(
        family_url(enrolment), {"members": [neighbour.pk]}, follow=True
    )
    assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not enrolment.family.exists()


def test_no_family_in_business_modules(login, cohort):
    person = quadrant_iii("Siti")
    member = HouseholdMember.objects.create(
        person=person, full_name="Pak Suami", relation="spouse", sex="L"
    )
    (enrolment,) = cohort_enrol(actor=None, cohort=cohort, people=[person])
    client = login("coordinator")
    assert client.post(family_url(enrolment), {"members": [member.pk]}).status_code == 404
    assert "family-" not in client.get(detail(cohort)).content.decode()


def test_queries_do_not_grow_with_the_cohort(login, cohort):
    client = login("coordinator")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(detail(cohort)).status_code == 200
        return len(ctx.captured_queries)

    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii(f"A{i}") for i in range(2)])
    quadrant_iii("W0")
    few = queries()
    cohort_enrol(actor=None, cohort=cohort, people=[quadrant_iii(f"B{i}") for i in range(8)])
    [quadrant_iii(f"W{i}") for i in range(1, 6)]
    assert queries() == few

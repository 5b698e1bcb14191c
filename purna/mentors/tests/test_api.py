"""/api/v1/mentors, /participants/{nik}/assignments, /assignments, /mentor-proposals:
every endpoint with every persona, bad input (422) and conflicts (409)."""

from datetime import date, timedelta

import pytest

from purna.audit.models import AuditEvent
from purna.mentors.models import Assignment, Mentor
from tests.api import bearer
from tests.factories import assign, make_mentor

from .helpers import PACITAN_DISTRICT, SLAHUNG, TUGUREJO, WIDORO, family, peer_returnee, staff

API = "/api/v1"
READERS = [  # who may read a family's mentors: the family's staff, not viewers
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]
MANAGERS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 403),
    ("mentor", 403),
    ("viewer", 403),
    ("outsider", 403),
    ("peer_mentor", 403),
    ("anonymous", 401),
]


def post(client, user, path, body):
    return client.post(API + path, body, content_type="application/json", headers=bearer(user))


def get(client, user, path, **query):
    return client.get(API + path, query, headers=bearer(user))


def tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


# --- GET /mentors ------------------------------------------------------------------------


@pytest.mark.parametrize("persona, status", MANAGERS)
def test_mentor_list_access(client, personas, persona, status):
    staff()
    assert get(client, personas[persona], "/mentors").status_code == status


def test_mentor_list_area_and_filters(client, personas):
    rina = staff("Bu Rina", capacity=4, sectors=["food"])
    assign(family("Ani"), rina)
    Mentor.objects.filter(pk=staff("Pak Budi").pk).update(is_active=False)
    make_mentor(person=peer_returnee())
    staff("Bu Pacitan", districts=[PACITAN_DISTRICT])
    coordinator = personas["coordinator"]
    body = get(client, coordinator, "/mentors").json()
    assert body["count"] == 3
    first = next(m for m in body["items"] if m["name"] == "Bu Rina")
    assert first == {
        "id": rina.pk,
        "kind": "staff",
        "name": "Bu Rina",
        "institution": "Universitas Muhammadiyah Ponorogo",
        "sex": "P",
        "capacity": 4,
        "load": 1,
        "sectors": ["food"],
        "districts": ["35.02.17"],
        "village_code": None,
        "username": None,
        "is_active": True,
    }
    peers = get(client, coordinator, "/mentors", kind="peer").json()["items"]
    assert [m["name"] for m in peers] == ["Bu Lastri"]
    inactive = get(client, coordinator, "/mentors", active="false").json()["items"]
    assert [m["name"] for m in inactive] == ["Pak Budi"]
    assert get(client, personas["admin"], "/mentors").json()["count"] == 4
    assert get(client, coordinator, "/mentors", kind="boss").status_code == 422


@pytest.mark.parametrize("persona, status", MANAGERS)
def test_mentor_detail_access(client, personas, persona, status):
    mentor = staff()
    assert get(client, personas[persona], f"/mentors/{mentor.pk}").status_code == status


def test_mentor_detail_outside_the_directory_is_404(client, personas):
    mentor = staff(districts=[PACITAN_DISTRICT])
    assert get(client, personas["coordinator"], f"/mentors/{mentor.pk}").status_code == 404
    response = get(client, personas["admin"], f"/mentors/{mentor.pk}")
    assert response.status_code == 200 and response.json()["districts"] == [PACITAN_DISTRICT]


# --- GET /participants/{nik}/assignments -----------------------------------------------


@pytest.fixture
def ani(db):
    return family("Ani")


@pytest.mark.parametrize("persona, status", READERS)
def test_history_access(client, personas, ani, persona, status):
    assign(ani, staff())
    path = f"/participants/{ani.nik}/assignments"
    assert get(client, personas[persona], path).status_code == status


def test_the_familys_own_mentor_reads_the_history(client, personas, ani):
    assign(ani, staff(user=personas["mentor"]))
    path = f"/participants/{ani.nik}/assignments"
    assert get(client, personas["mentor"], path).status_code == 200
    other = family("Budi", sex="L")
    assign(other, staff("Pak Joko"))
    path = f"/participants/{other.nik}/assignments"
    assert get(client, personas["mentor"], path).status_code == 404


def test_history_with_reasons_newest_first(client, personas, ani):
    old = assign(ani, staff("Bu Rina"), on=date(2026, 1, 20))
    old.ended_on, old.end_reason = date(2026, 3, 1), "moved away"
    old.save()
    new = assign(ani, staff("Pak Budi"), on=date(2026, 3, 1))
    body = get(client, personas["coordinator"], f"/participants/{ani.nik}/assignments").json()
    assert [a["id"] for a in body] == [new.pk, old.pk]
    assert body[1] == {
        "id": old.pk,
        "nik": ani.nik,
        "kind": "staff",
        "mentor_id": old.mentor_id,
        "mentor_name": "Bu Rina",
        "started_on": "2026-01-20",
        "ended_on": "2026-03-01",
        "reason": "test",
        "end_reason": "moved away",
        "end_reason_label": "moved away",
        "proposed_cost": None,
    }


def test_history_of_an_unknown_nik_is_404(client, personas):
    path = "/participants/3502170000000000/assignments"
    assert get(client, personas["coordinator"], path).status_code == 404


# --- POST /assignments -------------------------------------------------------------------


def start_body(person, mentor, **extra):
    return {
        "nik": person.nik,
        "mentor_id": mentor.pk,
        "started_on": "2026-02-01",
        "reason": "lives nearby",
        **extra,
    }


@pytest.mark.parametrize("persona, status", [(p, 201 if s == 200 else s) for p, s in MANAGERS])
def test_start_access(client, personas, ani, persona, status):
    rina = staff()
    response = post(client, personas[persona], "/assignments", start_body(ani, rina))
    assert response.status_code == status, response.content
    assert Assignment.objects.count() == (1 if status == 201 else 0)


def test_start(client, personas, ani):
    rina = staff("Bu Rina")
    response = post(client, personas["coordinator"], "/assignments", start_body(ani, rina))
    assert response.status_code == 201
    body = response.json()
    assert (body["nik"], body["mentor_name"], body["kind"], body["ended_on"]) == (
        ani.nik,
        "Bu Rina",
        "staff",
        None,
    )
    event = AuditEvent.objects.get(entity="assignment")
    assert event.channel == "api" and event.person_id == ani.pk


@pytest.mark.parametrize(
    "change, field",
    [
        ({"started_on": "tomorrow"}, "started_on"),
        ({"started_on": "1800-01-01"}, "started_on"),
        ({"started_on": "soon"}, "started_on"),
        ({"reason": "  "}, "reason"),
        ({"reason": "x" * 301}, "reason"),
        ({"mentor_id": 999999}, "mentor_id"),
        ({"mentor_id": "abc"}, "mentor_id"),
        ({"nik": "3502170000000000"}, "nik"),
    ],
)
def test_start_bad_input_is_422_naming_the_field(client, personas, ani, change, field):
    body = start_body(ani, staff())
    body.update({k: tomorrow() if v == "tomorrow" else v for k, v in change.items()})
    response = post(client, personas["coordinator"], "/assignments", body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["detail"]]
    assert not Assignment.objects.exists()


def test_start_before_business_practice_started_is_422_naming_the_date(client, personas, ani):
    body = start_body(ani, staff(), started_on="1990-01-01")
    response = post(client, personas["coordinator"], "/assignments", body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "started_on" and "15 Jan 2026" in error["msg"]
    assert not Assignment.objects.exists()


def test_start_outside_the_area_is_422_not_a_leak(client, personas):
    widoro = family("Widoro", village=WIDORO)
    response = post(client, personas["coordinator"], "/assignments", start_body(widoro, staff()))
    assert response.status_code == 422 and not Assignment.objects.exists()


def test_start_conflicts_are_409(client, personas, ani):
    coordinator = personas["coordinator"]
    full = staff("Bu Penuh", capacity=1)
    assign(family("Budi", sex="L"), full)
    response = post(client, coordinator, "/assignments", start_body(ani, full))
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assign(ani, staff("Pak Joko"))
    response = post(client, coordinator, "/assignments", start_body(ani, staff("Bu Rina")))
    assert response.status_code == 409
    inactive = make_mentor(person=peer_returnee())
    Mentor.objects.filter(pk=inactive.pk).update(is_active=False)
    response = post(client, coordinator, "/assignments", start_body(ani, inactive))
    assert response.status_code == 409
    assert Assignment.objects.filter(person=ani).count() == 1


# --- POST /assignments/{id}/change and /end ------------------------------------------------


@pytest.fixture
def open_assignment(ani):
    return assign(ani, staff("Bu Rina"), on=date(2026, 1, 20))


CHANGERS = [
    ("admin", 201),
    ("coordinator", 201),
    ("field_officer", 403),
    ("mentor", 404),  # not this family's mentor
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]


@pytest.mark.parametrize("persona, status", CHANGERS)
def test_change_access(client, personas, open_assignment, persona, status):
    budi = staff("Pak Budi")
    body = {"mentor_id": budi.pk, "on": "2026-04-01", "reason": "moved"}
    path = f"/assignments/{open_assignment.pk}/change"
    assert post(client, personas[persona], path, body).status_code == status


def test_the_familys_mentor_may_not_change_it(client, personas, open_assignment):
    Mentor.objects.filter(pk=open_assignment.mentor_id).update(user=personas["mentor"])
    body = {"mentor_id": staff("Pak Budi").pk, "on": "2026-04-01", "reason": "x"}
    path = f"/assignments/{open_assignment.pk}/change"
    assert post(client, personas["mentor"], path, body).status_code == 403


def test_change_keeps_the_history(client, personas, open_assignment):
    budi = staff("Pak Budi")
    response = post(
        client,
        personas["coordinator"],
        f"/assignments/{open_assignment.pk}/change",
        {"mentor_id": budi.pk, "on": "2026-04-01", "reason": "Bu Rina moved away"},
    )
    assert response.status_code == 201
    assert response.json()["mentor_name"] == "Pak Budi"
    open_assignment.refresh_from_db()
    assert open_assignment.ended_on == date(2026, 4, 1)
    assert open_assignment.end_reason == "Bu Rina moved away"
    assert Assignment.objects.count() == 2


@pytest.mark.parametrize(
    "change, status",
    [
        ({"reason": ""}, 422),
        ({"on": "2026-01-01"}, 422),  # before the assignment started
        ({"on": "tomorrow"}, 422),
        ({"mentor_id": "same"}, 422),
        ({"mentor_id": "peer"}, 422),  # another kind
        ({"mentor_id": "full"}, 409),
    ],
)
def test_change_refused(client, personas, open_assignment, change, status):
    full = staff("Bu Penuh", capacity=1)
    assign(family("Budi", sex="L"), full)
    mentors = {
        "same": open_assignment.mentor_id,
        "peer": make_mentor(person=peer_returnee()).pk,
        "full": full.pk,
    }
    body = {"mentor_id": staff("Pak Budi").pk, "on": "2026-04-01", "reason": "x"}
    for key, value in change.items():
        body[key] = mentors.get(value, tomorrow() if value == "tomorrow" else value)
    path = f"/assignments/{open_assignment.pk}/change"
    response = post(client, personas["coordinator"], path, body)
    assert response.status_code == status, response.content
    open_assignment.refresh_from_db()
    assert open_assignment.ended_on is None


@pytest.mark.parametrize("persona, status", [(p, 200 if s == 201 else s) for p, s in CHANGERS])
def test_end_access(client, personas, open_assignment, persona, status):
    path = f"/assignments/{open_assignment.pk}/end"
    body = {"on": "2026-05-01", "reason": "graduated"}
    assert post(client, personas[persona], path, body).status_code == status


def test_end_and_end_again(client, personas, open_assignment):
    path = f"/assignments/{open_assignment.pk}/end"
    coordinator = personas["coordinator"]
    response = post(client, coordinator, path, {"on": "2026-05-01", "reason": "moved"})
    assert response.status_code == 200
    assert (response.json()["ended_on"], response.json()["end_reason"]) == ("2026-05-01", "moved")
    again = post(client, coordinator, path, {"on": "2026-05-02", "reason": "moved"})
    assert again.status_code == 409


@pytest.mark.parametrize(
    "body", [{"on": "2026-05-01"}, {"on": "2026-01-01", "reason": "x"}, {"reason": "x"}]
)
def test_end_bad_input(client, personas, open_assignment, body):
    path = f"/assignments/{open_assignment.pk}/end"
    assert post(client, personas["coordinator"], path, body).status_code == 422
    open_assignment.refresh_from_db()
    assert open_assignment.ended_on is None


def test_unknown_assignment_is_404(client, personas):
    body = {"on": "2026-05-01", "reason": "x"}
    assert post(client, personas["coordinator"], "/assignments/999/end", body).status_code == 404


# --- POST /mentor-proposals ------------------------------------------------------------------


@pytest.fixture
def scene(db):
    return {
        "ani": family("Ani", interests=["food"]),
        "budi": family("Budi", sex="L", village=TUGUREJO, same_sex=True),
        "rina": staff("Bu Rina", capacity=2, sectors=["food"]),
        "joko": staff("Pak Joko", sex="L", districts=[SLAHUNG], capacity=2),
    }


@pytest.mark.parametrize("persona, status", MANAGERS)
def test_proposal_access(client, personas, scene, persona, status):
    response = post(client, personas[persona], "/mentor-proposals", {"kind": "staff"})
    assert response.status_code == status


def test_proposal_writes_nothing_and_explains_each_pair(client, personas, scene):
    response = post(client, personas["coordinator"], "/mentor-proposals", {"kind": "staff"})
    assert response.status_code == 200 and not Assignment.objects.exists()
    body = response.json()
    pairs = {p["full_name"]: p for p in body["pairs"]}
    assert pairs["Ani"]["mentor_name"] == "Bu Rina" and pairs["Budi"]["mentor_name"] == "Pak Joko"
    assert pairs["Ani"] | {"nik": None} == {
        "nik": None,
        "full_name": "Ani",
        "village_code": "35.02.17.1001",
        "mentor_id": scene["rina"].pk,
        "mentor_name": "Bu Rina",
        "cost": 10,
        "distance": "district",
        "sector_match": True,
        "same_sex": True,
        "wants_same_sex": False,
    }
    assert pairs["Budi"]["wants_same_sex"] and pairs["Budi"]["same_sex"]
    assert body["cost"] == 20 and body["more"] == 0
    assert {m["name"] for m in body["mentors"]} == {"Bu Rina", "Pak Joko"}


def test_proposal_district_filter(client, personas, scene):
    query = {"kind": "staff", "district": "350201"}
    body = post(client, personas["coordinator"], "/mentor-proposals", query).json()
    assert [p["full_name"] for p in body["pairs"]] == ["Budi"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "boss"}, "kind"),
        ({}, "kind"),
        ({"kind": "staff", "district": "35.02"}, "district"),
        ({"kind": "staff", "district": "abc"}, "district"),
    ],
)
def test_proposal_bad_input(client, personas, body, field):
    response = post(client, personas["coordinator"], "/mentor-proposals", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["detail"]]


# --- POST /mentor-proposals/accept -----------------------------------------------------------


def accept_body(*pairs, **extra):
    return {
        "kind": "staff",
        "started_on": "2026-02-01",
        "pairs": [
            {"nik": p.nik, "mentor_id": m.pk, "proposed": proposed} for p, m, proposed in pairs
        ],
        **extra,
    }


@pytest.mark.parametrize("persona, status", [(p, 201 if s == 200 else s) for p, s in MANAGERS])
def test_accept_access(client, personas, scene, persona, status):
    body = accept_body((scene["ani"], scene["rina"], True))
    response = post(client, personas[persona], "/mentor-proposals/accept", body)
    assert response.status_code == status


def test_accept_creates_every_pair(client, personas, scene):
    body = accept_body((scene["ani"], scene["rina"], True), (scene["budi"], scene["rina"], False))
    response = post(client, personas["coordinator"], "/mentor-proposals/accept", body)
    assert response.status_code == 201
    got = {a.person.full_name: a for a in Assignment.objects.all()}
    assert got["Ani"].proposed_cost == 10 and got["Budi"].proposed_cost is None
    assert got["Ani"].reason  # "proposal accepted", in the request's language
    assert {a["nik"] for a in response.json()} == {scene["ani"].nik, scene["budi"].nik}


def test_accept_before_business_practice_started_is_422_and_writes_nothing(client, personas, scene):
    body = accept_body(
        (scene["ani"], scene["rina"], True),
        (scene["budi"], scene["rina"], True),
        started_on="1990-01-01",
    )
    response = post(client, personas["coordinator"], "/mentor-proposals/accept", body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["started_on"]
    assert not Assignment.objects.exists()


def test_accept_stale_or_over_capacity_is_409_and_writes_nothing(client, personas, scene):
    coordinator = personas["coordinator"]
    Mentor.objects.filter(pk=scene["rina"].pk).update(capacity=1)
    body = accept_body((scene["ani"], scene["rina"], True), (scene["budi"], scene["rina"], True))
    response = post(client, coordinator, "/mentor-proposals/accept", body)
    assert response.status_code == 409 and "Bu Rina" in response.json()["detail"]
    assign(scene["budi"], scene["joko"])
    body = accept_body((scene["ani"], scene["rina"], True), (scene["budi"], scene["rina"], True))
    assert post(client, coordinator, "/mentor-proposals/accept", body).status_code == 409
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda b: b.update(pairs=[]), "pairs"),
        (lambda b: b.update(kind="boss"), "kind"),
        (lambda b: b.update(started_on=tomorrow()), "started_on"),
        (lambda b: b["pairs"][0].update(nik="3502170000000000"), "pairs.0.nik"),
        (lambda b: b["pairs"][0].update(mentor_id=999999), "pairs.0.mentor_id"),
        (lambda b: b.update(kind="peer"), "pairs"),  # a staff mentor for peer pairs
        (lambda b: b["pairs"].append(dict(b["pairs"][0])), "body"),  # a family twice
    ],
)
def test_accept_bad_input_is_422(client, personas, scene, mutate, field):
    body = accept_body((scene["ani"], scene["rina"], True))
    mutate(body)
    response = post(client, personas["coordinator"], "/mentor-proposals/accept", body)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["detail"]]
    assert not Assignment.objects.exists()

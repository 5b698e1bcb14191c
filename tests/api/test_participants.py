"""GET /api/v1/participants and /api/v1/participants/{nik}."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from purna.accounts.models import Role
from purna.people.models import HouseholdMember, MigrationEpisode
from purna.people.services import record_save
from tests.api import bearer
from tests.factories import (
    PACITAN,
    QUADRANT_ANSWERS,
    answers_for,
    make_assessment,
    make_person,
    make_user,
)

URL = "/api/v1/participants"
OTHER_PONOROGO_DISTRICT = "35.02.01"  # Ponorogo regency, outside the field officer's district


def get(client, user, path=URL, **params):
    return client.get(path, params, headers=bearer(user))


# --- list ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status, count",
    [
        ("admin", 200, 3),
        ("coordinator", 200, 2),
        ("field_officer", 200, 1),
        ("mentor", 200, 0),  # accompanies none of them
        ("viewer", 403, None),
        ("outsider", 200, 1),
        ("anonymous", 401, None),
    ],
)
def test_list_access(client, personas, persona, status, count):
    make_person(full_name="Kota")
    make_person(full_name="Desa", village_code_prefix=OTHER_PONOROGO_DISTRICT)
    make_person(full_name="Pacitan", village_code_prefix=PACITAN)
    response = get(client, personas[persona])
    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count
    else:
        assert "items" not in response.json()


def test_a_mentor_lists_only_the_families_they_accompany(client, personas, accompany):
    mine = make_person(full_name="Keluarga Binaan")
    make_person(full_name="Kota")
    far = make_person(full_name="Binaan Pacitan", village_code_prefix=PACITAN)
    accompany(mine), accompany(far)  # assigned outside the mentor's area: still theirs
    response = get(client, personas["mentor"])
    assert response.status_code == 200
    assert sorted(i["full_name"] for i in response.json()["items"]) == [
        "Binaan Pacitan",
        "Keluarga Binaan",
    ]
    assert response.json()["count"] == 2
    assert names(get(client, personas["mentor"], q="kota")) == []


def test_a_mentor_without_area_or_families_lists_nobody(client, personas, person):
    nowhere = make_user("mentor_nowhere", Role.MENTOR)  # no area: the country, for staff
    make_person(full_name="Pacitan", village_code_prefix=PACITAN)
    assert get(client, nowhere).json()["count"] == 0
    assert get(client, nowhere, f"{URL}/{person.nik}").status_code == 404


def test_list_item_fields(client, personas):
    person = make_person(full_name="Siti Aminah", phone="0812")
    make_assessment(person, "II")
    item = get(client, personas["coordinator"]).json()["items"][0]
    village = person.village
    assert item == {
        "nik": person.nik,
        "full_name": "Siti Aminah",
        "sex": "P",
        "birth_date": "1985-09-05",
        "village_code": village.code,
        "village_name": village.name,
        "district_code": "35.02.17",
        "district_name": village.district.name,
        "quadrant": "II",
        "business_score": 100.0,
        "sakinah_score": 0.0,
        "status": "identified",
        "pathway": ["MINDSET_SAKINAH", "TRAINING_SAKINAH", "PRACTICE", "MENTORING"],
    }
    assert "phone" not in item  # personal details only on the detail


def test_unassessed_person_has_no_quadrant_or_pathway(client, personas):
    make_person()
    item = get(client, personas["coordinator"]).json()["items"][0]
    assert item["quadrant"] is None
    assert item["pathway"] == []
    assert item["status"] == "registered"
    assert item["business_score"] is None


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["full_name"] for item in response.json()["items"]]


@pytest.mark.parametrize("district", ["35.02.17", "350217", " 35.02.17 "])
def test_filter_by_district_either_code_form(client, personas, district):
    make_person(full_name="Kota")
    make_person(full_name="Desa", village_code_prefix=OTHER_PONOROGO_DISTRICT)
    assert names(get(client, personas["coordinator"], district=district)) == ["Kota"]


@pytest.mark.parametrize("district", ["35.02", "35.02.17.1001", "abc", "35-02-17", "00.00.00"])
def test_bad_district_is_422_naming_the_field(client, personas, district):
    response = get(client, personas["coordinator"], district=district)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["detail"]] == ["district"]


def test_district_outside_the_area_finds_nobody(client, personas):
    make_person(full_name="Desa", village_code_prefix=OTHER_PONOROGO_DISTRICT)
    assert names(get(client, personas["field_officer"], district="350201")) == []


def test_filter_by_quadrant_and_status(client, personas):
    for quadrant in ("I", "II", "III", "IV"):
        make_assessment(make_person(full_name=f"Q{quadrant}"), quadrant)
    make_person(full_name="New")
    user = personas["coordinator"]
    assert names(get(client, user, quadrant="III")) == ["QIII"]
    assert names(get(client, user, quadrant="IV")) == ["QIV"]
    assert names(get(client, user, status="registered")) == ["New"]
    assert names(get(client, user, status="identified")) == ["QI", "QII", "QIII", "QIV"]
    assert names(get(client, user, status="identified", quadrant="I")) == ["QI"]


@pytest.mark.parametrize("params", [{"quadrant": "V"}, {"status": "done"}, {"page": 0}])
def test_bad_filter_values_are_422(client, personas, params):
    response = get(client, personas["coordinator"], **params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == next(iter(params))


def test_search_by_name_or_nik(client, personas):
    siti = make_person(full_name="Siti Aminah")
    make_person(full_name="Budi Santoso", sex="L", birth_date=date(1980, 1, 2))
    user = personas["coordinator"]
    assert names(get(client, user, q="amin")) == ["Siti Aminah"]
    assert names(get(client, user, q=siti.nik)) == ["Siti Aminah"]
    assert names(get(client, user, q=siti.nik[:12])) == ["Siti Aminah"]
    assert names(get(client, user, q="nobody")) == []


def test_pagination_is_stable_and_counted(client, personas):
    for name in ["Eko", "Ani", "Dewi", "Budi", "Citra"]:
        make_person(full_name=name)
    make_person(full_name="Ani")  # same name: the id keeps the order stable
    user = personas["coordinator"]
    first = get(client, user, page_size=4).json()
    second = get(client, user, page_size=4, page=2).json()
    assert first["count"] == second["count"] == 6
    assert [i["full_name"] for i in first["items"]] == ["Ani", "Ani", "Budi", "Citra"]
    assert [i["full_name"] for i in second["items"]] == ["Dewi", "Eko"]
    niks = [i["nik"] for i in first["items"] + second["items"]]
    assert len(set(niks)) == 6
    assert get(client, user, page=3, page_size=4).json()["items"] == []


def test_list_queries_do_not_grow_with_the_page(client, personas, django_assert_max_num_queries):
    user = personas["coordinator"]
    headers = bearer(user)
    client.get(URL, headers=headers)  # the token's first use writes last_used_at
    make_assessment(make_person(full_name="A"), "I")

    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL, headers=headers).json()["items"]) == 1
    for i in range(5):
        make_assessment(make_person(full_name=f"B{i}"), "IV")
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(URL, headers=headers).json()["items"]) == 6


# --- detail ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not a family the mentor accompanies
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_detail_access(client, personas, persona, status):
    person = make_person()
    response = get(client, personas[persona], f"{URL}/{person.nik}")
    assert response.status_code == status
    assert ("full_name" in response.json()) == (status == 200)


def test_detail_outside_field_officers_district_is_404(client, personas):
    person = make_person(village_code_prefix=OTHER_PONOROGO_DISTRICT)
    assert get(client, personas["field_officer"], f"{URL}/{person.nik}").status_code == 404
    assert get(client, personas["coordinator"], f"{URL}/{person.nik}").status_code == 200


def test_detail_for_a_mentor_only_of_their_own_family(client, personas, accompany):
    mine, other = make_person(), make_person(full_name="Keluarga Lain")
    assignment = accompany(mine)
    assert get(client, personas["mentor"], f"{URL}/{mine.nik}").status_code == 200
    assert get(client, personas["mentor"], f"{URL}/{other.nik}").status_code == 404
    assignment.ended_on = date(2026, 3, 1)
    assignment.save(update_fields=["ended_on"])
    assert get(client, personas["mentor"], f"{URL}/{mine.nik}").status_code == 404


def test_unknown_nik_is_404(client, personas):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages follow the UI language
    response = get(client, personas["admin"], f"{URL}/3502170101900001")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}  # no model name, even in DEBUG


def test_detail_with_assessments_and_divergence(client, personas, accompany):
    person = make_person(phone="081234567890")
    accompany(person)  # read by the mentor who accompanies the family
    record_save(
        actor=None,
        instance=HouseholdMember(person=person),
        full_name="Ahmad",
        relation="spouse",
        sex="L",
    )
    record_save(
        actor=None,
        instance=MigrationEpisode(person=person),
        destination="HK",
        sector="domestic",
        departed_on=date(2015, 3, 1),
        returned_on=date(2021, 3, 1),
    )
    older = make_assessment(person, "I", assessed_on=date(2025, 6, 1))
    current = make_assessment(person, "IV", assessed_on=date(2026, 2, 1))
    # The spouse sees business ability quite differently (> 20 points), sakinah alike.
    spouse = make_assessment(
        person, source="spouse", assessed_on=date(2026, 2, 2), answers=answers_for(3, 5)
    )
    # An officer close to the self assessment (a difference of exactly 0).
    officer = make_assessment(person, "IV", source="officer", assessed_on=date(2026, 2, 3))

    response = get(client, personas["mentor"], f"{URL}/{person.nik}")
    assert response.status_code == 200
    data = response.json()
    assert data["nik"] == person.nik
    assert data["phone"] == "081234567890"
    assert data["nik_flags"] == []
    assert data["household_count"] == 1
    assert data["migrations_count"] == 1
    assert data["quadrant"] == "IV"
    assert data["pathway"] == ["FIELD_VERIFICATION", "PEER_MENTOR"]

    by_id = {a["id"]: a for a in data["assessments"]}
    assert [a["id"] for a in data["assessments"]] == [officer.pk, spouse.pk, current.pk, older.pk]
    assert by_id[spouse.pk]["divergent_axes"] == ["business"]
    assert by_id[spouse.pk]["business_score"] == 50.0
    assert by_id[officer.pk]["divergent_axes"] == []
    assert by_id[current.pk]["divergent_axes"] == []
    assert by_id[older.pk]["divergent_axes"] == []  # an older self assessment is history
    assert by_id[current.pk] == {
        "id": current.pk,
        "assessed_on": "2026-02-01",
        "source": "self",
        "instrument_version": current.instrument.version,
        "answers": QUADRANT_ANSWERS["IV"],
        "business_score": 100.0,
        "sakinah_score": 100.0,
        "quadrant": "IV",
        "complete": True,
        "divergent_axes": [],
        "recorded_at": by_id[current.pk]["recorded_at"],
    }
    assert by_id[older.pk]["quadrant"] == "I"


def test_divergence_on_both_axes(client, personas):
    person = make_person()
    make_assessment(person, "IV")
    spouse = make_assessment(person, "I", source="spouse")
    data = get(client, personas["coordinator"], f"{URL}/{person.nik}").json()
    flagged = {a["id"]: a["divergent_axes"] for a in data["assessments"]}
    assert flagged[spouse.pk] == ["business", "sakinah"]


def test_no_divergence_without_a_self_assessment(client, personas):
    person = make_person()
    spouse = make_assessment(person, "I", source="spouse")
    data = get(client, personas["coordinator"], f"{URL}/{person.nik}").json()
    assert data["quadrant"] is None
    assert data["assessments"][0]["id"] == spouse.pk
    assert data["assessments"][0]["divergent_axes"] == []


def test_incomplete_assessment(client, personas):
    person = make_person()
    make_assessment(person, answers={"E01": 4})
    data = get(client, personas["coordinator"], f"{URL}/{person.nik}").json()
    [assessment] = data["assessments"]
    assert assessment["complete"] is False
    assert assessment["quadrant"] is None
    assert assessment["business_score"] is None
    assert assessment["answers"]["E01"] == 4
    assert assessment["answers"]["S01"] is None
    assert data["status"] == "registered"


def test_detail_queries_do_not_grow_with_assessments(
    client, personas, django_assert_max_num_queries
):
    person = make_person()
    headers = bearer(personas["coordinator"])
    make_assessment(person, "II")
    client.get(f"{URL}/{person.nik}", headers=headers)
    with CaptureQueriesContext(connection) as one:
        client.get(f"{URL}/{person.nik}", headers=headers)
    for source in ("spouse", "officer", "mentor", "family"):
        make_assessment(person, "I", source=source)
    with django_assert_max_num_queries(len(one)):
        assert len(client.get(f"{URL}/{person.nik}", headers=headers).json()["assessments"]) == 5


def test_programme_statuses_are_listed_and_filterable(client_for, person):
    from purna.programme.models import Module
    from purna.programme.services import plan_step_set

    make_assessment(person, "I")
    person.refresh_from_db()
    plan_step_set(
        actor=None,
        person=person,
        module=Module.objects.get(code="MINDSET_BUSINESS"),
        state="in_progress",
    )
    client = client_for("coordinator")
    response = client.get("/api/v1/participants", {"status": "in_training"})
    assert response.status_code == 200
    assert [p["status"] for p in response.json()["items"]] == ["in_training"]

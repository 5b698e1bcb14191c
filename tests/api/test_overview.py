"""GET /api/v1/overview: counts per quadrant per district, small counts hidden for viewers."""

import pytest

from tests.api import bearer
from tests.factories import PACITAN, make_assessment, make_person

URL = "/api/v1/overview"
CITY = "35.02.17"
OTHER = "35.02.01"


def people(district: str, quadrant: str | None, n: int) -> None:
    for i in range(n):
        person = make_person(full_name=f"{district} {quadrant} {i}", village_code_prefix=district)
        if quadrant:
            make_assessment(person, quadrant)


@pytest.fixture
def population(db):
    people(CITY, "IV", 5)
    people(CITY, "I", 2)
    people(OTHER, None, 6)
    people(OTHER, "II", 5)
    people(PACITAN, "III", 1)


def rows(response) -> dict[str, dict]:
    assert response.status_code == 200, response.content
    return {row.pop("district_code"): row for row in response.json()["districts"]}


@pytest.mark.parametrize(
    "persona, status, districts",
    [
        ("admin", 200, {CITY, OTHER, "35.01.01"}),
        ("coordinator", 200, {CITY, OTHER}),
        ("field_officer", 200, {CITY}),
        ("mentor", 200, {CITY, OTHER}),
        ("viewer", 200, {CITY, OTHER}),
        ("outsider", 200, {"35.01.01"}),
        ("anonymous", 401, None),
    ],
)
def test_access_and_area(client, personas, population, persona, status, districts):
    response = client.get(URL, headers=bearer(personas[persona]))
    assert response.status_code == status
    if districts is not None:
        assert set(rows(response)) == districts


def test_exact_counts_for_those_who_work_with_people(client, personas, population):
    response = client.get(URL, headers=bearer(personas["coordinator"]))
    assert response.json()["suppressed"] is False
    result = rows(response)
    city = result[CITY]
    assert city.pop("district_name")
    assert city == {"I": 2, "II": 0, "III": 0, "IV": 5, "unclassified": 0, "total": 7}
    assert result[OTHER] | {"district_name": ""} == {
        "district_name": "",
        "I": 0,
        "II": 5,
        "III": 0,
        "IV": 0,
        "unclassified": 6,
        "total": 11,
    }


def test_viewer_gets_small_counts_hidden(client, personas, population):
    response = client.get(URL, headers=bearer(personas["viewer"]))
    assert response.json()["suppressed"] is True
    result = rows(response)
    city = {k: v for k, v in result[CITY].items() if k != "district_name"}
    # 2 in quadrant I is hidden, and so is IV: 7 - 5 would give the 2 back.
    assert city == {"I": None, "II": 0, "III": 0, "IV": None, "unclassified": 0, "total": 7}
    other = {k: v for k, v in result[OTHER].items() if k != "district_name"}
    assert other == {"I": 0, "II": 5, "III": 0, "IV": 0, "unclassified": 6, "total": 11}


def test_viewer_small_district_is_hidden_entirely(client, personas):
    people(CITY, "I", 1)
    people(CITY, None, 2)
    result = rows(client.get(URL, headers=bearer(personas["viewer"])))
    city = {k: v for k, v in result[CITY].items() if k != "district_name"}
    assert city == {"I": None, "II": 0, "III": 0, "IV": 0, "unclassified": None, "total": None}


def test_aggregates_only_never_names(client, personas, population):
    for persona in ("viewer", "coordinator"):
        text = client.get(URL, headers=bearer(personas[persona])).content.decode()
        assert f"{CITY} IV 0" not in text
        assert "nik" not in text.lower()


def test_empty_area(client, personas):
    response = client.get(URL, headers=bearer(personas["viewer"]))
    assert response.json() == {"suppressed": True, "districts": []}

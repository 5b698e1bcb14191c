import pytest
from django.urls import reverse

from tests.factories import PACITAN, make_assessment, make_person

URL = reverse("overview:index")


@pytest.fixture
def population(db):
    people = [make_person(full_name=f"Orang {i}") for i in range(7)]
    for p in people[:6]:
        make_assessment(p, "IV")
    make_assessment(people[6], "I")
    make_assessment(make_person(full_name="Pacitan", village_code_prefix=PACITAN), "II")
    return people


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 200),
        ("peer_mentor", 403),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_access(client_for, population, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_counts_per_quadrant_in_the_area(client_for, population):
    response = client_for("coordinator").get(URL)
    rows = response.context["rows"]
    assert len(rows) == 1 and rows[0]["name"] == "Ponorogo"
    assert rows[0]["counts"]["IV"] == 6 and rows[0]["counts"]["I"] == 1
    assert rows[0]["counts"]["II"] == 0


def test_viewer_sees_small_counts_suppressed_and_no_names(client_for, population):
    response = client_for("viewer").get(URL)
    row = response.context["rows"][0]
    # I (1) is small; IV is hidden too, else total 7 minus IV 6 would give I back.
    assert row["counts"]["I"] is None and row["counts"]["IV"] is None
    assert row["total"] == 7 and row["counts"]["II"] == 0
    body = response.content.decode()
    assert "&lt;5" in body and "Orang" not in body


def test_a_mentor_keeps_the_exact_counts_of_the_area_and_sees_no_names(client_for, population):
    """Mentors list only their own families, but the overview is counts of the programme
    in their area (they are staff): exact, and without a name."""
    response = client_for("mentor").get(URL)
    row = response.context["rows"][0]
    assert row["counts"]["IV"] == 6 and row["counts"]["I"] == 1 and row["total"] == 7
    assert not response.context["suppressed"]
    assert "Orang" not in response.content.decode()


def test_quadrant_filter(client_for, population):
    rows = client_for("coordinator").get(URL, {"quadrant": "I"}).context["rows"]
    assert rows[0]["counts"]["IV"] == 0 and rows[0]["total"] == 1


def test_district_outside_the_area_is_ignored(client_for, population):
    rows = client_for("coordinator").get(URL, {"district": "35.01.01"}).context["rows"]
    assert sum(r["total"] for r in rows) == 7


def test_empty_state(client_for, personas):
    assert "alert-light" in client_for("coordinator").get(URL).content.decode()

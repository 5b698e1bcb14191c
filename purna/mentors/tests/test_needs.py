"""Who needs a mentor: practising families without a staff mentor, and without a peer."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from purna.people.models import Person
from tests.factories import assign, make_mentor

from .helpers import (
    SLAHUNG,
    TUGUREJO,
    WIDORO,
    classes_of,
    family,
    is_big_tap_target,
    peer_returnee,
    staff,
)

URL = reverse("mentors:needs")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_get_only(client_for):
    assert client_for("coordinator").post(URL).status_code == 405


def sections(response) -> dict[str, list[str]]:
    return {
        s["kind"]: [p.full_name for p in s["page"].object_list]
        for s in response.context["sections"]
    }


def test_the_two_sections(client_for):
    family("Ani", on=date(2026, 2, 1))
    budi = family("Budi", sex="L", on=date(2026, 1, 5))
    citra = family("Citra")
    assign(citra, staff())
    assign(citra, make_mentor(person=peer_returnee()))
    assign(budi, staff("Pak Joko"))
    family("Dewi", practice=False)
    gone = family("Eka")
    Person.objects.filter(pk=gone.pk).update(withdrawn_on=date(2026, 3, 1))
    done = family("Fitri")
    Person.objects.filter(pk=done.pk).update(graduated_on=date(2026, 3, 1))
    family("Gita", village=WIDORO)  # outside the area
    response = client_for("coordinator").get(URL)
    # The longest waiting first.
    assert sections(response) == {"staff": ["Ani"], "peer": ["Budi", "Ani"]}
    html = response.content.decode()
    assert 'data-testid="propose-staff"' in html and 'data-testid="propose-peer"' in html


def test_an_ended_assignment_puts_the_family_back(client_for):
    ani = family("Ani")
    assignment = assign(ani, staff())
    client = client_for("coordinator")
    assert sections(client.get(URL))["staff"] == []
    assignment.ended_on, assignment.end_reason = date(2026, 3, 1), "moved"
    assignment.save()
    assert sections(client.get(URL))["staff"] == ["Ani"]


def test_district_filter_and_pages(client_for):
    family("Ani")
    for i in range(26):
        family(f"Slahung {i:02d}", village=TUGUREJO)
    client = client_for("admin")
    response = client.get(URL, {"district": SLAHUNG})
    assert len(sections(response)["staff"]) == 25
    assert response.context["sections"][0]["page"].paginator.count == 26
    second = client.get(URL, {"district": SLAHUNG, "page": 2, "peer_page": 1})
    assert sections(second)["staff"] == ["Slahung 25"]
    assert len(sections(second)["peer"]) == 25
    assert "peer_page=2" in second.content.decode()
    assert "district=35.02.01" in second.content.decode()


def test_nobody_waiting(client_for):
    page = client_for("coordinator").get(URL).content.decode()
    assert 'data-testid="propose-staff"' not in page


def test_the_practice_date_reads_as_a_date_and_the_buttons_are_big(client_for):
    ani = family("Ani", on=date(2026, 2, 1))
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(URL).content.decode()
    assert "practice since 1 Feb 2026" in page and "Feb. 1" not in page
    for testid in (f"assign-staff-{ani.pk}", f"wishes-staff-{ani.pk}"):
        assert is_big_tap_target(classes_of(page, testid)), testid

"""The "Ready for independence" screen."""

import pytest
from django.urls import reverse

from tests.factories import make_person

from .helpers import in_english, in_practice, ready_family

URL = reverse("graduation:candidates")


@pytest.fixture
def families(person):
    ready_family(person)
    waiting = in_practice(make_person(full_name="Aminah Waiting"))
    other = in_practice(make_person(full_name="Other District", village_code_prefix="35.02.01"))
    return {"ready": person, "waiting": waiting, "other": other}


def listed(response):
    page = response.content.decode()
    return [
        (
            int(chunk.split('data-person="')[1].split('"')[0]),
            chunk.split('data-ready="')[1].split('"')[0] == "true",
        )
        for chunk in page.split('data-testid="candidate"')[1:]
    ]


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, families, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_wrong_method(client_for):
    assert client_for("coordinator").post(URL).status_code == 405


def test_ready_families_first_with_each_criterion(client_for, families):
    response = in_english(client_for("coordinator")).get(URL)
    assert listed(response) == [
        (families["ready"].pk, True),
        (families["waiting"].pk, False),
        (families["other"].pk, False),
    ]
    page = response.content.decode()
    assert reverse("graduation:confirm", args=[families["ready"].pk]) in page
    assert reverse("graduation:confirm", args=[families["waiting"].pk]) not in page
    # Why the waiting family is not ready, criterion by criterion.
    waiting = next(
        chunk
        for chunk in page.split('data-testid="candidate"')
        if f'data-person="{families["waiting"].pk}"' in chunk
    )
    assert "Not finished: Entrepreneurship mindset, Entrepreneurship training" not in waiting
    assert "Not finished: Business practice, Coaching and mentoring." in waiting
    assert "Profitable months: 0 of 8." in waiting
    assert "No decent-life check recorded yet." in waiting
    assert "Latest self assessment: quadrant III." in waiting


def test_states_the_rules_in_force(client_for, families):
    page = in_english(client_for("coordinator")).get(URL).content.decode()
    assert "with a profit in at least 6 of the last 8 complete months" in page
    assert reverse("graduation:rules") not in page  # coordinators do not change them
    assert reverse("graduation:rules") in in_english(client_for("admin")).get(URL).content.decode()


def test_ready_only_and_district_filters(client_for, families):
    client = client_for("coordinator")
    assert listed(client.get(URL + "?ready=on")) == [(families["ready"].pk, True)]
    district = families["other"].village.district_id
    assert listed(client.get(URL + f"?district={district}")) == [(families["other"].pk, False)]


def test_partial_for_htmx(client_for, families):
    response = client_for("coordinator").get(URL + "?ready=on", headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert len(listed(response)) == 1


def test_pages_of_fifty(client_for, person):
    for i in range(51):
        in_practice(make_person(full_name=f"Family {i:02d}"))
    client = client_for("coordinator")
    assert len(listed(client.get(URL))) == 50
    assert len(listed(client.get(URL + "?page=2"))) == 1


def test_district_dropdown_shows_names_only(client_for, families):
    district = families["other"].village.district
    page = client_for("coordinator").get(URL).content.decode()
    select = page.split('data-testid="district"')[1].split("</select>")[0]
    assert f'<option value="{district.pk}">{district.name}</option>' in select
    assert f"({district.pk})" not in select


def test_practice_start_date_without_dots(client_for, families):
    page = in_english(client_for("coordinator")).get(URL).content.decode()
    assert "practice since 1 Sep 2025" in page
    assert "Sept." not in page and "Sep." not in page

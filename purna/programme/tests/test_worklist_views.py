"""The follow-up screens: the index of worklists, each list, its filters and CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from purna.programme.cohorts import cohort_enrol
from purna.programme.tests.test_worklists import (
    OTHER_DISTRICT,
    TODAY,
    cohort,
    identified,
    ready_for_training,
)
from purna.programme.worklists import WORKLISTS
from tests.factories import PACITAN

INDEX = reverse("programme:followup")


def list_url(slug="not-enrolled"):
    return reverse("programme:followup_list", args=[slug])


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def waiting(db):
    """Three identified returnees in no cohort: two in the coordinator's regency, one not."""
    return (
        identified("Siti Kota", phone="081234567890"),
        identified("Ngrayun", prefix=OTHER_DISTRICT),
        identified("Pacitan", prefix=PACITAN),
    )


ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 200),
    ("viewer", 403),
    ("outsider", 200),  # their own area
    ("anonymous", 302),
]


@pytest.mark.parametrize("persona, status", ACCESS)
def test_index_access(client_for, persona, status):
    response = client_for(persona).get(INDEX)
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("slug", list(WORKLISTS))
@pytest.mark.parametrize("persona, status", ACCESS)
def test_list_access(client_for, persona, status, slug):
    response = client_for(persona).get(list_url(slug))
    assert response.status_code == status
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", [INDEX, list_url()])
def test_read_only_screens_refuse_post(client_for, url):
    assert client_for("coordinator").post(url).status_code == 405


def test_unknown_list_is_404(client_for):
    assert client_for("coordinator").get(list_url("nobody")).status_code == 404


def count_on_index(response, slug):
    html = response.content.decode()
    block = html.split(f'data-testid="worklist-{slug}"', 1)[1]
    return int(block.split('data-testid="count">', 1)[1].split("<", 1)[0])


def test_index_counts_each_list_in_the_area(client_for, waiting):
    response = client_for("coordinator").get(INDEX)
    assert count_on_index(response, "not-enrolled") == 2
    assert count_on_index(response, "missed-sessions") == 0
    assert count_on_index(response, "field-test") == 0
    response = client_for("field_officer").get(INDEX)
    assert count_on_index(response, "not-enrolled") == 1  # Kecamatan Ponorogo only
    response = client_for("coordinator").get(INDEX, {"district": OTHER_DISTRICT})
    assert count_on_index(response, "not-enrolled") == 1
    assert f"?district={OTHER_DISTRICT}" in response.content.decode()  # links keep the filter


def test_outbox_link_only_for_programme_managers(client_for):
    outbox = reverse("notifications:outbox")
    assert outbox in client_for("coordinator").get(INDEX).content.decode()
    assert outbox not in client_for("mentor").get(INDEX).content.decode()


def test_list_shows_people_in_the_area_with_links(client_for, waiting):
    kota, ngrayun, pacitan = waiting
    html = client_for("coordinator").get(list_url()).content.decode()
    assert reverse("people:detail", args=[kota.pk]) in html
    assert "Ngrayun" in html and "Pacitan" not in html
    assert kota.nik not in html


def test_district_filter_and_htmx_partial(client_for, waiting):
    client = client_for("coordinator")
    response = client.get(list_url(), {"district": OTHER_DISTRICT}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html  # the results only
    assert "Ngrayun" in html and "Siti Kota" not in html
    assert f"district={OTHER_DISTRICT}&format=csv" in html  # the export follows the filter


def test_a_district_outside_the_area_shows_nothing_extra(client_for, waiting):
    response = client_for("field_officer").get(list_url(), {"district": PACITAN + ".01"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pacitan" not in html and "Siti Kota" in html  # not a choice: ignored


def test_phone_only_for_roles_that_edit_people(client_for, waiting, accompany):
    accompany(waiting[0])
    assert "081234567890" in client_for("coordinator").get(list_url()).content.decode()
    html = client_for("mentor").get(list_url()).content.decode()
    assert "Siti Kota" in html and "081234567890" not in html


def test_a_mentor_follows_up_only_their_own_families(client_for, waiting, accompany):
    kota, ngrayun, _pacitan = waiting
    client = client_for("mentor")
    assert count_on_index(client.get(INDEX), "not-enrolled") == 0
    assert "Siti Kota" not in client.get(list_url()).content.decode()
    accompany(ngrayun)
    assert count_on_index(client.get(INDEX), "not-enrolled") == 1
    html = client.get(list_url()).content.decode()
    assert "Ngrayun" in html and "Siti Kota" not in html and "Pacitan" not in html
    rows = read_csv(client.get(list_url(), {"format": "csv"}))
    assert [r[0] for r in rows[1:]] == ["Ngrayun"]


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_export(client_for, waiting):
    response = client_for("coordinator").get(list_url(), {"format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="follow-up-not-enrolled-2026-12-10.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == [
        "full_name",
        "village",
        "district",
        "phone",
        "quadrant",
        "next_module",
        "identified_on",
    ]
    assert sorted(r[0] for r in rows[1:]) == ["Ngrayun", "Siti Kota"]
    kota = next(r for r in rows if r[0] == "Siti Kota")
    assert kota[3] == "081234567890" and kota[6] == "2026-02-01"
    assert waiting[0].nik not in response.content.decode()


def test_csv_follows_the_filters_and_drops_the_phone_for_mentors(client_for, waiting, accompany):
    accompany(waiting[0]), accompany(waiting[1])
    response = client_for("mentor").get(list_url(), {"format": "csv", "district": OTHER_DISTRICT})
    rows = read_csv(response)
    assert "phone" not in rows[0]
    assert [r[0] for r in rows[1:]] == ["Ngrayun"]


def test_csv_neutralises_formulas(client_for, db):
    identified('=HYPERLINK("http://x","klik")')
    rows = read_csv(client_for("coordinator").get(list_url(), {"format": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://x","klik")'


def test_csv_keeps_numbers_and_dates(client_for, db):
    soon = cohort(name="Segera", first=TODAY + timedelta(days=3), capacity=5)
    cohort_enrol(actor=None, cohort=soon, people=[ready_for_training("Satu")])
    rows = read_csv(client_for("coordinator").get(list_url("open-seats"), {"format": "csv"}))
    assert rows[0][4:] == ["first_session", "capacity", "enrolled", "seats_left"]
    assert rows[1][0] == "Segera" and rows[1][4:] == ["2026-12-13", "5", "1", "4"]


def test_cohort_rows_link_to_the_cohort(client_for, db):
    soon = cohort(name="Segera", first=TODAY + timedelta(days=3))
    html = client_for("coordinator").get(list_url("open-seats")).content.decode()
    assert reverse("programme:cohort_detail", args=[soon.pk]) in html


def test_mine_filter(client_for, personas, db):
    soon = cohort(name="Segera", first=TODAY + timedelta(days=3))
    client = client_for("mentor")
    assert "Segera" in client.get(list_url("open-seats")).content.decode()
    assert "Segera" not in client.get(list_url("open-seats"), {"mine": "on"}).content.decode()
    soon.facilitators.add(personas["mentor"])
    assert "Segera" in client.get(list_url("open-seats"), {"mine": "on"}).content.decode()


def test_pages_of_fifty(client_for, db):
    for i in range(51):
        identified(f"Orang {i:02d}")
    client = client_for("coordinator")
    first = client.get(list_url()).content.decode()
    assert "Orang 49" in first and "Orang 50" not in first
    assert "Orang 50" in client.get(list_url(), {"page": 2}).content.decode()
    assert len(read_csv(client.get(list_url(), {"format": "csv", "page": 1}))) == 52


def test_navbar_item_for_staff_not_viewers(client_for):
    assert 'data-testid="nav-followup"' in client_for("mentor").get(INDEX).content.decode()
    viewer_home = client_for("viewer").get(reverse("overview:index")).content.decode()
    assert 'data-testid="nav-followup"' not in viewer_home


def test_dates_on_screen_use_today(client_for, db):
    cohort(name="Hari ini", first=TODAY)
    cohort(name="Kemarin", first=TODAY - timedelta(days=1))
    html = client_for("coordinator").get(list_url("open-seats")).content.decode()
    assert "Hari ini" in html and "Kemarin" not in html

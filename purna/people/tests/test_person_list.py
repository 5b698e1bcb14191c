import pytest
from django.urls import reverse

from tests.factories import PACITAN, make_assessment, make_person

URL = reverse("people:list")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 403),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_access(client_for, person, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_lists_only_people_in_the_users_area(client_for, person):
    other = make_person(full_name="Warga Pacitan", village_code_prefix=PACITAN)
    body = client_for("field_officer").get(URL).content.decode()
    assert person.full_name in body and other.full_name not in body
    body = client_for("outsider").get(URL).content.decode()
    assert other.full_name in body and person.full_name not in body


def test_search_and_quadrant_filter(client_for, person):
    second = make_person(full_name="Budi Santoso", sex="L")
    make_assessment(person, "IV")
    make_assessment(second, "I")
    client = client_for("coordinator")
    body = client.get(URL, {"q": "budi"}).content.decode()
    assert "Budi Santoso" in body and person.full_name not in body
    body = client.get(URL, {"quadrant": "IV"}).content.decode()
    assert person.full_name in body and "Budi Santoso" not in body
    body = client.get(URL, {"quadrant": "none"}).content.decode()
    assert "Budi Santoso" not in body and person.full_name not in body


def test_nik_search_and_masking(client_for, person):
    body = client_for("coordinator").get(URL, {"q": person.nik[:8]}).content.decode()
    assert person.full_name in body
    assert person.nik not in body  # lists show a masked NIK only
    assert person.masked_nik in body


def test_paginates(client_for, db):
    for i in range(30):
        make_person(full_name=f"Orang {i:02d}")
    client = client_for("coordinator")
    first = client.get(URL).content.decode()
    assert "Orang 00" in first and "Orang 29" not in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert "Orang 29" in second


def test_empty_state(client_for, db, personas):
    body = client_for("coordinator").get(URL).content.decode()
    assert 'class="alert alert-light border"' in body


def test_htmx_gets_the_partial(client_for, person):
    response = client_for("coordinator").get(URL, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and person.full_name.encode() in response.content


def test_wrong_method(client_for, person):
    assert client_for("coordinator").post(URL).status_code == 405


def test_page_links_keep_the_filters(client_for, db):
    for i in range(30):
        make_person(full_name=f"Orang {i:02d}")
    body = client_for("coordinator").get(URL, {"q": "Orang", "page": 1}).content.decode()
    assert 'href="?q=Orang&page=2"' in body

import pytest
from django.urls import reverse

from purna.areas.models import District, Province, Regency, Village

URL = reverse("areas:options")


@pytest.mark.django_db
def test_official_codes_are_loaded_by_migrate():
    assert Province.objects.count() == 38
    assert Regency.objects.get(code="35.02").name == "Kabupaten Ponorogo"
    assert District.objects.filter(regency="35.02").count() == 21
    assert Village.objects.get(code="35.02.17.1001").district.regency.province_id == "35"
    assert Village.objects.count() > 80_000


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 200),
        ("viewer", 200),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_options_access(client_for, personas, persona, status):
    assert client_for(persona).get(URL, {"level": "district"}).status_code == status


def test_districts_limited_to_the_users_area(client_for, personas):
    body = (
        client_for("field_officer")
        .get(URL, {"level": "district", "picker_regency": "35.02"})
        .content.decode()
    )
    assert body.count("<option") == 2 and "35.02.17" in body  # "Choose…" + Ponorogo
    body = (
        client_for("coordinator")
        .get(URL, {"level": "district", "picker_regency": "35.02"})
        .content.decode()
    )
    assert body.count("<option") == 22


def test_villages_of_a_district(client_for, personas):
    body = (
        client_for("field_officer")
        .get(URL, {"level": "village", "picker_district": "35.02.17"})
        .content.decode()
    )
    assert "35.02.17.1001" in body
    outside = (
        client_for("field_officer")
        .get(URL, {"level": "village", "picker_district": "35.01.01"})
        .content.decode()
    )
    assert outside.count("<option") == 1


def test_post_is_refused(client_for, personas):
    assert client_for("coordinator").post(URL).status_code == 405

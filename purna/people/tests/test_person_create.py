from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.people.models import Person
from tests.factories import make_person, valid_nik, village

URL = reverse("people:create")


def form_data(**overrides):
    v = village()
    data = {
        "nik": valid_nik(date(1988, 3, 14), "P", v.district_id),
        "full_name": "Sri Wahyuni",
        "sex": "P",
        "birth_date": "1988-03-14",
        "village": v.code,
        "phone": "081234567890",
        "consent_scopes": ["registration", "assessment"],
        "consent_date": "2026-11-20",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 200),
        ("anonymous", 302),
    ],
)
def test_access(client_for, personas, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_registers_with_consent_and_audit(client_for, personas):
    response = client_for("field_officer").post(URL, form_data())
    person = Person.objects.get(full_name="Sri Wahyuni")
    assert response.status_code == 302 and response.url == reverse(
        "people:detail", args=[person.pk]
    )
    assert person.consents.get().scopes == ["assessment", "registration"]
    event = AuditEvent.objects.get(entity="person", person_id=person.pk)
    assert event.action == "create" and event.actor == personas["field_officer"]
    assert person.nik_flags == []


def test_duplicate_nik_is_refused_with_a_link(client_for, person):
    response = client_for("coordinator").post(URL, form_data(nik=person.nik))
    assert response.status_code == 200
    assert reverse("people:detail", args=[person.pk]) in response.content.decode()
    assert Person.objects.count() == 1


def test_duplicate_outside_the_area_does_not_leak_the_person(client_for, person):
    response = client_for("outsider").post(
        URL, form_data(nik=person.nik, village=village("35.01").code)
    )
    body = response.content.decode()
    assert person.full_name not in body
    assert reverse("people:detail", args=[person.pk]) not in body
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "nik, message",
    [
        ("12345", "16"),
        ("3502170013850001", "01-31"),
        ("3502171513850000", "0000"),
        ("3502171513850001", "01-12"),
    ],
)
def test_invalid_nik_names_the_rule(client_for, personas, nik, message):
    response = client_for("coordinator").post(URL, form_data(nik=nik))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Person.objects.exists()


def test_mismatched_nik_is_accepted_and_flagged(client_for, personas):
    v = village()
    nik = valid_nik(date(1988, 3, 14), "L", v.district_id)  # says male
    client_for("coordinator").post(URL, form_data(nik=nik))
    assert Person.objects.get().nik_flags == ["sex"]


def test_consent_to_registration_is_required(client_for, personas):
    response = client_for("coordinator").post(URL, form_data(consent_scopes=["contact"]))
    assert response.status_code == 200 and not Person.objects.exists()


def test_village_outside_the_area_is_refused(client_for, personas):
    response = client_for("field_officer").post(URL, form_data(village=village("35.01").code))
    assert response.status_code == 200 and not Person.objects.exists()


def test_future_birth_date_is_refused(client_for, personas):
    response = client_for("coordinator").post(URL, form_data(birth_date="2999-01-01"))
    assert response.status_code == 200 and not Person.objects.exists()


def test_second_person_with_other_nik(client_for, person):
    make_person(full_name="Another")
    assert Person.objects.count() == 2


def test_phone_must_be_a_phone_number(client_for, personas):
    response = client_for("coordinator").post(URL, form_data(phone="abcdef"))
    assert response.status_code == 200 and not Person.objects.exists()
    client_for("coordinator").post(URL, form_data(phone="+62 812-3456-7890"))
    assert Person.objects.get().phone == "+62 812-3456-7890"

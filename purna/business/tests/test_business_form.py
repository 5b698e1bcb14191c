"""Adding, editing and deleting a business."""

from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.business.models import Business, MonthlyRecord
from purna.business.services import business_save
from tests.factories import make_person, village

from .conftest import READ_ACCESS, add_record, english


def add_url(person):
    return reverse("business:business_add", args=[person.pk])


def edit_url(business):
    return reverse("business:business_edit", args=[business.pk])


def delete_url(business):
    return reverse("business:business_delete", args=[business.pk])


def data(person, **extra):
    values = {
        "name": "Toko Kelontong Makmur",
        "sector": "retail",
        "status": "operating",
        "closed_reason": "",
        "started_on": "2025-11-01",
        "village": person.village_id,
        "legal_form": "individual",
        "nib": "",
        "capital_remittance": "12.500.000",
        "capital_kur": "",
        "capital_grant": "2500000",
        "capital_family": "",
        "capital_other": "",
    }
    values.update(extra)
    return values


# Add


@pytest.mark.parametrize("persona, status", READ_ACCESS)
def test_add_access(client_for, person, persona, status):
    assert client_for(persona).get(add_url(person)).status_code == status


def test_assigned_mentor_adds_a_business(client_for, person, assigned_mentor):
    response = client_for("mentor").post(add_url(person), data(person))
    business = Business.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("business:detail", args=[business.pk])
    assert business.person == person
    assert business.capital_remittance == 12_500_000
    assert business.capital_grant == 2_500_000
    assert business.capital_kur == 0
    assert business.capital_total == 15_000_000
    assert business.created_by == assigned_mentor
    assert AuditEvent.objects.filter(entity="business", action="create").exists()


def test_add_form_starts_with_the_family_village(client_for, person):
    html = client_for("field_officer").get(add_url(person)).content.decode()
    assert f'<option value="{person.village_id}" selected>' in html
    assert 'inputmode="numeric"' in html


def test_another_village_of_the_area(client_for, person):
    other = village("35.02.01")
    client_for("coordinator").post(add_url(person), data(person, village=other.code))
    assert Business.objects.get().village == other


def test_a_village_outside_the_users_area_is_refused(client_for, person):
    outside = village("35.01.01")
    response = client_for("field_officer").post(add_url(person), data(person, village=outside.code))
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert not Business.objects.exists()


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"name": ""}, "name"),
        ({"sector": "mining"}, "sector"),
        ({"nib": "123456"}, "nib"),
        ({"nib": "12345678901ab"}, "nib"),
        ({"started_on": "2026-04-16"}, "started_on"),  # today is 15 April 2026
        ({"status": "closed"}, "closed_reason"),
        ({"capital_kur": "lima juta"}, "capital_kur"),
        ({"capital_kur": "-5.000"}, "capital_kur"),
        ({"capital_grant": "99.999.999.999.999.999.999"}, "capital_grant"),
        ({"capital_family": "10.000.000.000.001"}, "capital_family"),  # above Rp 10 trillion
        ({"legal_form": "llc"}, "legal_form"),
    ],
)
def test_bad_input_gives_errors_and_writes_nothing(client_for, person, extra, field):
    response = client_for("coordinator").post(add_url(person), data(person, **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Business.objects.exists()


def test_letters_in_an_amount_say_so(client_for, person):
    client = english(client_for("coordinator"))
    response = client.post(add_url(person), data(person, capital_kur="5jt"))
    assert "Write the amount in digits, e.g. 1500000 or 1.500.000." in response.content.decode()


def test_a_planned_business_may_have_a_future_start_date(client_for, person):
    client = english(client_for("coordinator"))
    response = client.post(add_url(person), data(person, status="planned", started_on="2026-07-01"))
    assert response.status_code == 302
    assert Business.objects.get().started_on.isoformat() == "2026-07-01"
    response = client.post(add_url(person), data(person, status="paused", started_on="2026-07-01"))
    assert "The start date cannot be in the future" in response.content.decode()
    assert Business.objects.count() == 1


def test_closed_with_a_reason(client_for, person):
    client_for("coordinator").post(
        add_url(person), data(person, status="closed", closed_reason="Pindah ke Malaysia lagi")
    )
    business = Business.objects.get()
    assert (business.status, business.closed_reason) == ("closed", "Pindah ke Malaysia lagi")


def test_nib_of_13_digits(client_for, person):
    client_for("coordinator").post(add_url(person), data(person, nib="9120001234567"))
    assert Business.objects.get().nib == "9120001234567"


# Edit


@pytest.mark.parametrize("persona, status", READ_ACCESS)
def test_edit_access(client_for, business, persona, status):
    assert client_for(persona).get(edit_url(business)).status_code == status


def test_edit_shows_the_values_with_thousands_dots(client_for, business):
    html = client_for("field_officer").get(edit_url(business)).content.decode()
    assert 'value="15.000.000"' in html
    assert 'value="Warung Soto Bu Siti"' in html


def test_status_change_to_closed_with_reason(client_for, business):
    person = business.person
    response = client_for("field_officer").post(
        edit_url(business),
        data(person, name=business.name, status="closed", closed_reason="Sepi pembeli"),
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == "closed" and business.closed_reason == "Sepi pembeli"
    event = AuditEvent.objects.filter(entity="business", action="update").get()
    assert event.changes["status"] == ["operating", "closed"]


def test_edit_refused_keeps_the_business(client_for, business):
    response = client_for("field_officer").post(
        edit_url(business), data(business.person, status="closed")
    )
    assert response.status_code == 200
    business.refresh_from_db()
    assert business.status == "operating"


def test_another_family_business_is_404_for_a_mentor(client_for, business, assigned_mentor):
    other = business_save(
        actor=None, person=make_person(full_name="Lain"), name="Bengkel", sector="services"
    )
    client = client_for("mentor")
    assert client.get(edit_url(business)).status_code == 200
    assert client.get(edit_url(other)).status_code == 404
    assert client.get(reverse("business:detail", args=[other.pk])).status_code == 404


# Delete


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),  # did not record it
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_delete_access(client_for, business, persona, status):
    assert client_for(persona).get(delete_url(business)).status_code == status


def test_who_recorded_it_may_delete_it(client_for, person, assigned_mentor):
    client = client_for("mentor")
    client.post(add_url(person), data(person))
    business = Business.objects.get()
    add_record(business, date(2026, 3, 1), 1, 1)
    page = english(client).get(delete_url(business)).content.decode()
    assert "Its 1 monthly record is deleted with it." in page
    response = client.post(delete_url(business))
    assert response.status_code == 302
    assert response["Location"] == reverse("business:person_businesses", args=[person.pk])
    assert not Business.objects.exists() and not MonthlyRecord.objects.exists()
    assert AuditEvent.objects.filter(entity="business", action="delete").exists()


def test_field_officer_may_not_delete_a_business_recorded_by_another(client_for, business):
    assert client_for("field_officer").post(delete_url(business)).status_code == 403
    assert Business.objects.exists()

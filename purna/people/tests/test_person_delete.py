import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.people.models import Person
from tests.factories import make_assessment


def url(person):
    return reverse("people:delete", args=[person.pk])


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 404),  # not a family the mentor accompanies
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_confirmation_page_access(client_for, person, persona, status):
    assert client_for(persona).get(url(person)).status_code == status


def test_a_mentor_may_not_delete_even_a_family_they_accompany(client_for, person, accompany):
    accompany(person)
    client = client_for("mentor")
    assert client.get(url(person)).status_code == 403
    assert client.post(url(person)).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_get_only_asks_for_confirmation(client_for, person):
    client_for("coordinator").get(url(person))
    assert Person.objects.filter(pk=person.pk).exists()


def test_delete_removes_and_audits(client_for, person):
    make_assessment(person)
    response = client_for("coordinator").post(url(person))
    assert response.status_code == 302
    assert not Person.objects.exists()
    event = AuditEvent.objects.get(action="delete", entity="person")
    assert event.person_id == person.pk and person.nik not in event.summary


def test_field_officer_cannot_delete(client_for, person):
    assert client_for("field_officer").post(url(person)).status_code == 403
    assert Person.objects.exists()

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.people.models import Person


def url(person):
    return reverse("people:edit", args=[person.pk])


def data(person, **overrides):
    values = {
        "nik": person.nik,
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "village": person.village_id,
        "phone": person.phone,
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not a family the mentor accompanies
        ("viewer", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_access(client_for, person, persona, status):
    assert client_for(persona).get(url(person)).status_code == status


def test_change_is_audited_with_old_and_new_values(client_for, person):
    response = client_for("field_officer").post(url(person), data(person, phone="0899111222"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(entity="person", action="update")
    assert event.changes == {"phone": ["", "0899111222"]}
    assert Person.objects.get().phone == "0899111222"


def test_no_change_records_no_event(client_for, person):
    client_for("coordinator").post(url(person), data(person))
    assert not AuditEvent.objects.filter(action="update").exists()


def test_mentor_cannot_post(client_for, person, accompany):
    response = client_for("mentor").post(url(person), data(person, full_name="X"))
    assert response.status_code == 404
    accompany(person)  # the family is the mentor's: still not theirs to edit
    assert client_for("mentor").get(url(person)).status_code == 403
    response = client_for("mentor").post(url(person), data(person, full_name="X"))
    assert response.status_code == 403
    assert Person.objects.get().full_name == person.full_name


def test_trail_shows_labels_not_codes(client_for, person):
    client = client_for("coordinator")
    client.post(url(person), data(person, sex="L"))
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "jenis kelamin: Perempuan → Laki-laki" in body

"""A mentor sees only the families they accompany now (people_for), on every people screen:
the list, the person page, and nothing of the rest of the registry of their area."""

from datetime import date

import pytest
from django.db.models import Count
from django.urls import reverse

from purna.accounts.models import Role
from purna.people.access import people_for
from tests.factories import PACITAN, assign, make_assessment, make_mentor, make_person, make_user

LIST = reverse("people:list")


def detail(person):
    return reverse("people:detail", args=[person.pk])


@pytest.fixture
def family(person, accompany):
    accompany(person)
    return person


@pytest.fixture
def neighbour(db):
    """A family in the mentor's regency that someone else accompanies."""
    other = make_person(full_name="Keluarga Tetangga")
    assign(other, make_mentor("Pak Lain", user=make_user("other_mentor", Role.MENTOR)))
    return other


def test_list_shows_only_the_mentors_families(client_for, family, neighbour):
    unassigned = make_person(full_name="Belum Didampingi")
    page = client_for("mentor").get(LIST).context["page"]
    assert [p.pk for p in page.object_list] == [family.pk]
    body = client_for("mentor").get(LIST).content.decode()
    assert neighbour.full_name not in body and unassigned.full_name not in body


def test_person_page_of_an_accompanied_family(client_for, family):
    make_assessment(family, "II")
    response = client_for("mentor").get(detail(family))
    assert response.status_code == 200
    assert response.context["can_assess"] and not response.context["can_edit"]
    assert not response.context["can_delete"]


def test_person_page_of_someone_elses_family_is_404(client_for, family, neighbour):
    assert client_for("mentor").get(detail(neighbour)).status_code == 404


def test_an_ended_assignment_ends_the_access(client_for, person, accompany):
    assignment = accompany(person)
    assignment.ended_on = date(2026, 3, 1)
    assignment.save(update_fields=["ended_on"])
    assert client_for("mentor").get(detail(person)).status_code == 404
    assert not client_for("mentor").get(LIST).context["page"].object_list


def test_an_assigned_family_outside_the_mentors_area_is_seen(client_for, accompany):
    """The coordinator's assignment is the authorisation, not the area on the login."""
    far = make_person(full_name="Keluarga Pacitan", village_code_prefix=PACITAN)
    accompany(far)
    assert client_for("mentor").get(detail(far)).status_code == 200
    assert far.full_name in client_for("mentor").get(LIST).content.decode()


@pytest.mark.parametrize("with_record", [False, True])
def test_a_mentor_without_area_or_families_sees_nobody(client, person, with_record):
    """No area means the whole country for staff; for a mentor it means nothing at all."""
    make_person(full_name="Keluarga Pacitan", village_code_prefix=PACITAN)
    nowhere = make_user("mentor_nowhere", Role.MENTOR)
    if with_record:
        make_mentor("Bu Tanpa Keluarga", user=nowhere)
    client.force_login(nowhere)
    response = client.get(LIST)
    assert response.status_code == 200 and not response.context["page"].object_list
    assert person.full_name not in response.content.decode()
    assert client.get(detail(person)).status_code == 404
    assert not people_for(nowhere).exists()


def test_one_row_per_family_whatever_its_assignments(personas, person, accompany):
    """A family with an old ended and a new open assignment to the same mentor, and a peer
    mentor too, is still one row, and the queryset takes annotations and values()."""
    first = accompany(person)
    first.ended_on = date(2026, 1, 25)
    first.save(update_fields=["ended_on"])
    assign(person, first.mentor, on=date(2026, 2, 1))
    peer = make_mentor(person=make_person(full_name="Mitra"))
    assign(person, peer)
    people = people_for(personas["mentor"])
    assert list(people.values_list("pk", flat=True)) == [person.pk]
    assert people.annotate(n=Count("assessments")).get().n == 0
    assert people.count() == 1
    assert people.filter(pk=person.pk).update(phone="0812") == 1


def test_staff_still_see_their_whole_area(personas, person, family, neighbour):
    far = make_person(full_name="Keluarga Pacitan", village_code_prefix=PACITAN)
    seen = set(people_for(personas["coordinator"]).values_list("pk", flat=True))
    assert seen == {person.pk, neighbour.pk}
    assert far.pk in set(people_for(personas["admin"]).values_list("pk", flat=True))

import pytest
from django.urls import reverse

from purna.assessment.models import Assessment
from purna.audit.models import AuditEvent
from purna.people.models import Person
from tests.factories import QUADRANT_ANSWERS, make_person


def url(person):
    return reverse("assessment:create", args=[person.pk])


def post_data(quadrant="IV", **overrides):
    data = {"assessed_on": "2026-11-20", "source": "self", **QUADRANT_ANSWERS[quadrant]}
    data.update(overrides)
    return data


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


def test_mentor_records_an_assessment_of_a_family_they_accompany(client_for, person, accompany):
    accompany(person)
    client = client_for("mentor")
    assert client.get(url(person)).status_code == 200
    response = client.post(url(person), post_data("II", source="mentor"))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert assessment.source == "mentor" and assessment.person == person
    assert client.get(response.url).status_code == 200


def test_mentor_cannot_record_for_a_family_of_another_mentor(client_for, person, accompany):
    other = make_person(full_name="Keluarga Lain")
    accompany(person)
    response = client_for("mentor").post(url(other), post_data("II", source="mentor"))
    assert response.status_code == 404 and not Assessment.objects.exists()


@pytest.mark.parametrize("quadrant", ["I", "II", "III", "IV"])
def test_records_and_shows_the_result(client_for, person, quadrant):
    client = client_for("field_officer")
    response = client.post(url(person), post_data(quadrant))
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("assessment:detail", args=[assessment.pk])
    assert assessment.quadrant == quadrant
    person.refresh_from_db()
    assert person.quadrant == quadrant and person.status == "identified"
    body = client.get(response.url).content.decode()
    assert f"Kuadran {quadrant}" in body
    assert AuditEvent.objects.filter(entity="assessment", action="create").count() == 1


def test_too_few_answers_leaves_the_axis_unscored(client_for, person):
    data = post_data("IV")
    for code in ("E01", "E02", "E03"):
        data.pop(code)
    client_for("coordinator").post(url(person), data)
    assessment = Assessment.objects.get()
    assert assessment.business_score is None and assessment.quadrant == ""
    assert Person.objects.get().status == "registered"


def test_out_of_range_value_is_refused(client_for, person):
    response = client_for("coordinator").post(url(person), post_data(E01="7"))
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_future_date_is_refused(client_for, person):
    response = client_for("coordinator").post(url(person), post_data(assessed_on="2999-01-01"))
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_other_source_does_not_change_the_quadrant(client_for, person):
    client = client_for("coordinator")
    client.post(url(person), post_data("IV"))
    client.post(url(person), post_data("I", source="spouse"))
    assert Person.objects.get().quadrant == "IV"


def test_needs_consent_to_the_instrument(client_for, db, personas):
    person = make_person(consent=False)
    response = client_for("coordinator").post(url(person), post_data())
    assert response.status_code == 302
    assert response.url == reverse("people:related_add", args=[person.pk, "consent"])
    assert not Assessment.objects.exists()


def test_delete_assessment_recomputes(client_for, person):
    client = client_for("coordinator")
    client.post(url(person), post_data("IV"))
    assessment = Assessment.objects.get()
    assert (
        client_for("field_officer")
        .post(reverse("assessment:delete", args=[assessment.pk]))
        .status_code
        == 403
    )
    client = client_for("coordinator")
    client.post(reverse("assessment:delete", args=[assessment.pk]))
    person.refresh_from_db()
    assert person.quadrant == "" and person.status == "registered"
    assert AuditEvent.objects.filter(entity="assessment", action="delete").exists()


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
def test_result_page_access(client_for, person, persona, status):
    from tests.factories import make_assessment

    assessment = make_assessment(person)
    response = client_for(persona).get(reverse("assessment:detail", args=[assessment.pk]))
    assert response.status_code == status


def test_huge_capital_is_a_form_error_not_a_crash(client_for, person):
    response = client_for("coordinator").post(url(person), post_data(capital_available=10**20))
    assert response.status_code == 200 and not Assessment.objects.exists()


def test_nothing_answered_is_refused(client_for, person):
    response = client_for("coordinator").post(
        url(person), {"assessed_on": "2026-11-20", "source": "self"}
    )
    assert response.status_code == 200 and not Assessment.objects.exists()
    assert "Belum ada pernyataan yang dijawab" in response.content.decode()

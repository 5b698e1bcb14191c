import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.people.models import HouseholdMember, MigrationEpisode


def add_url(person, kind):
    return reverse("people:related_add", args=[person.pk, kind])


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
@pytest.mark.parametrize("kind", ["household", "migration", "consent"])
def test_access(client_for, person, persona, status, kind):
    assert client_for(persona).get(add_url(person, kind)).status_code == status


@pytest.mark.parametrize("kind", ["household", "migration", "consent"])
def test_a_mentor_may_not_add_records_even_to_their_own_family(client_for, person, kind, accompany):
    accompany(person)
    assert client_for("mentor").get(add_url(person, kind)).status_code == 403


def test_unknown_kind_is_404(client_for, person):
    assert client_for("coordinator").get(add_url(person, "nothing")).status_code == 404


def test_household_member_add_edit_delete(client_for, person):
    client = client_for("field_officer")
    client.post(
        add_url(person, "household"),
        {
            "full_name": "Dewi",
            "relation": "child",
            "sex": "P",
            "birth_date": "2014-05-01",
            "school_status": "in_school",
        },
    )
    member = HouseholdMember.objects.get()
    client.post(
        reverse("people:related_edit", args=[person.pk, "household", member.pk]),
        {
            "full_name": "Dewi",
            "relation": "child",
            "sex": "P",
            "birth_date": "2014-05-01",
            "school_status": "dropped_out",
        },
    )
    member.refresh_from_db()
    assert member.school_status == "dropped_out"
    client.post(reverse("people:related_delete", args=[person.pk, "household", member.pk]))
    assert not HouseholdMember.objects.exists()
    actions = list(
        AuditEvent.objects.filter(entity="householdmember")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["create", "update", "delete"]


def test_migration_return_before_departure_is_refused(client_for, person):
    response = client_for("coordinator").post(
        add_url(person, "migration"),
        {
            "destination": "HK",
            "sector": "domestic",
            "departed_on": "2020-01-01",
            "returned_on": "2019-01-01",
            "remittance_uses": ["house"],
        },
    )
    assert response.status_code == 200 and not MigrationEpisode.objects.exists()


def test_migration_with_remittance_uses(client_for, person):
    client_for("coordinator").post(
        add_url(person, "migration"),
        {
            "destination": "TW",
            "sector": "caregiving",
            "occupation": "perawat lansia",
            "departed_on": "2018-02-01",
            "returned_on": "2024-06-30",
            "monthly_remittance": "6500000",
            "remittance_uses": ["house", "business"],
        },
    )
    episode = MigrationEpisode.objects.get()
    assert episode.remittance_uses == ["house", "business"]
    assert episode.monthly_remittance == 6500000


def test_someone_elses_record_is_404(client_for, person):
    from tests.factories import make_person

    other = make_person(full_name="Other")
    member = HouseholdMember.objects.create(person=other, full_name="X", relation="child", sex="L")
    url = reverse("people:related_edit", args=[person.pk, "household", member.pk])
    assert client_for("coordinator").get(url).status_code == 404


def test_choices_render_as_one_select_not_checkboxes(client_for, person):
    body = client_for("coordinator").get(add_url(person, "household")).content.decode()
    assert '<select name="relation"' in body and 'id="None"' not in body
    assert 'value=""' not in body.split('name="sex"')[1].split("</fieldset>")[0]


def test_consent_is_append_only(client_for, person):
    consent = person.consents.get()
    client = client_for("coordinator")
    for action in ("related_edit", "related_delete"):
        url = reverse(f"people:{action}", args=[person.pk, "consent", consent.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"given_on": "2026-01-01", "scopes": ["contact"]}).status_code == 404
        )
    consent.refresh_from_db()
    assert "assessment" in consent.scopes


def test_future_consent_date_is_refused(client_for, person):
    response = client_for("coordinator").post(
        add_url(person, "consent"), {"given_on": "2099-01-01", "scopes": ["registration"]}
    )
    assert response.status_code == 200 and person.consents.count() == 1

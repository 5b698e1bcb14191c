"""The peer mentor's own screen: names, villages and businesses of the paired families,
never scores, finances or visit notes; every other per-person screen is closed to them."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from purna.business.models import Business, MonthlyRecord
from purna.people.services import consent_record
from tests.factories import assign, make_assessment

from .english import in_english
from .support import make_plan, make_visit

URL = reverse("mentoring:peer_home")


@pytest.fixture
def paired(family, peer_mentor, today):
    """The family, paired with the peer mentor, with scores, a business with figures, a
    visit and a plan: what the peer mentor must not see."""
    make_assessment(family, "III", assessed_on=date(2025, 11, 1))
    family.refresh_from_db()
    family.phone = "081234567890"
    family.save()
    business = Business.objects.create(
        person=family,
        name="Warung Tempe Bu Siti",
        sector="food",
        village=family.village,
        status=Business.Status.OPERATING,
        capital_kur=7654321,
    )
    MonthlyRecord.objects.create(
        business=business, month=date(2026, 1, 1), revenue=9876543, costs=1234567
    )
    make_visit(family, today - timedelta(days=3), topics="Secret debt talk")
    make_plan(family, business_goal="Confidential goal")
    assign(family, peer_mentor)
    return family


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 403),
        ("coordinator", 403),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("peer_mentor", 200),
        ("anonymous", 302),
    ],
)
def test_access(client_for, paired, persona, status):
    assert client_for(persona).get(URL).status_code == status


def test_post_is_refused(client_for, paired):
    assert client_for("peer_mentor").post(URL).status_code == 405


def test_only_names_villages_and_businesses(client_for, paired):
    page = client_for("peer_mentor").get(URL).content.decode()
    assert paired.full_name in page and paired.village.name in page
    assert "Warung Tempe Bu Siti" in page
    for secret in (
        paired.nik,
        paired.nik[-4:],
        "9876543",
        "9.876.543",
        "1.234.567",
        "7.654.321",
        "7654321",
        "Secret debt talk",
        "Confidential goal",
        "081234567890",  # no consent to be contacted
        str(paired.business_score),
        f"{paired.business_score:.1f}".replace(".", ","),
    ):
        assert secret not in page, secret


def test_the_phone_is_never_shown_even_with_consent_to_be_contacted(client_for, paired):
    consent_record(
        actor=None, person=paired, scopes=["registration", "contact"], given_on=date(2026, 2, 1)
    )
    page = client_for("peer_mentor").get(URL).content.decode()
    assert "081234567890" not in page and "tel:" not in page


def test_businesses_show_sector_and_status_in_words(client_for, paired):
    client = in_english(client_for("peer_mentor"))
    page = client.get(URL).content.decode()
    assert "Warung Tempe Bu Siti · " in page and " · Operating</li>" in page
    assert 'data-status="operating"' in page


def test_families_not_paired_are_not_shown(client_for, paired, other_family, peer_mentor):
    page = client_for("peer_mentor").get(URL).content.decode()
    assert other_family.full_name not in page
    paired.mentor_assignments.filter(mentor=peer_mentor).update(ended_on=date.today())
    page = client_for("peer_mentor").get(URL).content.decode()
    assert paired.full_name not in page and 'data-testid="empty"' in page


def test_every_per_person_screen_is_closed_to_a_peer_mentor(client_for, paired):
    visit = paired.visits.get()
    plan = paired.mentoring_plans.get()
    client = client_for("peer_mentor")
    for url in (
        reverse("mentoring:person_panel", args=[paired.pk]),
        reverse("mentoring:visit_list", args=[paired.pk]),
        reverse("mentoring:visit_add", args=[paired.pk]),
        reverse("mentoring:visit_edit", args=[visit.pk]),
        reverse("mentoring:visit_delete", args=[visit.pk]),
        reverse("mentoring:visit_photo", args=[visit.pk]),
        reverse("mentoring:plan", args=[paired.pk]),
        reverse("mentoring:plan_new", args=[paired.pk]),
        reverse("mentoring:plan_agree", args=[plan.pk]),
    ):
        assert client.get(url).status_code == 403, url

"""The completion certificate: printable (A4 landscape), only for completed enrolments."""

# ruff: noqa: F811 (the fixtures come from test_cohort_support)

import pytest
from django.urls import reverse

from purna.programme.cohorts import cohort_enrol, cohort_scores_save, roll_call_save

from .test_cohort_support import cohort, facilitator, login, make_cohort, quadrant_iii  # noqa: F401


def certificate_url(enrolment):
    return reverse("programme:certificate", args=[enrolment.cohort_id, enrolment.pk])


@pytest.fixture
def completed(cohort):
    """Ani attended three of four sessions and took the post-test; Budi only one."""
    ani, budi = cohort_enrol(
        actor=None, cohort=cohort, people=[quadrant_iii("Ani Lestari"), quadrant_iii("Budi")]
    )
    first, second, third, _fourth = cohort.sessions.all()
    roll_call_save(actor=None, session=first, present={(ani.pk, None), (budi.pk, None)})
    for session in (second, third):
        roll_call_save(actor=None, session=session, present={(ani.pk, None)})
    cohort_scores_save(actor=None, cohort=cohort, scores={ani.pk: (50, 85), budi.pk: (40, 70)})
    ani.refresh_from_db(), budi.refresh_from_db()
    assert ani.completed_on and not budi.completed_on
    return ani, budi


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
        ("facilitator", 404),  # from another area: the returnee does not exist for them
    ],
)
def test_access(login, completed, persona, status):
    assert login(persona).get(certificate_url(completed[0])).status_code == status


def test_a_mentor_prints_the_certificate_of_a_family_they_accompany(login, completed, accompany):
    ani, budi = completed
    accompany(ani.person)
    client = login("mentor")
    assert client.get(certificate_url(ani)).status_code == 200


def test_methods(login, completed):
    assert login("coordinator").post(certificate_url(completed[0])).status_code == 405


def test_only_for_completed_enrolments(login, completed):
    _ani, budi = completed
    assert login("coordinator").get(certificate_url(budi)).status_code == 404


def test_enrolment_of_another_cohort_is_404(login, completed, facilitator):
    other = make_cohort(name="Angkatan 2")
    url = reverse("programme:certificate", args=[other.pk, completed[0].pk])
    assert login("coordinator").get(url).status_code == 404


def test_certificate_content(login, cohort, completed):
    ani, _budi = completed
    body = login("coordinator").get(certificate_url(ani)).content.decode()
    assert "@page { size: A4 landscape" in body and "@media print" in body
    assert '<p class="recipient" data-testid="recipient">Ani Lestari</p>' in body
    assert 'data-testid="module">Pelatihan kewirausahaan<' in body
    assert "Angkatan 1" in body and "Universitas Muhammadiyah Ponorogo" in body
    assert "2 Maret 2026" in body and "23 Maret 2026" in body  # first and last session
    assert '<strong data-testid="completed-on">23 Maret 2026</strong>' in body
    assert "navbar" not in body  # nothing but the certificate on the paper


def test_link_on_the_cohort_page_only_when_completed(login, cohort, completed):
    ani, budi = completed
    body = login("coordinator").get(reverse("programme:cohort_detail", args=[cohort.pk]))
    body = body.content.decode()
    assert certificate_url(ani) in body and certificate_url(budi) not in body

"""The mentors panel of the person page: current mentors, history, actions for who may."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from purna.mentors.models import Mentor, MentorPreference
from purna.people.models import Person
from tests.factories import assign, make_mentor

from .helpers import WIDORO, classes_of, family, is_big_tap_target, peer_returnee, staff


def url(person):
    return reverse("mentors:person_panel", args=[person.pk])


@pytest.fixture
def ani(db):
    return family("Ani")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 200),
        ("mentor", 404),  # not assigned to Ani
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, ani, persona, status):
    assert client_for(persona).get(url(ani)).status_code == status


def test_the_url_the_person_page_embeds(ani):
    assert url(ani) == f"/mentors/people/{ani.pk}/panel/"


def test_get_only(client_for, ani):
    assert client_for("coordinator").post(url(ani)).status_code == 405


def test_a_mentor_sees_the_panel_of_their_own_family(client_for, personas, ani):
    assign(ani, staff("Bu Rina", user=personas["mentor"]))
    page = client_for("mentor").get(url(ani)).content.decode()
    assert "Bu Rina" in page
    assert 'data-testid="change-staff"' not in page and 'data-testid="propose-peer"' not in page


def test_current_mentors_history_and_actions(client_for, ani):
    old = assign(ani, staff("Bu Rina"), on=date(2026, 1, 20))
    old.ended_on, old.end_reason = date(2026, 3, 1), "Bu Rina moved away"
    old.save()
    current = assign(ani, staff("Pak Budi"), on=date(2026, 3, 1))
    response = client_for("coordinator").get(url(ani))
    page = response.content.decode()
    assert response.context["slots"][0]["assignment"] == current
    assert response.context["slots"][1]["assignment"] is None
    assert list(response.context["history"]) == [current, old]
    assert "Bu Rina moved away" in page
    assert reverse("mentors:assignment_change", args=[current.pk]) in page
    assert reverse("mentors:assignment_end", args=[current.pk]) in page
    # No peer mentor yet: propose one.
    assert 'data-testid="propose-peer"' in page and 'data-testid="propose-staff"' not in page
    assert "<section" in page and "<html" not in page


def test_field_officers_see_but_do_not_act(client_for, ani):
    assign(ani, staff("Bu Rina"))
    page = client_for("field_officer").get(url(ani)).content.decode()
    assert "Bu Rina" in page
    assert 'data-testid="change-staff"' not in page and 'data-testid="propose-peer"' not in page
    assert 'data-testid="preference"' in page  # they may record the family's wish


def test_no_propose_link_before_practice_or_after_withdrawal(client_for):
    waiting = family("Citra", practice=False)
    page = client_for("coordinator").get(url(waiting)).content.decode()
    assert 'data-testid="propose-staff"' not in page
    gone = family("Dewi")
    Person.objects.filter(pk=gone.pk).update(withdrawn_on=date(2026, 3, 1))
    page = client_for("coordinator").get(url(gone)).content.decode()
    assert 'data-testid="propose-staff"' not in page


def test_the_wish_is_shown(client_for, ani):
    MentorPreference.objects.create(person=ani, same_sex=True, note="a woman please")
    assert "a woman please" in client_for("coordinator").get(url(ani)).content.decode()


def test_peer_mentor_shown(client_for, ani):
    lastri = make_mentor(person=peer_returnee())
    assign(ani, lastri)
    response = client_for("coordinator").get(url(ani))
    assert response.context["slots"][1]["assignment"].mentor == lastri


def test_outside_the_area_even_with_a_mentor_is_404(client_for):
    widoro = family("Widoro", village=WIDORO)
    assign(widoro, staff(districts=["35.01.01"]))
    assert client_for("coordinator").get(url(widoro)).status_code == 404
    assert Mentor.objects.count() == 1


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_history_reads_cleanly_with_dates_and_the_reason_in_words(client_for, ani):
    lastri = make_mentor(person=peer_returnee())
    old = assign(ani, lastri, on=date(2026, 1, 20))
    old.ended_on, old.end_reason = date(2026, 3, 1), "graduated"  # the graduation app's code
    old.save()
    assign(ani, staff("Pak Budi"), on=date(2026, 3, 1))
    page = english(client_for("coordinator")).get(url(ani)).content.decode()
    assert "Peer mentor (mitra pendamping))" not in page
    assert "20 Jan 2026 – 1 Mar 2026" in page and "since 1 Mar 2026" in page
    assert "2026-01-20" not in page and "Jan." not in page
    reason = f'data-testid="end-reason-{old.pk}">the family became independent<'
    assert reason in page


def test_the_panel_actions_are_big_enough_to_tap(client_for, ani):
    assign(ani, staff("Bu Rina"))
    page = client_for("coordinator").get(url(ani)).content.decode()
    for testid in ("change-staff", "end-staff", "propose-peer", "assign-peer", "preference"):
        assert is_big_tap_target(classes_of(page, testid)), testid

"""The mentor directory: the list (search, filters, pages) and one mentor's page."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from purna.mentors.models import Mentor
from tests.factories import assign, make_mentor

from .helpers import (
    PACITAN_DISTRICT,
    PONOROGO,
    SLAHUNG,
    WIDORO,
    family,
    peer_returnee,
    staff,
)

LIST = reverse("mentors:list")

MANAGERS_ONLY = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 403),
    ("mentor", 403),
    ("viewer", 403),
    ("outsider", 403),
    ("peer_mentor", 403),
    ("anonymous", 302),
]


@pytest.mark.parametrize("persona, status", MANAGERS_ONLY)
def test_list_access(client_for, persona, status):
    assert client_for(persona).get(LIST).status_code == status


def test_list_is_get_only(client_for):
    assert client_for("coordinator").post(LIST).status_code == 405


def listed(response) -> list[str]:
    return [m.name for m in response.context["page"].object_list]


def test_list_shows_kind_load_and_inactive(client_for):
    rina = staff("Bu Rina", capacity=4)
    assign(family("Ani"), rina)
    Mentor.objects.filter(pk=staff("Pak Budi").pk).update(is_active=False)
    lastri = make_mentor(person=peer_returnee())
    response = client_for("coordinator").get(LIST)
    assert listed(response) == ["Bu Lastri", "Bu Rina", "Pak Budi"]  # inactive last
    html = response.content.decode()
    assert f'data-testid="mentor-{rina.pk}"' in html and f'data-testid="mentor-{lastri.pk}"' in html
    loads = {m.name: (m.load, m.capacity) for m in response.context["page"].object_list}
    assert loads == {"Bu Rina": (1, 4), "Pak Budi": (0, 10), "Bu Lastri": (0, 3)}


def test_coordinators_see_only_mentors_of_their_area(client_for):
    staff("Bu Rina")
    staff("Bu Sari", districts=[SLAHUNG, PACITAN_DISTRICT])  # covers one district of the area
    staff("Bu Pacitan", districts=[PACITAN_DISTRICT])
    make_mentor(person=peer_returnee("Bu Widoro", village=WIDORO), districts=[])
    make_mentor(person=peer_returnee("Bu Lastri"), districts=[])  # lives in the area
    assert listed(client_for("coordinator").get(LIST)) == ["Bu Lastri", "Bu Rina", "Bu Sari"]
    assert listed(client_for("admin").get(LIST)) == [
        "Bu Lastri",
        "Bu Pacitan",
        "Bu Rina",
        "Bu Sari",
        "Bu Widoro",
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "rin"}, ["Bu Rina"]),
        ({"kind": "peer"}, ["Bu Lastri"]),
        ({"active": "no"}, ["Pak Budi"]),
        ({"active": "yes", "kind": "staff"}, ["Bu Rina", "Bu Sari"]),
        ({"district": SLAHUNG}, ["Bu Sari"]),
    ],
)
def test_search_and_filters(client_for, query, expected):
    staff("Bu Rina")
    staff("Bu Sari", districts=[SLAHUNG])
    Mentor.objects.filter(pk=staff("Pak Budi").pk).update(is_active=False)
    make_mentor(person=peer_returnee())
    assert listed(client_for("coordinator").get(LIST, query)) == expected


def test_pages_of_25_and_htmx_partial(client_for):
    for i in range(27):
        staff(f"Mentor {i:02d}")
    client = client_for("coordinator")
    assert len(listed(client.get(LIST))) == 25
    assert listed(client.get(LIST, {"page": 2})) == ["Mentor 25", "Mentor 26"]
    partial = client.get(LIST, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and 'data-testid="mentors"' in (
        partial.content.decode()
    )


@pytest.mark.parametrize("persona, status", MANAGERS_ONLY)
def test_detail_access(client_for, persona, status):
    mentor = staff()
    response = client_for(persona).get(reverse("mentors:detail", args=[mentor.pk]))
    assert response.status_code == status


def test_detail_outside_the_area_is_404(client_for):
    mentor = staff("Bu Pacitan", districts=[PACITAN_DISTRICT])
    url = reverse("mentors:detail", args=[mentor.pk])
    assert client_for("coordinator").get(url).status_code == 404
    assert client_for("admin").get(url).status_code == 200


def test_detail_lists_the_families_now_and_before(client_for):
    mentor = staff()
    ani = family("Ani")
    old = assign(family("Budi", sex="L"), mentor)
    old.ended_on, old.end_reason = old.started_on, "moved"
    old.save()
    assign(ani, mentor)
    response = client_for("coordinator").get(reverse("mentors:detail", args=[mentor.pk]))
    assert [a.person.full_name for a in response.context["open"]] == ["Ani"]
    assert [a.person.full_name for a in response.context["ended"]] == ["Budi"]
    assert reverse("mentors:assignment_change", args=[response.context["open"][0].pk]) in (
        response.content.decode()
    )


def test_detail_shows_dates_and_end_reasons_in_words(client_for):
    mentor = staff()
    old = assign(family("Budi", sex="L"), mentor, on=date(2026, 1, 20))
    old.ended_on, old.end_reason = date(2026, 3, 1), "graduated"  # the graduation app's code
    old.save()
    assign(family("Ani"), mentor, on=date(2026, 2, 3))
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("mentors:detail", args=[mentor.pk])).content.decode()
    assert "since 3 Feb 2026" in page and "20 Jan 2026 – 1 Mar 2026" in page
    assert f'data-testid="end-reason-{old.pk}">the family became independent<' in page
    assert "Jan." not in page and "Feb." not in page


@pytest.mark.parametrize("persona", ["admin", "coordinator"])
def test_the_list_costs_the_same_queries_for_3_mentors_as_for_25(client_for, persona):
    """Each mentor shows an institution or a home village, districts, sectors and a load
    counted from its families: nothing may be read mentor by mentor."""

    def add_mentors(first: int, last: int) -> None:
        for n in range(first, last):
            if n % 4 == 3:
                mentor = make_mentor(person=peer_returnee(f"Peer {n:02d}"), districts=[])
            else:
                mentor = staff(f"Staff {n:02d}", districts=[PONOROGO, SLAHUNG])
            assign(family(f"Family {n:02d}", practice=False), mentor)

    client = client_for(persona)
    add_mentors(0, 3)
    client.get(LIST)  # the session's first request may write (last login, language)
    with CaptureQueriesContext(connection) as few:
        assert len(listed(client.get(LIST))) == 3
    add_mentors(3, 25)
    with CaptureQueriesContext(connection) as many:
        assert len(listed(client.get(LIST))) == 25
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]

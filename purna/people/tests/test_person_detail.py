from datetime import date

import pytest
from django.urls import reverse

from tests.factories import QUADRANT_ANSWERS, answers_for, make_assessment


def url(person):
    return reverse("people:detail", args=[person.pk])


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


def test_unknown_person_is_404(client_for, personas):
    assert client_for("admin").get(reverse("people:detail", args=[999999])).status_code == 404


def test_shows_quadrant_scores_and_pathway(client_for, person):
    make_assessment(person, "II")
    body = client_for("field_officer").get(url(person)).content.decode()
    assert "Kuadran II" in body
    assert "MINDSET_SAKINAH" in body and "TRAINING_SAKINAH" in body
    assert "MINDSET_BUSINESS" not in body
    assert "100,0" in body and "0,0" in body  # Indonesian decimal comma


def test_triangulation_flag_beside_the_self_assessment(client_for, person):
    make_assessment(person, "IV")
    make_assessment(person, source="spouse", answers=answers_for(3, 3))
    body = client_for("coordinator").get(url(person)).content.decode()
    assert body.count("badge text-bg-warning") == 2  # both axes differ by 50 points


def test_latest_self_assessment_decides(client_for, person):
    make_assessment(person, "I", assessed_on=date(2026, 1, 1))
    make_assessment(person, "IV", assessed_on=date(2026, 5, 1))
    make_assessment(person, "III", source="officer", assessed_on=date(2026, 6, 1))
    body = client_for("coordinator").get(url(person)).content.decode()
    assert "Kuadran IV" in body


def test_audit_trail_is_readable(client_for, person, personas):
    make_assessment(person, answers=QUADRANT_ANSWERS["I"], actor=personas["coordinator"])
    body = client_for("coordinator").get(url(person)).content.decode()
    assert "Riwayat perubahan" in body and "Coordinator" in body


def test_english(client_for, person):
    make_assessment(person, "IV")
    client = client_for("coordinator")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(url(person)).content.decode()
    assert "Quadrant IV" in body and "Peer mentor" in body


def test_method_not_allowed(client_for, person):
    assert client_for("coordinator").post(url(person)).status_code == 405


def test_quadrant_history_is_drawn_oldest_first(client_for, person):
    make_assessment(person, "I", assessed_on=date(2026, 3, 1))
    make_assessment(person, "IV", assessed_on=date(2026, 1, 1))
    make_assessment(person, "II", source="spouse", assessed_on=date(2026, 2, 1))
    chart = client_for("coordinator").get(url(person)).context["chart"]
    assert [p["quadrant"] for p in chart["path"]] == ["IV", "I"]
    assert len(chart["points"]) == 3

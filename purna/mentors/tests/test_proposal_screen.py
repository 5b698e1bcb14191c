"""Propose mentors: review the optimal proposal, edit it, recompute its cost, accept it;
a stale proposal is refused and made again."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from purna.core import matching
from purna.mentors.models import Assignment, Mentor
from tests.factories import assign, make_mentor

from .helpers import SLAHUNG, TUGUREJO, WIDORO, family, peer_returnee, staff


def url(kind="staff", **query):
    base = reverse("mentors:proposal", args=[kind])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_access(client_for, persona, status):
    family("Ani")
    staff()
    assert client_for(persona).get(url()).status_code == status


def test_unknown_kind_404_and_put_405(client_for):
    client = client_for("coordinator")
    assert client.get(url("boss")).status_code == 404
    assert client.put(url()).status_code == 405


@pytest.fixture
def scene(db):
    """Ani in Kecamatan Ponorogo, Budi in Slahung; one mentor in each district."""
    return {
        "ani": family("Ani"),
        "budi": family("Budi", sex="L", village=TUGUREJO),
        "rina": staff("Bu Rina", capacity=2),
        "sari": staff("Bu Sari", districts=[SLAHUNG], capacity=2),
    }


def review(client, **query):
    response = client.get(url(**query))
    assert response.status_code == 200
    return response


def accepted_data(response, **changes):
    """The review form posted as shown, with `changes` applied."""
    form = response.context["form"]
    data = {"snapshot": form["snapshot"].value(), "on": "2026-02-01", "note": ""}
    for person in form.built.people:
        mentor = form[f"mentor_{person.pk}"].value()
        data[f"mentor_{person.pk}"] = mentor
        if form[f"include_{person.pk}"].value():
            data[f"include_{person.pk}"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_review_shows_the_nearer_mentors_with_their_marks(client_for, scene):
    response = review(client_for("coordinator"))
    rows = {r["person"].full_name: r for r in response.context["rows"]}
    assert rows["Ani"]["proposed"] == scene["rina"] and rows["Budi"]["proposed"] == scene["sari"]
    assert rows["Ani"]["proposed_mark"].level == matching.DISTRICT
    page = response.content.decode()
    assert f'data-testid="row-{scene["ani"].pk}"' in page
    assert response.context["proposal_cost"] == 20  # two pairs at district distance


def test_accept_as_proposed(client_for, scene):
    client = client_for("coordinator")
    response = client.post(url(), {**accepted_data(review(client)), "accept": "1"})
    assert response.status_code == 302 and response.url == reverse("mentors:needs")
    pairs = {(a.person.full_name, a.mentor.name, a.proposed_cost) for a in Assignment.objects.all()}
    assert pairs == {("Ani", "Bu Rina", 10), ("Budi", "Bu Sari", 10)}
    assert all(a.reason and a.started_on == date(2026, 2, 1) for a in Assignment.objects.all())


def test_accept_with_an_edit_and_a_note(client_for, scene):
    client = client_for("coordinator")
    ani, budi = scene["ani"], scene["budi"]
    data = accepted_data(
        review(client),
        **{f"mentor_{budi.pk}": str(scene["rina"].pk), "note": "Budi works in town"},
    )
    assert client.post(url(), {**data, "accept": "1"}).status_code == 302
    got = {a.person: a for a in Assignment.objects.all()}
    assert got[budi].mentor == scene["rina"] and got[budi].proposed_cost is None
    assert got[ani].proposed_cost == 10
    assert got[ani].reason == got[budi].reason == "Budi works in town"


def test_a_row_left_out_is_not_assigned(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(review(client), **{f"include_{scene['budi'].pk}": None})
    client.post(url(), {**data, "accept": "1"})
    assert [a.person for a in Assignment.objects.all()] == [scene["ani"]]


def test_recalculate_shows_the_cost_of_the_edit(client_for, scene):
    client = client_for("coordinator")
    ani, budi, rina, sari = scene["ani"], scene["budi"], scene["rina"], scene["sari"]
    data = accepted_data(review(client), **{f"mentor_{ani.pk}": str(sari.pk)})
    response = client.post(url(), {**data, "recalculate": "1"})
    assert response.status_code == 200 and not Assignment.objects.exists()
    built = response.context["built"]
    edited = {ani.pk: sari.pk, budi.pk: sari.pk}
    expected = matching.total_cost(edited, built.families, built.offers)
    assert response.context["edited_cost"] == expected > response.context["proposal_cost"]
    row = next(r for r in response.context["rows"] if r["person"] == ani)
    assert row["changed"] and row["chosen"] == sari and row["proposed"] == rina
    assert f'data-testid="edited-cost">{expected}<' in response.content.decode()


def test_an_over_capacity_edit_is_refused_naming_the_mentor(client_for, scene):
    Mentor.objects.filter(pk=scene["rina"].pk).update(capacity=1)
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = accepted_data(review(client), **{f"mentor_{scene['budi'].pk}": str(scene["rina"].pk)})
    response = client.post(url(), {**data, "accept": "1"})
    assert response.status_code == 200 and not Assignment.objects.exists()
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Bu Rina has room for 1 more families, 2 were chosen." in errors


def test_stale_when_a_family_got_a_mentor_meanwhile(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(review(client))
    assign(scene["budi"], staff("Pak Joko"))  # someone else, meanwhile
    response = client.post(url(), {**data, "accept": "1"})
    assert response.status_code == 302 and response.url == url()
    assert set(Assignment.objects.values_list("mentor__name", flat=True)) == {"Pak Joko"}
    again = client.get(response.url)
    assert [r["person"].full_name for r in again.context["rows"]] == ["Ani"]
    assert any("Budi" in str(m) for m in again.context["messages"])


def test_stale_when_a_mentors_capacity_changed(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(review(client, district=SLAHUNG))
    Mentor.objects.filter(pk=scene["sari"].pk).update(capacity=5)
    response = client.post(url(district=SLAHUNG), {**data, "accept": "1"})
    assert response.status_code == 302 and response.url == url(district=SLAHUNG)
    assert not Assignment.objects.exists()


def test_a_tampered_snapshot_is_proposed_again(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(review(client), snapshot="forged")
    assert client.post(url(), {**data, "accept": "1"}).status_code == 302
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("on", "tomorrow"),
        ("on", "not a date"),
        ("note", "x" * 301),
        ("mentor", "999999"),
    ],
)
def test_bad_input_writes_nothing(client_for, scene, field, value):
    client = client_for("coordinator")
    if field == "mentor":
        field = f"mentor_{scene['ani'].pk}"
    if value == "tomorrow":
        value = (date.today() + timedelta(days=1)).isoformat()
    data = accepted_data(review(client), **{field: value})
    response = client.post(url(), {**data, "accept": "1"})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_a_start_before_the_previous_mentor_left_is_a_form_error(client_for, scene):
    old = assign(scene["ani"], staff("Pak Joko"), on=date(2026, 1, 16))
    old.ended_on, old.end_reason = date(2026, 3, 1), "left"
    old.save()
    client = client_for("coordinator")
    response = client.post(url(), {**accepted_data(review(client)), "accept": "1"})
    assert response.status_code == 200 and "on" in response.context["form"].errors
    assert Assignment.objects.count() == 1


def test_accepting_with_a_date_before_business_practice_is_a_form_error(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(review(client), on="1990-01-01")
    response = client.post(url(), {**data, "accept": "1"})
    assert response.status_code == 200
    assert "15 Jan 2026" in " ".join(response.context["form"].errors["on"])
    assert not Assignment.objects.exists()


def test_nothing_included_is_refused(client_for, scene):
    client = client_for("coordinator")
    data = accepted_data(
        review(client),
        **{f"include_{scene['ani'].pk}": None, f"include_{scene['budi'].pk}": None},
    )
    response = client.post(url(), {**data, "accept": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_district_filter_and_the_area(client_for, scene):
    family("Widoro", village=WIDORO)
    client = client_for("coordinator")
    assert [r["person"].full_name for r in review(client).context["rows"]] == ["Ani", "Budi"]
    rows = review(client, district=SLAHUNG).context["rows"]
    assert [r["person"].full_name for r in rows] == ["Budi"]


def test_peer_proposal_and_no_room(client_for, scene):
    client = client_for("coordinator")
    response = client.get(url("peer"))
    assert 'data-testid="no-room"' in response.content.decode()
    lastri = make_mentor(person=peer_returnee())
    review_peer = client.get(url("peer"))
    names = {r["person"].full_name: r["proposed"] for r in review_peer.context["rows"]}
    assert list(names.values()).count(lastri) == 2
    client.post(url("peer"), {**accepted_data(review_peer), "accept": "1"})
    assert set(Assignment.objects.values_list("kind", flat=True)) == {"peer"}


def test_nobody_waiting(client_for):
    page = client_for("coordinator").get(url()).content.decode()
    assert 'data-testid="nobody"' in page


@pytest.mark.parametrize("value", ["abc", "999999", "peer mentor"])
def test_an_invalid_mentor_is_shown_on_its_row_and_above_the_rows(client_for, scene, value):
    if value == "peer mentor":  # a mentor of the other kind
        value = str(make_mentor(person=peer_returnee()).pk)
    ani, budi = scene["ani"], scene["budi"]
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = accepted_data(review(client), **{f"mentor_{ani.pk}": value})
    response = client.post(url(), {**data, "accept": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and not Assignment.objects.exists()
    assert f'data-testid="row-error-{ani.pk}"' in page
    assert f'data-testid="row-error-{budi.pk}"' not in page
    assert 'data-testid="row-errors"' in page and "Correct the families marked below" in page
    rows = {r["person"].full_name: r["errors"] for r in response.context["rows"]}
    assert rows["Ani"] and not rows["Budi"]


def test_nothing_to_accept_says_what_to_do(client_for, scene):
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = accepted_data(
        review(client),
        **{f"include_{scene['ani'].pk}": None, f"include_{scene['budi'].pk}": None},
    )
    response = client.post(url(), {**data, "accept": "1"})
    errors = " ".join(response.context["form"].non_field_errors())
    assert "switch on Include for at least one family and choose its mentor" in errors


def test_the_total_is_a_matching_score_not_a_cost(client_for, scene):
    client = client_for("coordinator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = review(client).content.decode()
    assert "Matching score of the proposal" in page and "Lower is better" in page
    assert "Cost of the proposal" not in page and "Recalculate the cost" not in page

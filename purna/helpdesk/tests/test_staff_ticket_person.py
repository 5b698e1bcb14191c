"""/helpdesk/<pk>/person/: link a ticket to a registered returnee found by name or NIK
among the people the user may see, or unlink it. Someone outside the user's area is "not
found", exactly like someone who does not exist."""

import pytest

from purna.audit.models import AuditEvent
from purna.helpdesk.models import Route, Ticket
from purna.helpdesk.services import ticket_link_person
from tests.factories import make_institution, make_person

from .screen_helpers import DESCRIPTION, english, submit, tmp_media  # noqa: F401

pytestmark = pytest.mark.django_db


def url(ticket, action: str = "person/") -> str:
    return f"/helpdesk/{ticket.pk}/{action}"


@pytest.fixture
def ticket(personas):
    return submit("complaint")


@pytest.fixture
def near(personas):
    return make_person(full_name="Sulastri Wahyuni")  # Kecamatan Ponorogo


@pytest.fixture
def far(personas):
    return make_person(full_name="Sulastri Pacitan", village_code_prefix="35.01")


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 302),
        ("coordinator", 302),
        ("field_officer", 302),
        ("mentor", 404),  # not their ticket
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 302),
    ],
)
def test_personas_link_and_search(client_for, ticket, near, persona, status):
    client = client_for(persona)
    search = client.get(url(ticket, "person/search/"), {"q": "sulastri"})
    assert search.status_code == (200 if persona != "anonymous" and status == 302 else status)
    response = client.post(url(ticket), {"person": near.pk})
    assert response.status_code == status
    linked = Ticket.objects.get(pk=ticket.pk).person_id
    if persona == "anonymous":
        assert response["Location"].startswith("/login/") and linked is None
    elif status == 302:
        assert response["Location"] == url(ticket, "")
        assert linked == near.pk
        assert near.full_name in search.content.decode()
    else:
        assert linked is None


def test_the_search_finds_only_people_the_user_may_see(client_for, ticket, near, far):
    coordinator = english(client_for("coordinator"))
    html = coordinator.get(url(ticket, "person/search/"), {"q": "Sulastri"}).content.decode()
    assert 'data-testid="ticket-code"' in html  # without HTMX: the whole page
    assert f'data-testid="link-{near.pk}"' in html and far.full_name not in html
    by_nik = coordinator.get(
        url(ticket, "person/search/"), {"q": near.nik[:10]}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-testid="ticket-code"' not in by_nik  # HTMX: the results only
    assert f'data-testid="link-{near.pk}"' in by_nik and near.nik not in by_nik  # masked
    nobody = coordinator.get(url(ticket, "person/search/"), {"q": "Pacitan"})
    assert "No returnee found among the people you may see." in nobody.content.decode()
    admin = client_for("admin").get(url(ticket, "person/search/"), {"q": "Sulastri"})
    assert far.full_name in admin.content.decode()


def test_someone_outside_the_area_is_not_found_like_nobody(client_for, ticket, far):
    client = english(client_for("coordinator"))
    outside = client.post(url(ticket), {"person": far.pk})
    missing = client.post(url(ticket), {"person": 999999})
    assert outside.status_code == missing.status_code == 200
    error = "No such returnee among the people you may see."
    assert outside.context["person_form"].errors == missing.context["person_form"].errors
    assert error in outside.content.decode() and far.full_name not in outside.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).person_id is None


def test_unlink_and_the_audit_has_no_content(client_for, ticket, near, personas):
    ticket_link_person(actor=personas["admin"], ticket=ticket, person=near)
    client = english(client_for("field_officer"))
    page = client.get(url(ticket, "")).content.decode()
    assert f'href="/people/{near.pk}/"' in page and 'data-testid="unlink"' in page
    response = client.post(url(ticket), {"person": ""}, follow=True)
    assert "no longer linked" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).person_id is None
    events = AuditEvent.objects.filter(
        entity="ticket", entity_id=ticket.pk, changes__has_key="person"
    )
    assert [e.changes["person"] for e in events.order_by("id")] == [
        [None, near.pk],
        [near.pk, None],
    ]
    for event in events:
        assert DESCRIPTION not in str(event.changes) and near.full_name not in str(event.changes)


def test_a_link_the_user_cannot_see_is_not_theirs_to_change(client_for, ticket, far, personas):
    ticket_link_person(actor=personas["admin"], ticket=ticket, person=far)
    client = english(client_for("field_officer"))
    page = client.get(url(ticket, "")).content.decode()
    assert 'data-testid="person-hidden"' in page and far.full_name not in page
    response = client.post(url(ticket), {"person": ""})
    assert "ask a coordinator" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).person_id == far.pk


def test_linking_changes_only_the_link(client_for, personas, near, accompany):
    """Even with a route to the family's mentor, linking after entry neither assigns the
    mentor nor takes the returnee's village: a private consultation must not reach a mentor
    without a coordinator deciding it. Unlinking leaves both as they are."""
    Route.objects.create(
        kind="help",
        area="35.02",
        institution=make_institution(),
        to_mentor=True,
    )
    accompany(near)
    unassigned = submit("help", None)
    client = english(client_for("admin"))
    response = client.post(url(unassigned), {"person": near.pk}, follow=True)
    assert "village and assignee are unchanged" in response.content.decode()
    unassigned.refresh_from_db()
    assert unassigned.person == near
    assert unassigned.village_id is None and unassigned.assignee is None
    response = client.post(url(unassigned), {"person": ""}, follow=True)
    assert "no longer linked" in response.content.decode()
    unassigned.refresh_from_db()
    assert unassigned.person is None and unassigned.assignee is None
    # The family's mentor was never given it.
    assert client_for("mentor").get(url(unassigned, "")).status_code == 404


def test_linking_is_a_post_and_searching_a_get(client_for, ticket):
    assert client_for("admin").get(url(ticket)).status_code == 405
    assert client_for("admin").post(url(ticket, "person/search/")).status_code == 405

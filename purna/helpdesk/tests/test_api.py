"""/api/v1/tickets, /helpdesk/report and /public/tickets: the screens' permissions and
confidentiality through a real bearer token; the public endpoints without one."""

from random import Random

import pytest
from django.test import Client

from purna.audit.models import AuditEvent
from purna.core.tickets import new_code
from purna.helpdesk.models import Message, State, StatusLookup, Ticket
from purna.helpdesk.services import (
    MAX_FAILED_LOOKUPS_PER_HOUR,
    ticket_assign,
    ticket_note,
    ticket_reply,
    ticket_transition,
)
from purna.notifications.models import OutboxMessage
from tests.api import bearer
from tests.factories import make_person, village

from .screen_helpers import SECRET, SECRET_NAME, sensitive_ticket, submit

pytestmark = pytest.mark.django_db


def call(user, method, path, body=None, **extra):
    client = Client()
    kwargs = {"headers": bearer(user), **extra}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(f"/api/v1{path}", **kwargs)


def public(path, body, **extra):
    return Client().post(f"/api/v1{path}", data=body, content_type="application/json", **extra)


def fields_of(response) -> dict[str, str]:
    return {e["field"]: e["msg"] for e in response.json()["detail"]}


TICKET_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]
SENSITIVE_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 404),
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 401),
]


@pytest.fixture
def ticket(personas):
    return submit("complaint")


@pytest.fixture
def secret(personas):
    return sensitive_ticket()


# The list


@pytest.mark.parametrize(
    "persona, status, visible",
    [
        ("admin", 200, {"ticket", "secret"}),
        ("coordinator", 200, {"ticket", "secret"}),
        ("field_officer", 200, {"ticket"}),
        ("mentor", 200, set()),
        ("viewer", 403, None),
        ("outsider", 200, set()),
        ("peer_mentor", 403, None),
        ("anonymous", 401, None),
    ],
)
def test_list(personas, ticket, secret, persona, status, visible):
    response = call(personas[persona], "get", "/tickets")
    assert response.status_code == status
    if visible is None:
        return
    codes = {t["code"] for t in response.json()["items"]}
    assert codes == {{"ticket": ticket, "secret": secret}[k].code for k in visible}
    assert SECRET not in response.content.decode()
    assert SECRET_NAME not in response.content.decode()


def test_a_sensitive_ticket_in_the_list_is_code_kind_state_and_dates(personas, secret):
    ticket_assign(actor=personas["admin"], ticket=secret, assignee=personas["coordinator"])
    item = call(personas["coordinator"], "get", "/tickets").json()["items"][0]
    assert item["code"] == secret.code and item["kind"] == "abuse" and item["sensitive"]
    assert item["submitter_name"] is None
    assert item["district_code"] is None
    assert item["assignee"] is None
    assert "description" not in item


def test_list_filters(personas, ticket):
    help_ticket = submit("help", "35.02.01")
    admin = personas["admin"]

    def codes(query):
        return {t["code"] for t in call(admin, "get", f"/tickets?{query}").json()["items"]}

    assert codes("kind=help") == {help_ticket.code}
    assert codes("district=350201") == {help_ticket.code}
    assert codes("state=open") == {ticket.code, help_ticket.code}
    assert codes("state=resolved") == set()
    assert codes("overdue=true") == set()
    bad = call(admin, "get", "/tickets?district=35.02")
    assert bad.status_code == 422 and "district" in fields_of(bad)
    assert call(admin, "get", "/tickets?state=bogus").status_code == 422


# One ticket


@pytest.mark.parametrize("persona, status", TICKET_ACCESS)
def test_detail(personas, ticket, persona, status):
    response = call(personas[persona], "get", f"/tickets/{ticket.code}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["description"] == ticket.description
        assert body["district_code"] == "35.02.17"
        assert body["state"] == "new" and body["overdue"] is None


@pytest.mark.parametrize("persona, status", SENSITIVE_ACCESS)
def test_a_sensitive_ticket(personas, secret, persona, status):
    AuditEvent.objects.all().delete()
    response = call(personas[persona], "get", f"/tickets/{secret.code}")
    assert response.status_code == status
    messages = call(personas[persona], "get", f"/tickets/{secret.code}/messages")
    assert messages.status_code == status
    if status == 200:
        assert response.json()["description"] == SECRET
        assert AuditEvent.objects.filter(action="view", entity_id=secret.pk).count() == 2
    else:
        assert SECRET not in response.content.decode()
        assert not AuditEvent.objects.filter(action="view").exists()


def test_a_code_typed_loosely_and_an_unknown_code(personas, ticket):
    admin = personas["admin"]
    assert call(admin, "get", f"/tickets/{ticket.code.lower()}").status_code == 200
    assert call(admin, "get", "/tickets/PRN-XXXX-XXXX").status_code == 404


# The conversation


def test_messages_include_notes_for_staff(personas, ticket, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from .screen_helpers import pdf

    ticket_reply(actor=personas["coordinator"], ticket=ticket, body="Balasan", attachments=[pdf()])
    ticket_note(actor=personas["coordinator"], ticket=ticket, body="Catatan")
    body = call(personas["field_officer"], "get", f"/tickets/{ticket.code}/messages").json()
    assert [(m["kind"], m["body"], m["author"]) for m in body] == [
        ("reply", "Balasan", "coordinator"),
        ("note", "Catatan", "coordinator"),
    ]
    assert body[0]["attachments"][0]["name"] == "surat.pdf"
    assert body[0]["attachments"][0]["url"].startswith("/helpdesk/files/")


@pytest.mark.parametrize("kind, path", [("reply", "replies"), ("note", "notes")])
@pytest.mark.parametrize("persona, status", [*TICKET_ACCESS[:-1], ("anonymous", 401)])
def test_writing(personas, ticket, kind, path, persona, status):
    expected = 201 if status == 200 else status
    response = call(personas[persona], "post", f"/tickets/{ticket.code}/{path}", {"body": "Halo"})
    assert response.status_code == expected
    if expected == 201:
        assert response.json()["kind"] == kind
        assert Message.objects.get(ticket=ticket).kind == kind
    else:
        assert not Message.objects.exists()


def test_a_reply_acknowledges_and_notifies_without_its_text(personas, ticket):
    call(personas["coordinator"], "post", f"/tickets/{ticket.code}/replies", {"body": "Rahasia"})
    assert Ticket.objects.get(pk=ticket.pk).state == State.ACKNOWLEDGED
    notice = OutboxMessage.objects.get(dedupe_key__startswith="ticket-reply")
    assert "Rahasia" not in notice.body


@pytest.mark.parametrize("body", [{"body": ""}, {"body": "   "}, {"body": "x" * 5001}, {}])
def test_a_bad_message(personas, ticket, body):
    response = call(personas["admin"], "post", f"/tickets/{ticket.code}/replies", body)
    assert response.status_code == 422
    assert "body" in fields_of(response)
    assert not Message.objects.exists()


def test_a_reply_to_a_closed_ticket_is_a_conflict(personas, ticket):
    ticket_transition(actor=personas["admin"], ticket=ticket, state=State.CLOSED)
    response = call(personas["admin"], "post", f"/tickets/{ticket.code}/replies", {"body": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


# States and assignment


def test_transitions(personas, ticket):
    officer = personas["field_officer"]
    path = f"/tickets/{ticket.code}/transitions"
    response = call(officer, "post", path, {"state": "in_progress"})
    assert response.status_code == 200
    assert response.json()["state"] == "in_progress"
    assert response.json()["acknowledged_at"] is not None
    conflict = call(officer, "post", path, {"state": "new"})
    assert conflict.status_code == 409
    assert call(officer, "post", path, {"state": "bogus"}).status_code == 422
    assert call(personas["viewer"], "post", path, {"state": "resolved"}).status_code == 403
    assert call(personas["outsider"], "post", path, {"state": "resolved"}).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).state == State.IN_PROGRESS


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 404),
        ("viewer", 403),
        ("outsider", 404),
        ("peer_mentor", 403),
        ("anonymous", 401),
    ],
)
def test_assign(personas, ticket, persona, status):
    response = call(
        personas[persona], "post", f"/tickets/{ticket.code}/assign", {"assignee": "field_officer"}
    )
    assert response.status_code == status
    expected = personas["field_officer"] if status == 200 else None
    assert Ticket.objects.get(pk=ticket.pk).assignee == expected


def test_assign_bad_input(personas, ticket):
    path = f"/tickets/{ticket.code}/assign"
    admin = personas["admin"]
    assert "assignee" in fields_of(call(admin, "post", path, {"assignee": "nobody"}))
    assert "assignee" in fields_of(call(admin, "post", path, {"assignee": "outsider"}))
    assert "institution_id" in fields_of(call(admin, "post", path, {"institution_id": 99999}))
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


# Staff entry


def test_create(personas):
    person = make_person(full_name="Sulastri")
    body = {
        "channel": "walk_in",
        "kind": "help",
        "topic": "business",
        "name": "Sulastri",
        "participant_nik": person.nik,
        "description": "Warung sepi",
    }
    response = call(personas["field_officer"], "post", "/tickets", body)
    assert response.status_code == 201
    out = response.json()
    assert out["participant_nik"] == person.nik
    assert out["village_code"] == person.village_id
    assert out["channel"] == "walk_in"
    assert Ticket.objects.get().created_by == personas["field_officer"]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"channel": "web"}, "channel"),
        ({"kind": "gossip"}, "kind"),
        ({"name": "  "}, "name"),
        ({"description": "x" * 5001}, "description"),
        ({"phone": "abc"}, "phone"),
        ({"village_code": "35.01.01.2001"}, "village_code"),  # outside the area
        ({"participant_nik": "3501010101010001"}, "participant_nik"),
    ],
)
def test_create_bad_input(personas, overrides, field):
    body = {"kind": "complaint", "name": "A", "description": "B", **overrides}
    response = call(personas["field_officer"], "post", "/tickets", body)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "persona, status", [("viewer", 403), ("peer_mentor", 403), ("anonymous", 401)]
)
def test_create_forbidden(personas, persona, status):
    body = {"kind": "complaint", "name": "A", "description": "B"}
    assert call(personas[persona], "post", "/tickets", body).status_code == status
    assert not Ticket.objects.exists()


# The report


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin", 200),
        ("coordinator", 200),
        ("field_officer", 403),
        ("mentor", 403),
        ("viewer", 403),
        ("peer_mentor", 403),
        ("anonymous", 401),
    ],
)
def test_report(personas, ticket, secret, persona, status):
    response = call(personas[persona], "get", "/helpdesk/report")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["open_total"] == 2
        assert {row["kind"] for row in body["open_by_kind_and_district"]} == {"complaint", "abuse"}
        assert SECRET not in response.content.decode()


def test_report_period(personas):
    response = call(personas["admin"], "get", "/helpdesk/report?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 422


# Public: no authentication


PUBLIC = {
    "kind": "help",
    "topic": "capital",
    "name": "Sri",
    "phone": "0812 3456 7890",
    "description": "Butuh modal",
}


def test_public_submit_needs_no_token(db):
    response = public("/public/tickets", PUBLIC)
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get()
    assert body == {
        "code": ticket.code,
        "acknowledge_by": ticket.acknowledge_by.isoformat(),
        "sent_by": "sms",
    }
    assert ticket.channel == "web"


def test_public_submit_with_a_village_and_an_email(db):
    body = {**PUBLIC, "phone": "", "email": "sri@example.org", "village_code": village().code}
    response = public("/public/tickets", body)
    assert response.status_code == 201 and response.json()["sent_by"] == "email"
    assert Ticket.objects.get().village == village()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"topic": ""}, "topic"),
        ({"phone": ""}, "phone"),
        ({"nik": "123"}, "nik"),
        ({"description": "x" * 5001}, "description"),
        ({"village_code": "99.99"}, "village_code"),
        ({"kind": "spam"}, "kind"),
    ],
)
def test_public_submit_bad_input(db, overrides, field):
    response = public("/public/tickets", {**PUBLIC, **overrides})
    assert response.status_code == 422
    assert field in fields_of(response)
    assert not Ticket.objects.exists()


def test_public_submit_rate_limits(db, monkeypatch):
    monkeypatch.setattr("purna.helpdesk.services.MAX_PER_SOURCE_PER_HOUR", 5)
    for i in range(5):
        body = {**PUBLIC, "phone": f"0812 3456 {i:04d}"}
        assert public("/public/tickets", body, REMOTE_ADDR="10.2.2.2").status_code == 201
    response = public(
        "/public/tickets", {**PUBLIC, "phone": "0812 0000 9999"}, REMOTE_ADDR="10.2.2.2"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert Ticket.objects.count() == 5


def test_public_status(personas, ticket):
    ticket_reply(actor=personas["coordinator"], ticket=ticket, body="Balasan kami")
    ticket_note(actor=personas["coordinator"], ticket=ticket, body="Catatan rahasia")
    suffix = ticket.submitter_phone[-4:]
    response = public("/public/tickets/status", {"code": ticket.code, "phone_last4": suffix})
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "acknowledged"
    assert [m["body"] for m in body["messages"]] == ["Balasan kami"]
    assert "Catatan rahasia" not in response.content.decode()
    assert "coordinator" not in response.content.decode()


def test_public_status_never_enumerates(ticket):
    unknown = new_code(Random(3))
    wrong_digits = public("/public/tickets/status", {"code": ticket.code, "phone_last4": "0000"})
    unknown_code = public("/public/tickets/status", {"code": unknown, "phone_last4": "0000"})
    malformed = public("/public/tickets/status", {"code": "hello", "phone_last4": "0000"})
    assert wrong_digits.status_code == unknown_code.status_code == malformed.status_code == 404
    assert wrong_digits.json() == unknown_code.json() == malformed.json()
    assert StatusLookup.objects.count() == 2


def test_public_status_rate_limit(ticket):
    suffix = ticket.submitter_phone[-4:]
    for _ in range(MAX_FAILED_LOOKUPS_PER_HOUR):
        public("/public/tickets/status", {"code": ticket.code, "phone_last4": "0000"})
    right = public("/public/tickets/status", {"code": ticket.code, "phone_last4": suffix})
    assert right.status_code == 429
    assert right.json()["code"] == "rate_limited"


def test_the_staff_endpoints_still_need_a_token(ticket):
    assert Client().get("/api/v1/tickets").status_code == 401
    assert Client().get(f"/api/v1/tickets/{ticket.code}").status_code == 401

"""Bearer tokens and session access to the API; the token service and `purna api_token`."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from purna.accounts.models import ApiToken
from purna.accounts.tokens import token_create, token_revoke, token_user
from purna.audit.models import AuditEvent
from tests.api import bearer
from tests.factories import QUADRANT_ANSWERS, make_person

URL = "/api/v1/participants"


# --- the token service -----------------------------------------------------------------------


def test_token_is_shown_once_and_only_its_digest_is_stored(personas):
    raw = token_create(user=personas["coordinator"], name="kobo")
    token = ApiToken.objects.get()
    assert raw.startswith("purna_") and len(raw) > 40
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.digest, token.name}
    assert token.name == "kobo" and token.user == personas["coordinator"]


def test_tokens_are_unique(personas):
    assert token_create(user=personas["admin"], name="a") != token_create(
        user=personas["admin"], name="a"
    )


def test_token_user(personas):
    raw = token_create(user=personas["mentor"], name="x")
    assert token_user(raw) == personas["mentor"]
    assert token_user(raw + "x") is None
    assert token_user("") is None
    assert token_user("purna_" + "a" * 500) is None


def test_inactive_users_token_is_refused(personas):
    raw = token_create(user=personas["mentor"], name="x")
    personas["mentor"].is_active = False
    personas["mentor"].save()
    assert token_user(raw) is None


def test_revoked_token_is_refused(personas):
    raw = token_create(user=personas["mentor"], name="x")
    token_revoke(token=ApiToken.objects.get())
    assert token_user(raw) is None
    assert not ApiToken.objects.exists()


def test_token_changes_are_audited(personas):
    token_create(user=personas["mentor"], name="kobo", actor=personas["admin"])
    token_revoke(token=ApiToken.objects.get())
    events = list(AuditEvent.objects.filter(entity="apitoken").order_by("id"))
    assert [e.action for e in events] == ["create", "delete"]
    assert events[0].actor == personas["admin"]
    assert "kobo" in events[0].summary and "mentor" in events[0].summary


def test_last_used_is_written_at_most_once_a_minute(personas, django_assert_num_queries):
    raw = token_create(user=personas["mentor"], name="x")
    token_user(raw)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only, no write
        token_user(raw)
    assert ApiToken.objects.get().last_used_at == first

    earlier = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=earlier)
    token_user(raw)
    assert ApiToken.objects.get().last_used_at > earlier


# --- purna api_token -------------------------------------------------------------------------


def test_command_prints_a_working_token_and_nothing_else(personas):
    out, err = StringIO(), StringIO()
    call_command("api_token", "coordinator", "--name", "kobo", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert "\n" not in raw and raw.startswith("purna_")
    assert token_user(raw) == personas["coordinator"]
    assert ApiToken.objects.get().name == "kobo"
    assert "Coordinator" not in out.getvalue() + err.getvalue()  # no personal data


def test_command_default_name_and_revoke(personas):
    call_command("api_token", "mentor", stdout=StringIO(), stderr=StringIO())
    assert ApiToken.objects.get().name == "api"
    call_command("api_token", "mentor", "--revoke", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("args", [["nobody"], ["mentor", "--revoke", "--name", "none"]])
def test_command_errors(personas, args):
    with pytest.raises(CommandError):
        call_command(*["api_token", *args], stdout=StringIO(), stderr=StringIO())


def test_command_refuses_inactive_user(personas):
    personas["viewer"].is_active = False
    personas["viewer"].save()
    with pytest.raises(CommandError):
        call_command("api_token", "viewer", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


# --- authentication on the API ---------------------------------------------------------------


def test_valid_token(client, personas):
    response = client.get(URL, headers=bearer(personas["coordinator"]))
    assert response.status_code == 200


def test_no_credentials_is_401_with_challenge(client, personas):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer purna_wrong", "Bearer ", "Token {raw}", "{raw}", "Basic Y29vcmRpbmF0b3I6eA=="],
)
def test_wrong_token_is_401(client, personas, header):
    raw = token_create(user=personas["coordinator"], name="x")
    response = client.get(URL, headers={"Authorization": header.format(raw=raw)})
    assert response.status_code == 401


def test_revoked_token_is_401(client, personas):
    headers = bearer(personas["coordinator"])
    assert client.get(URL, headers=headers).status_code == 200
    token_revoke(token=ApiToken.objects.get())
    assert client.get(URL, headers=headers).status_code == 401


def test_token_of_deactivated_user_is_401(client, personas):
    headers = bearer(personas["coordinator"])
    personas["coordinator"].is_active = False
    personas["coordinator"].save()
    assert client.get(URL, headers=headers).status_code == 401


def test_wrong_token_is_401_even_with_a_session(client, personas):
    client.force_login(personas["coordinator"])
    assert client.get(URL).status_code == 200
    assert client.get(URL, headers={"Authorization": "Bearer purna_wrong"}).status_code == 401


def test_token_acts_as_its_user_not_the_session(client, personas):
    make_person()  # in Ponorogo: the coordinator sees it, the outsider does not
    client.force_login(personas["coordinator"])
    response = client.get(URL, headers=bearer(personas["outsider"]))
    assert response.json()["count"] == 0


# --- the browser session (docs page) ---------------------------------------------------------


def assessment_body(person) -> dict:
    return {
        "nik": person.nik,
        "assessed_on": "2026-02-01",
        "source": "self",
        "answers": QUADRANT_ANSWERS["II"],
    }


def test_session_reads_without_csrf(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["mentor"])
    assert client.get(URL).status_code == 200


def test_session_write_needs_csrf_token(personas):
    person = make_person()
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["coordinator"])
    response = client.post(
        "/api/v1/assessments", assessment_body(person), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not person.assessments.exists()

    # What a page rendered with {% csrf_token %} hands the browser: a cookie and the same
    # secret for the header.
    token = "k" * 32
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/assessments",
        assessment_body(person),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


def test_token_write_needs_no_csrf_token(personas):
    person = make_person()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/assessments",
        assessment_body(person),
        content_type="application/json",
        headers=bearer(personas["coordinator"]),
    )
    assert response.status_code == 201


def test_wrong_token_write_is_401_not_csrf_403(personas):
    person = make_person()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/assessments",
        assessment_body(person),
        content_type="application/json",
        headers={"Authorization": "Bearer purna_wrong"},
    )
    assert response.status_code == 401

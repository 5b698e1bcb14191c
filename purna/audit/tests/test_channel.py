"""The audit trail says where a change came from without services passing it along."""

import subprocess
import sys

from django.urls import reverse

from purna.accounts.tokens import token_create
from purna.audit.models import AuditEvent
from tests.factories import QUADRANT_ANSWERS, make_assessment


def test_screens_record_web_and_the_api_records_api(client_for, person, personas):
    client = client_for("coordinator")
    client.post(
        reverse("assessment:create", args=[person.pk]),
        {"assessed_on": "2026-11-20", "source": "self", **QUADRANT_ANSWERS["IV"]},
    )
    token = token_create(user=personas["coordinator"], name="t")
    client.logout()
    response = client.post(
        "/api/v1/assessments",
        {
            "nik": person.nik,
            "assessed_on": "2026-11-21",
            "source": "spouse",
            "answers": QUADRANT_ANSWERS["I"],
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    channels = list(
        AuditEvent.objects.filter(entity="assessment")
        .order_by("id")
        .values_list("channel", flat=True)
    )
    assert channels == ["web", "api"]


def test_services_outside_a_request_record_web(person):
    make_assessment(person)
    assert AuditEvent.objects.get(entity="assessment").channel == "web"


def test_the_console_script_marks_commands():
    code = (
        "from purna.cli import main; import sys; "
        "sys.argv = ['purna', 'shell', '-c', "
        "'from purna.audit.channel import current_channel; print(current_channel())']; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().endswith("command"), done.stderr

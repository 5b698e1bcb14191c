"""`purna deliver-messages`: the cron safety net; counts only on the terminal."""

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import make_message

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("deliver_messages", *args, stdout=out)
    return out.getvalue()


def test_delivers_and_prints_counts_only(gateway, caplog):
    gateway.fail_first = 1
    messages = [make_message(n) for n in (1, 2, 3)]
    caplog.set_level(logging.DEBUG)
    output = run()
    # The first request fails (the gateway counts as down for the rest of the run).
    assert output.strip() == (
        "sent: 0, retrying later: 1, failed: 0, waiting for a channel to be configured: 0"
    )
    output = run("--limit", "1")
    assert output.startswith("sent: 1,") and output.strip().endswith("more due: run again")
    assert run().startswith("sent: 1,")
    for text in (output, caplog.text):
        for m in messages:
            assert m.address not in text and m.body not in text


def test_refuses_a_non_positive_limit():
    with pytest.raises(CommandError):
        run("--limit", "0")

"""Real receivers on 127.0.0.1 for the outbox tests: an SMTP server (aiosmtpd) and an HTTP
gateway (http.server in a thread) that can fail, refuse, stall and deduplicate."""

import email
import json
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

from purna.notifications.models import OutboxMessage


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# SMTP


class MailHandler:
    """Keeps every accepted email; refuses recipients named in `refuse` with their code."""

    def __init__(self):
        self.received: list[email.message.Message] = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        for fragment, reply in self.refuse.items():
            if fragment in address:
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


class MailServer:
    def __init__(self):
        self.port = free_port()
        self.handler = MailHandler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self):
        return self.handler.received


@pytest.fixture
def mail_server(settings):
    """A running SMTP server, and Django's SMTP backend pointed at it (stop() and start()
    take it down and bring it back on the same port)."""
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Purna <purna@purna.example>"
    server.start()
    yield server
    server.stop()


# HTTP gateway


@dataclass
class GatewayState:
    fail_first: int = 0  # answer `fail_status` to this many requests, then accept
    fail_status: int = 500
    status: int = 200  # the answer once the failures are used up
    stall_first: float = 0.0  # seconds the first request waits before answering
    requests: list[dict] = field(default_factory=list)  # every request, in order
    accepted: dict[str, dict] = field(default_factory=dict)  # Idempotency-Key -> body
    duplicates: list[str] = field(default_factory=list)  # keys accepted before, dropped
    lock: threading.Lock = field(default_factory=threading.Lock)


class GatewayHandler(BaseHTTPRequestHandler):
    state: GatewayState

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):  # noqa: N802
        with self.state.lock:
            self.state.requests.append({"method": "GET", "path": self.path})
        self.send_response(200)
        self.end_headers()

    def do_POST(self):  # noqa: N802
        state = self.state
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with state.lock:
            stall = state.stall_first if not state.requests else 0
            number = len(state.requests)
            state.requests.append(
                {
                    "method": "POST",
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": body,
                }
            )
        if stall:
            time.sleep(stall)
        status = state.fail_status if number < state.fail_first else state.status
        if status == 302:
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
            self.end_headers()
            return
        if 200 <= status < 300:
            key = self.headers["Idempotency-Key"]
            with state.lock:
                # A receiver that honours the key: the second copy is acknowledged, dropped.
                if key in state.accepted:
                    state.duplicates.append(key)
                else:
                    state.accepted[key] = json.loads(body)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"{}")


@pytest.fixture
def gateway(settings):
    """A gateway on 127.0.0.1 with Purna's settings pointed at it."""
    state = GatewayState()
    handler = type("Handler", (GatewayHandler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PURNA_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send/{{channel}}"
    settings.PURNA_GATEWAY_AUTH_HEADER = "Authorization: Bearer test-token"
    settings.PURNA_GATEWAY_CHANNELS = ["sms", "whatsapp"]
    settings.PURNA_GATEWAY_TIMEOUT = 5
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_email(settings):
    """Email not configured (production without PURNA_EMAIL_HOST)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""


# Messages


def make_message(n: int = 1, *, channel: str = "sms", **fields) -> OutboxMessage:
    address = f"siti{n}@example.org" if channel == "email" else f"+62812345678{n:02d}"
    values = {
        "channel": channel,
        "address": address,
        "body": f"Pesan {n}: sesi besok",
        "dedupe_key": f"test:{channel}:{n}",
    }
    values.update(fields)
    return OutboxMessage.objects.create(**values)


@pytest.fixture
def restore_signals():
    """db_worker installs its own SIGINT/SIGTERM handlers: give pytest its own back."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)

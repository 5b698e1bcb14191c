"""Sending one outbox message: email over SMTP, SMS and WhatsApp through an HTTP gateway.

Each sender either returns (the receiver accepted the message) or raises `DeliveryError`
with a reason that holds no personal data: SMTP and HTTP status codes and exception class
names only, never the address, the text, the gateway URL or a server's reply (a server's
reply often repeats the address).

Both carry the message's stable `message_id` (SMTP `Message-ID`, HTTP `Idempotency-Key`,
and `{message_id}` in the gateway body), so a receiver can drop the second copy a worker
sends when it died between sending and recording the message as sent.
"""

import http.client
import json
import re
import smtplib
import urllib.error
import urllib.request
from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage

from .models import OutboxMessage

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
GATEWAY_CHANNELS = {OutboxMessage.Channel.SMS, OutboxMessage.Channel.WHATSAPP}
PLACEHOLDER = re.compile(r"\{(to|text|channel|message_id)\}")
# Status codes that say "later" rather than "never" (request timeout, too many requests);
# 401/403 say the gateway's credentials are wrong: fixing them must not need a retry click
# on every message, so they are retried like an outage.
HTTP_RETRY = {401, 403, 408, 429}


class DeliveryError(Exception):
    """The message was not accepted. `permanent`: retrying cannot help (a refused address);
    `channel_down`: the server or gateway itself is unusable right now, so the rest of this
    run leaves that channel's messages untouched instead of spending an attempt on each."""

    def __init__(self, reason: str, *, permanent: bool = False, channel_down: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.channel_down = channel_down


def email_configured() -> bool:
    return bool(settings.EMAIL_HOST) or settings.EMAIL_BACKEND != SMTP_BACKEND


def gateway_configured(channel: str) -> bool:
    return bool(settings.PURNA_GATEWAY_URL) and channel in settings.PURNA_GATEWAY_CHANNELS


def configured_channels() -> set[str]:
    channels = {c for c in GATEWAY_CHANNELS if gateway_configured(c)}
    if email_configured():
        channels.add(OutboxMessage.Channel.EMAIL)
    return channels


def not_configured_reason(channel: str) -> str:
    if channel == OutboxMessage.Channel.EMAIL:
        return "no mail server configured (PURNA_EMAIL_HOST)"
    return "no gateway configured for this channel (PURNA_GATEWAY_URL, PURNA_GATEWAY_CHANNELS)"


def send(message: OutboxMessage) -> None:
    if message.channel == OutboxMessage.Channel.EMAIL:
        send_email(message)
    elif message.channel in GATEWAY_CHANNELS:
        send_gateway(message)
    else:
        raise DeliveryError(f"unknown channel {message.channel!r}", permanent=True)


# Email


def message_id_header(message: OutboxMessage) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "purna.invalid"
    return f"<{message.message_id}@{domain}>"


def send_email(message: OutboxMessage) -> None:
    email = EmailMessage(
        subject=message.subject or "Purna",
        body=message.body,
        to=[message.address],
        headers={"Message-ID": message_id_header(message)},
    )
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = sorted({code for code, _reply in exc.recipients.values()})
        raise DeliveryError(
            f"mail server refused the recipient (SMTP {', '.join(map(str, codes))})",
            permanent=all(500 <= code < 600 for code in codes),
        ) from None
    except smtplib.SMTPDataError as exc:
        raise DeliveryError(
            f"mail server refused the message (SMTP {exc.smtp_code})",
            permanent=500 <= exc.smtp_code < 600,
        ) from None
    except smtplib.SMTPResponseException as exc:  # authentication, sender refused...
        raise DeliveryError(
            f"mail server error (SMTP {exc.smtp_code})", channel_down=True
        ) from None
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, TLS, disconnected
        raise DeliveryError(
            f"mail server unreachable ({type(exc).__name__})", channel_down=True
        ) from None


# HTTP gateway


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a GET without the message, and a 200 from
    wherever it lands would mark the message sent: a redirect is an error instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def gateway_body(template: str, *, to: str, text: str, channel: str, message_id: str) -> bytes:
    """The template with {to}, {text}, {channel} and {message_id} replaced by their values
    escaped for a JSON string (the placeholders sit inside quotes). One pass, so a message
    text that contains "{to}" stays as it is."""
    values = {"to": to, "text": text, "channel": channel, "message_id": message_id}
    body = PLACEHOLDER.sub(lambda m: json.dumps(values[m[1]], ensure_ascii=False)[1:-1], template)
    try:
        json.loads(body)
    except ValueError:
        raise DeliveryError(
            "PURNA_GATEWAY_BODY does not give valid JSON", channel_down=True
        ) from None
    return body.encode()


def _auth_header() -> tuple[str, str] | None:
    raw = settings.PURNA_GATEWAY_AUTH_HEADER.strip()
    if not raw:
        return None
    name, colon, value = raw.partition(":")
    if not colon or not name.strip():
        raise DeliveryError(
            "PURNA_GATEWAY_AUTH_HEADER must look like 'Name: value'", channel_down=True
        )
    return name.strip(), value.strip()


def send_gateway(message: OutboxMessage) -> None:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": str(message.message_id),
    }
    if auth := _auth_header():
        headers[auth[0]] = auth[1]
    request = urllib.request.Request(
        settings.PURNA_GATEWAY_URL.replace("{channel}", quote(message.channel)),
        data=gateway_body(
            settings.PURNA_GATEWAY_BODY,
            to=message.address,
            text=message.body,
            channel=message.channel,
            message_id=str(message.message_id),
        ),
        headers=headers,
        method="POST",
    )
    try:
        with _opener.open(request, timeout=settings.PURNA_GATEWAY_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
        exc.close()
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        cause = getattr(exc, "reason", None)
        name = type(cause if isinstance(cause, BaseException) else exc).__name__
        raise DeliveryError(f"gateway unreachable ({name})", channel_down=True) from None
    if 200 <= status < 300:
        return
    if 400 <= status < 500 and status not in HTTP_RETRY:
        raise DeliveryError(f"gateway refused the message (HTTP {status})", permanent=True)
    raise DeliveryError(f"gateway error (HTTP {status})", channel_down=True)

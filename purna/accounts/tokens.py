"""API bearer tokens. The raw token is shown once; only its SHA-256 digest is stored."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record

from .models import ApiToken, User

PREFIX = "purna_"
# Recording every use would turn each API read into a write; a minute is precise enough to
# tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=1)
# secrets.token_urlsafe(32) gives 43 characters; anything much longer is not ours.
_MAX_LENGTH = 200


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, actor=None, channel: str = "command") -> str:
    """A new token for the user; returns the raw token, which cannot be recovered later."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), digest=token_digest(raw))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=token,
        person_id=None,
        summary=f"API token {token.name!r} for {user.username}",
        channel=channel,
    )
    return raw


def token_user(raw: str) -> User | None:
    """The active user the token belongs to, or None."""
    if not raw or len(raw) > _MAX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw.strip())).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def token_revoke(*, token: ApiToken, actor=None, channel: str = "command") -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=token,
        person_id=None,
        summary=f"API token {token.name!r} for {token.user.username}",
        channel=channel,
    )
    token.delete()

"""Recording audit events. Called by other apps' services inside their transactions."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models

from .channel import current_channel
from .models import AuditEvent


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited values of an instance, as JSON-friendly strings."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        values[name] = (
            value if value is None or isinstance(value, bool | int | float) else str(value)
        )
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_build(
    *,
    actor,
    action: str,
    instance: models.Model,
    person_id: int | None,
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
    channel: str | None = None,
) -> AuditEvent:
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        channel=channel or current_channel(),
        action=action,
        entity=instance._meta.model_name,
        entity_id=instance.pk,
        person_id=person_id,
        summary=summary[:200],
        changes=dict(changes or {}),
    )


def audit_record(**kwargs) -> AuditEvent:
    event = audit_build(**kwargs)
    event.save()
    return event

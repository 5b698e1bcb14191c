"""The audit trail as people read it: record and field names in their language."""

from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from .models import AuditEvent


@cache
def _models_by_name() -> dict:
    return {m._meta.model_name: m for m in apps.get_models()}


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def person_trail(person_id: int, limit: int = 50) -> list[dict]:
    events = AuditEvent.objects.filter(person_id=person_id).select_related("actor")[:limit]
    trail = []
    for event in events:
        model = _models_by_name().get(event.entity)
        trail.append(
            {
                "event": event,
                "record": str(model._meta.verbose_name) if model else event.entity,
                "changes": [
                    {
                        "field": _field_label(model, name) if model else name,
                        "old": pair[0],
                        "new": pair[1],
                    }
                    for name, pair in event.changes.items()
                ],
            }
        )
    return trail

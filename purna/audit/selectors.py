"""The audit trail as people read it: record and field names in their language."""

from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from .models import AuditEvent


@cache
def _models_by_name() -> dict:
    return {m._meta.model_name: m for m in apps.get_models()}


def _field(model, name: str):
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    # Reverse relations share names with audited summaries (e.g. a count of photos).
    return field if getattr(field, "concrete", False) else None


def _value_label(field, value):
    """A choice's label instead of its code (P -> Perempuan); other values as stored."""
    if field is not None and field.choices and value is not None:
        return dict(field.flatchoices).get(value, value)
    return value


def person_trail(person_id: int, limit: int = 50) -> list[dict]:
    events = AuditEvent.objects.filter(person_id=person_id).select_related("actor")[:limit]
    trail = []
    for event in events:
        model = _models_by_name().get(event.entity)
        trail.append(
            {
                "event": event,
                "record": str(model._meta.verbose_name) if model else event.entity,
                "changes": [_change(model, name, pair) for name, pair in event.changes.items()],
            }
        )
    return trail


def _change(model, name: str, pair: list) -> dict:
    field = _field(model, name)
    return {
        "field": str(field.verbose_name) if field is not None else name,
        "old": _value_label(field, pair[0]),
        "new": _value_label(field, pair[1]),
    }

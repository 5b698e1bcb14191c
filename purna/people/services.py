"""Writes to the registry: each validates, saves and audits in one transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from purna.audit.models import AuditEvent
from purna.audit.services import audit_record, diff, snapshot
from purna.core.nik import InvalidNik, nik_mismatches, normalise_nik, parse_nik

from .models import Consent, Person

PERSON_FIELDS = ("nik", "full_name", "sex", "birth_date", "village", "phone")

NIK_REASONS = {
    "format": gettext_lazy("a NIK has exactly 16 digits"),
    "birth_day": gettext_lazy("digits 7-8 must be a birth day (01-31, or 41-71 for women)"),
    "birth_month": gettext_lazy("digits 9-10 must be a month (01-12)"),
    "serial": gettext_lazy("digits 13-16 must not be 0000"),
}


def nik_error_message(reason: str) -> str:
    return _("Invalid NIK: %(reason)s.") % {"reason": NIK_REASONS[reason]}


def nik_clean(value: Any) -> str:
    """The NIK in canonical form, or a ValidationError that says which rule it breaks."""
    nik = normalise_nik(value)
    try:
        parse_nik(nik)
    except InvalidNik as exc:
        raise ValidationError(nik_error_message(exc.reason), code="nik") from exc
    return nik


class DuplicateNik(ValidationError):
    def __init__(self, existing: Person):
        self.existing = existing
        super().__init__(_("This NIK is already registered."), code="duplicate_nik")


@transaction.atomic
def person_create(
    *,
    actor,
    nik: str,
    full_name: str,
    sex: str,
    birth_date: date,
    village,
    phone: str = "",
    consent_scopes: list[str] | None = None,
    consent_date: date | None = None,
) -> Person:
    nik = nik_clean(nik)
    existing = Person.objects.filter(nik=nik).first()
    if existing:
        raise DuplicateNik(existing)
    person = Person(
        nik=nik,
        full_name=full_name.strip(),
        sex=sex,
        birth_date=birth_date,
        village=village,
        phone=phone.strip(),
    )
    person.nik_flags = nik_mismatches(nik, birth_date=birth_date, sex=sex)
    person.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=person,
        person_id=person.pk,
        changes={k: [None, v] for k, v in snapshot(person, PERSON_FIELDS).items()},
    )
    if consent_scopes:
        consent_record(
            actor=actor, person=person, scopes=consent_scopes, given_on=consent_date or date.today()
        )
    return person


def person_lock(person: Person) -> Person:
    """The person's row, fresh and locked until the caller's transaction ends: one writer
    per family at a time, so a second tap on Save waits for the first and then sees what
    it wrote. Call it inside the caller's `transaction.atomic`: outside one, Django
    refuses select_for_update (the lock would end at once)."""
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def person_update(*, actor, person: Person, **fields: Any) -> Person:
    before = snapshot(person, PERSON_FIELDS)
    if "nik" in fields:
        fields["nik"] = nik_clean(fields["nik"])
        other = Person.objects.filter(nik=fields["nik"]).exclude(pk=person.pk).first()
        if other:
            raise DuplicateNik(other)
    for name, value in fields.items():
        setattr(person, name, value)
    person.nik_flags = nik_mismatches(person.nik, birth_date=person.birth_date, sex=person.sex)
    person.save()
    changes = diff(before, snapshot(person, PERSON_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=person,
            person_id=person.pk,
            changes=changes,
        )
    return person


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=person,
        person_id=person.pk,
        summary=f"NIK {person.masked_nik}",
    )
    person.delete()


def _fields_of(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in {"id", "person"})


@transaction.atomic
def record_save(*, actor, instance: models.Model, **fields: Any) -> models.Model:
    """Create or change a household member, migration episode or consent, audited.

    These records have no rules beyond their form's validation, so they share one service.
    """
    names = _fields_of(type(instance))
    creating = instance.pk is None
    before = {} if creating else snapshot(instance, names)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    after = snapshot(instance, names)
    changes = {k: [None, v] for k, v in after.items()} if creating else diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            instance=instance,
            person_id=instance.person_id,
            changes=changes,
        )
    return instance


@transaction.atomic
def record_delete(*, actor, instance: models.Model) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=instance,
        person_id=instance.person_id,
        summary=str(instance),
    )
    instance.delete()


def consent_record(*, actor, person: Person, scopes: list[str], given_on: date) -> Consent:
    return record_save(
        actor=actor,
        instance=Consent(person=person, recorded_by=actor if actor else None),
        given_on=given_on,
        scopes=sorted(scopes),
    )


def consent_current(person: Person) -> Consent | None:
    return person.consents.order_by("-given_on", "-id").first()


def consent_covers(person: Person, scope: str) -> bool:
    """Whether the person's current consent (the latest given) covers this scope."""
    consent = consent_current(person)
    return consent is not None and scope in consent.scopes

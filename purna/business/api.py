"""/api/v1: a family's businesses and their monthly records, with the screens' rules. A
family outside your area, or (for a mentor) not assigned to you, does not exist for you
(404); government viewers and peer mentors get 403; staff and mentors who see the family
may record. A monthly record is corrected or deleted by who recorded it or a coordinator;
a business is deleted by who recorded it or a coordinator.

Profit is never sent: it is revenue minus costs, worked out by the server. A request that
sends `profit` is refused (422)."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import field_validator

from purna.areas.choices import villages_for
from purna.core.instrument import BUSINESS_SECTORS

from .access import business_for, family_by_nik_for, record_for
from .models import Business, MonthlyRecord
from .services import (
    MAX_AMOUNT,
    MAX_WORKERS,
    DuplicateMonth,
    TenfoldJump,
    business_delete,
    business_save,
    monthly_record_delete,
    monthly_record_save,
)

router = Router(tags=["business"])

Sector = Literal[BUSINESS_SECTORS]  # type: ignore[valid-type]
LegalForm = Literal[tuple(Business.LegalForm.values)]  # type: ignore[valid-type]
BusinessStatus = Literal[tuple(Business.Status.values)]  # type: ignore[valid-type]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"
NOT_DERIVED = "Do not send: profit is revenue minus costs, worked out by the server."


# Businesses


class BusinessOut(Schema):
    id: int
    participant_nik: str
    name: str
    sector: str = Field(description="A business sector code")
    started_on: date | None
    village_code: str
    village_name: str
    nib: str = Field(description="NIB (Nomor Induk Berusaha), 13 digits; empty when none")
    legal_form: LegalForm
    capital_remittance: int = Field(description="Capital from remittance savings, Rupiah")
    capital_kur: int = Field(description="Capital from a KUR loan, Rupiah")
    capital_grant: int = Field(description="Capital from grants, Rupiah")
    capital_family: int = Field(description="Capital from family, Rupiah")
    capital_other: int = Field(description="Other capital, Rupiah")
    capital_total: int = Field(description="The five sources added up, Rupiah")
    status: BusinessStatus
    closed_reason: str = Field(description="Why it closed; empty unless closed")
    last_month: str | None = Field(
        description="The latest month recorded (YYYY-MM); null when none"
    )
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_participant_nik(business: Business) -> str:
        return business.person.nik

    @staticmethod
    def resolve_village_code(business: Business) -> str:
        return business.village_id

    @staticmethod
    def resolve_village_name(business: Business) -> str:
        return business.village.name

    @staticmethod
    def resolve_last_month(business: Business) -> str | None:
        latest = business.records.order_by("-month").values_list("month", flat=True).first()
        return latest.strftime("%Y-%m") if latest else None


def _amount(description: str):
    return Field(0, ge=0, le=MAX_AMOUNT, description=description)


class BusinessIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    sector: Sector
    started_on: date | None = Field(
        None, description="Not in the future unless the status is planned (up to 5 years ahead)"
    )
    village_code: str | None = Field(
        None, description="The village (e.g. 35.02.17.2001); the family's village when left out"
    )
    nib: str = Field("", max_length=20, description="13 digits, or empty")
    legal_form: LegalForm = "none"
    capital_remittance: int = _amount("Capital from remittance savings, Rupiah")
    capital_kur: int = _amount("Capital from a KUR loan, Rupiah")
    capital_grant: int = _amount("Capital from grants, Rupiah")
    capital_family: int = _amount("Capital from family, Rupiah")
    capital_other: int = _amount("Other capital, Rupiah")
    status: BusinessStatus = "planned"
    closed_reason: str = Field("", max_length=300, description="Required when status is closed")


class BusinessPatch(Schema):
    """Only the fields sent are changed."""

    name: str | None = Field(None, min_length=1, max_length=150)
    sector: Sector | None = None
    started_on: date | None = Field(
        None, description="Not in the future unless the status is planned (up to 5 years ahead)"
    )
    village_code: str | None = None
    nib: str | None = Field(None, max_length=20, description="13 digits, or empty")
    legal_form: LegalForm | None = None
    capital_remittance: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    capital_kur: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    capital_grant: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    capital_family: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    capital_other: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    status: BusinessStatus | None = None
    closed_reason: str | None = Field(
        None, max_length=300, description="Required when status is closed"
    )


def _invalid(exc: DjangoValidationError, *, rename: dict[str, str] | None = None):
    """A service's ValidationError as the API's 422, one error per field."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        errors = [
            {
                "loc": ["body", "payload", rename.get(name, name)],
                "msg": " ".join(m for e in errs for m in e.messages),
                "type": next((e.code for e in errs if e.code), "invalid"),
            }
            for name, errs in exc.error_dict.items()
        ]
    else:
        errors = [{"loc": ["body", "payload"], "msg": " ".join(exc.messages), "type": "invalid"}]
    return ValidationError(errors)


def _business_fields(request: HttpRequest, data: dict) -> dict:
    if data.get("village_code") is not None:
        code = data.pop("village_code").strip()
        village = villages_for(request.auth).filter(code=code).first()
        if village is None:
            raise ValidationError(
                [
                    {
                        "loc": ["body", "payload", "village_code"],
                        "msg": _("No such village in your area: %(code)s.") % {"code": code},
                        "type": "invalid",
                    }
                ]
            )
        data["village"] = village
    else:
        data.pop("village_code", None)
    return data


def _business_out(business: Business) -> Business:
    return Business.objects.select_related("person", "village").get(pk=business.pk)


@router.get(
    "/participants/{nik}/businesses",
    response=list[BusinessOut],
    url_name="participant_businesses",
    summary="A participant's businesses",
)
def business_list(request: HttpRequest, nik: str):
    """The family's businesses, by name."""
    person = family_by_nik_for(request.auth, nik.strip())
    return list(person.businesses.select_related("person", "village"))


@router.post(
    "/participants/{nik}/businesses",
    response={201: BusinessOut},
    url_name="participant_business_create",
    summary="Record a business",
)
def business_create(request: HttpRequest, nik: str, payload: BusinessIn):
    """A new business of the family. The village defaults to the family's; a closed
    business needs `closed_reason`."""
    person = family_by_nik_for(request.auth, nik.strip(), write=True)
    fields = _business_fields(request, payload.model_dump())
    try:
        business = business_save(actor=request.auth, person=person, **fields)
    except DjangoValidationError as exc:
        raise _invalid(exc, rename={"village": "village_code"}) from exc
    return Status(201, _business_out(business))


@router.get(
    "/businesses/{business_id}",
    response=BusinessOut,
    url_name="business",
    summary="One business",
)
def business_get(request: HttpRequest, business_id: int):
    return business_for(request.auth, business_id)


@router.patch(
    "/businesses/{business_id}",
    response=BusinessOut,
    url_name="business_update",
    summary="Change a business",
)
def business_update(request: HttpRequest, business_id: int, payload: BusinessPatch):
    """Change the fields sent, e.g. `{"status": "closed", "closed_reason": "..."}`. Leaving
    the closed status drops the reason."""
    business = business_for(request.auth, business_id, write=True)
    fields = _business_fields(request, payload.model_dump(exclude_unset=True))
    try:
        business = business_save(
            actor=request.auth, person=business.person, business=business, **fields
        )
    except DjangoValidationError as exc:
        raise _invalid(exc, rename={"village": "village_code"}) from exc
    return _business_out(business)


@router.delete(
    "/businesses/{business_id}",
    response={204: None},
    url_name="business_delete",
    summary="Delete a business",
)
def business_remove(request: HttpRequest, business_id: int):
    """Deletes the business and all its monthly records (who recorded the business, or a
    coordinator). A business that stopped is better closed, with the reason."""
    business = business_for(request.auth, business_id, delete=True)
    business_delete(actor=request.auth, business=business)
    return Status(204, None)


# Monthly records


class RecordOut(Schema):
    id: int
    business_id: int
    month: str = Field(description="YYYY-MM")
    revenue: int = Field(description="Rupiah")
    costs: int = Field(description="Rupiah")
    profit: int = Field(description="Revenue minus costs, Rupiah; negative for a loss")
    workers_family: int = Field(description="Family members working in the business")
    workers_hired: int = Field(description="Hired workers, not from the community")
    workers_community: int = Field(description="Workers hired from the community")
    loan_repayment: int = Field(description="Rupiah")
    jump_confirmed: bool = Field(
        description="Revenue or costs were ten times, or a tenth of, a neighbouring recorded "
        "month, and whoever recorded it confirmed the figures"
    )
    recorded_by: str | None = Field(description="Username of who recorded it")
    recorded_at: datetime

    @staticmethod
    def resolve_month(record: MonthlyRecord) -> str:
        return record.month.strftime("%Y-%m")

    @staticmethod
    def resolve_recorded_by(record: MonthlyRecord) -> str | None:
        return record.recorded_by.username if record.recorded_by else None


class RecordIn(Schema):
    month: str = Field(pattern=MONTH_PATTERN, description="YYYY-MM; not a month to come")
    revenue: int = Field(ge=0, le=MAX_AMOUNT, description="Rupiah")
    costs: int = Field(ge=0, le=MAX_AMOUNT, description="Rupiah")
    workers_family: int = Field(0, ge=0, le=MAX_WORKERS)
    workers_hired: int = Field(0, ge=0, le=MAX_WORKERS)
    workers_community: int = Field(0, ge=0, le=MAX_WORKERS)
    loan_repayment: int = Field(0, ge=0, le=MAX_AMOUNT, description="Rupiah")
    confirm_jump: bool = Field(
        False,
        description="Send true to store revenue or costs ten times, or a tenth of, the "
        "nearest recorded month before or after, after a 409 `tenfold_jump`",
    )
    profit: int | None = Field(None, description=NOT_DERIVED + " Sending it gives 422.")

    @field_validator("profit")
    @classmethod
    def _profit(cls, value: int | None) -> None:
        if value is not None:
            raise ValueError(_("Profit is worked out from revenue and costs: do not send it."))
        return None

    def record_fields(self) -> dict:
        data = self.model_dump(exclude={"profit"})
        year, month = data["month"].split("-")
        data["month"] = date(int(year), int(month), 1)
        return data


class Jump(Schema):
    field: Literal["revenue", "costs"]
    month: str = Field(
        description="YYYY-MM: the nearest recorded month before or after, compared with"
    )
    other: int = Field(description="That month's figure, Rupiah")
    value: int = Field(description="The figure sent, Rupiah")


class RecordConflict(Schema):
    detail: str
    code: Literal["tenfold_jump", "duplicate_month"] = Field(
        description="`tenfold_jump`: send again with `confirm_jump: true` if the figures are "
        "right. `duplicate_month`: the month is recorded already; correct `record_id` instead"
    )
    jumps: list[Jump] = Field([], description="With `tenfold_jump`: which figures jumped")
    record_id: int | None = Field(None, description="With `duplicate_month`: the record")


def _record_out(record: MonthlyRecord) -> MonthlyRecord:
    return MonthlyRecord.objects.select_related("recorded_by").get(pk=record.pk)


def _record_save(request: HttpRequest, **kwargs):
    try:
        record = monthly_record_save(actor=request.auth, **kwargs)
    except TenfoldJump as exc:
        return Status(
            409,
            RecordConflict(
                detail=" ".join(
                    [*exc.messages, _("Send confirm_jump: true to confirm the figures.")]
                ),
                code="tenfold_jump",
                jumps=[
                    Jump(
                        field=j.field,
                        month=j.month.strftime("%Y-%m"),
                        other=j.other,
                        value=j.value,
                    )
                    for j in exc.jumps
                ],
            ),
        )
    except DuplicateMonth as exc:
        return Status(
            409,
            RecordConflict(
                detail=" ".join(exc.messages),
                code="duplicate_month",
                record_id=exc.existing.pk,
            ),
        )
    except DjangoValidationError as exc:
        raise _invalid(exc) from exc
    return record


@router.get(
    "/businesses/{business_id}/records",
    response=list[RecordOut],
    url_name="business_records",
    summary="A business's monthly records",
)
def record_list(request: HttpRequest, business_id: int):
    """Newest month first."""
    business = business_for(request.auth, business_id)
    return list(business.records.select_related("recorded_by").order_by("-month"))


@router.post(
    "/businesses/{business_id}/records",
    response={201: RecordOut, 409: RecordConflict},
    url_name="business_record_create",
    summary="Record a month",
)
def record_create(request: HttpRequest, business_id: int, payload: RecordIn):
    """A month's figures. Refused: a month to come (422), an amount above Rp 10 trillion
    (422), a month already recorded (409 `duplicate_month`). Revenue or costs ten times, or
    a tenth of, the nearest recorded month before or after is stored only with
    `confirm_jump: true` (else 409 `tenfold_jump`)."""
    business = business_for(request.auth, business_id, write=True)
    result = _record_save(request, business=business, **payload.record_fields())
    if isinstance(result, MonthlyRecord):
        return Status(201, _record_out(result))
    return result


@router.get(
    "/records/{record_id}",
    response=RecordOut,
    url_name="record",
    summary="One monthly record",
)
def record_get(request: HttpRequest, record_id: int):
    return record_for(request.auth, record_id)


@router.put(
    "/records/{record_id}",
    response={200: RecordOut, 409: RecordConflict},
    url_name="record_update",
    summary="Correct a monthly record",
)
def record_update(request: HttpRequest, record_id: int, payload: RecordIn):
    """Replace the record's figures (who recorded it, or a coordinator). The same checks as
    recording; figures already confirmed are not asked about again."""
    record = record_for(request.auth, record_id, change=True)
    result = _record_save(
        request, business=record.business, record=record, **payload.record_fields()
    )
    if isinstance(result, MonthlyRecord):
        return _record_out(result)
    return result


@router.delete(
    "/records/{record_id}",
    response={204: None},
    url_name="record_delete",
    summary="Delete a monthly record",
)
def record_remove(request: HttpRequest, record_id: int):
    """Who recorded it, or a coordinator."""
    record = record_for(request.auth, record_id, change=True)
    monthly_record_delete(actor=request.auth, record=record)
    return Status(204, None)

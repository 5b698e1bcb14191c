"""The business services: a business's rules, and the entry checks on monthly records."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from purna.audit.models import AuditEvent
from purna.business import services
from purna.business.models import Business, MonthlyRecord
from purna.business.services import (
    MAX_AMOUNT,
    DuplicateMonth,
    Jump,
    TenfoldJump,
    business_delete,
    business_save,
    monthly_record_delete,
    monthly_record_save,
)
from tests.factories import village

from .conftest import TODAY, add_record

MARCH = date(2026, 3, 1)
FEBRUARY = date(2026, 2, 1)


def save(business, month=MARCH, revenue=2_000_000, costs=1_200_000, **extra):
    extra.setdefault("today", TODAY)
    return monthly_record_save(
        actor=None, business=business, month=month, revenue=revenue, costs=costs, **extra
    )


def errors_of(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


# Businesses


def test_business_defaults_to_the_family_village_and_is_audited(person, personas):
    business = business_save(
        actor=personas["field_officer"], person=person, name="  Jahit Ayu ", sector="tailoring"
    )
    assert business.village_id == person.village_id
    assert business.name == "Jahit Ayu"
    assert business.status == Business.Status.PLANNED
    assert business.created_by == personas["field_officer"]
    event = AuditEvent.objects.get(entity="business", entity_id=business.pk)
    assert event.action == AuditEvent.Action.CREATE
    assert event.person_id == person.pk
    assert event.changes["sector"] == [None, "tailoring"]
    assert person.full_name not in event.summary


def test_business_in_another_village(person):
    other = village("35.02.01")
    business = business_save(
        actor=None, person=person, name="Ternak", sector="livestock", village=other
    )
    assert business.village == other


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"sector": "mining"}, "sector"),
        ({"name": "   "}, "name"),
        ({"nib": "12345"}, "nib"),
        ({"nib": "12345678901AB"}, "nib"),
        ({"nib": "12345678901234"}, "nib"),
        ({"started_on": date(2026, 4, 16), "status": "operating"}, "started_on"),
        ({"started_on": date(2026, 4, 16), "status": "paused"}, "started_on"),
        ({"started_on": date(2026, 4, 16), "status": "closed", "closed_reason": "x"}, "started_on"),
        ({"started_on": date(2031, 4, 16), "status": "planned"}, "started_on"),
        ({"started_on": date(1899, 12, 31)}, "started_on"),
        ({"status": "closed"}, "closed_reason"),
        ({"status": "closed", "closed_reason": "   "}, "closed_reason"),
        ({"capital_kur": -1}, "capital_kur"),
        ({"capital_grant": 2**63}, "capital_grant"),
        ({"capital_other": MAX_AMOUNT + 1}, "capital_other"),
        ({"legal_form": "llc"}, "legal_form"),
        ({"status": "bankrupt"}, "status"),
    ],
)
def test_business_refused(person, fields, field):
    data = {"name": "Warung", "sector": "food", **fields}
    with pytest.raises(ValidationError) as exc:
        business_save(actor=None, person=person, today=TODAY, **data)
    assert field in errors_of(exc)
    assert not Business.objects.exists()


def test_a_planned_business_may_start_later(person):
    business = business_save(
        actor=None,
        person=person,
        name="Warung",
        sector="food",
        status="planned",
        started_on=date(2026, 7, 1),
        today=TODAY,
    )
    assert business.started_on == date(2026, 7, 1)
    # Once it operates, the date has to have come.
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        business_save(actor=None, person=person, business=business, status="operating", today=TODAY)
    assert "cannot be in the future" in errors_of(exc)["started_on"][0]


def test_capital_cap_names_the_field(person):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        business_save(
            actor=None, person=person, name="W", sector="food", capital_kur=MAX_AMOUNT + 1
        )
    assert errors_of(exc)["capital_kur"] == [
        "Capital from a KUR loan (Rp): at most Rp 10,000,000,000,000."
    ]
    business = business_save(
        actor=None, person=person, name="W", sector="food", capital_kur=MAX_AMOUNT
    )
    assert business.capital_kur == MAX_AMOUNT


def test_nib_with_spaces_is_kept_as_13_digits(person):
    business = business_save(
        actor=None, person=person, name="CV Maju", sector="retail", nib="1234 5678 90123"
    )
    assert business.nib == "1234567890123"


def test_closing_needs_a_reason_and_reopening_drops_it(business, personas):
    with pytest.raises(ValidationError) as exc:
        business_save(actor=None, person=business.person, business=business, status="closed")
    assert "closed_reason" in errors_of(exc)
    business.refresh_from_db()
    assert business.status == "operating"

    business_save(
        actor=personas["coordinator"],
        person=business.person,
        business=business,
        status="closed",
        closed_reason="Harga bahan naik",
    )
    business.refresh_from_db()
    assert (business.status, business.closed_reason) == ("closed", "Harga bahan naik")
    event = AuditEvent.objects.filter(entity="business", action="update").latest("id")
    assert event.changes["status"] == ["operating", "closed"]

    business_save(actor=None, person=business.person, business=business, status="operating")
    business.refresh_from_db()
    assert business.closed_reason == ""


def test_update_changes_only_the_fields_given(business):
    business_save(actor=None, person=business.person, business=business, capital_grant=5_000_000)
    business.refresh_from_db()
    assert business.name == "Warung Soto Bu Siti"
    assert business.capital_total == 30_000_000


def test_a_business_of_another_family_is_refused(business):
    from tests.factories import make_person

    other = make_person(full_name="Other")
    with pytest.raises(ValueError):
        business_save(actor=None, person=other, business=business, name="X")


def test_business_delete_takes_its_records_and_is_audited(business):
    add_record(business, MARCH, 1, 1)
    business_delete(actor=None, business=business)
    assert not MonthlyRecord.objects.exists()
    event = AuditEvent.objects.get(entity="business", action="delete")
    assert event.changes["monthly_records"] == [1, 0]


# Monthly records


def test_record_stored_profit_derived_and_audited(business, personas):
    record = monthly_record_save(
        actor=personas["field_officer"],
        business=business,
        month=date(2026, 3, 17),  # any day: the month is kept
        revenue=2_000_000,
        costs=2_300_000,
        workers_family=2,
        workers_community=1,
        loan_repayment=250_000,
        today=TODAY,
    )
    record.refresh_from_db()
    assert record.month == MARCH
    assert record.profit == -300_000
    assert record.recorded_by == personas["field_officer"]
    assert not record.jump_confirmed
    event = AuditEvent.objects.get(entity="monthlyrecord")
    assert event.summary == f"business {business.pk} 2026-03"
    assert event.changes["revenue"] == [None, 2_000_000]
    assert event.person_id == business.person_id


@pytest.mark.parametrize("field", ["revenue", "costs", "loan_repayment", "workers_hired"])
def test_negative_refused_naming_the_field(business, field):
    figures = {"revenue": 1_000_000, "costs": 500_000, field: -1}
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        save(business, **figures)
    assert list(errors_of(exc)) == [field]
    assert "cannot be negative" in errors_of(exc)[field][0]
    assert not MonthlyRecord.objects.exists()


def test_negative_revenue_message(business):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        save(business, revenue=-5)
    assert errors_of(exc)["revenue"] == ["Revenue cannot be negative."]


def test_future_month_refused_current_month_allowed(business):
    with pytest.raises(ValidationError) as exc:
        save(business, month=date(2026, 5, 1))
    assert "month" in errors_of(exc)
    assert save(business, month=date(2026, 4, 1)).month == date(2026, 4, 1)


def test_month_before_2000_refused(business):
    with pytest.raises(ValidationError) as exc:
        save(business, month=date(1999, 12, 1))
    assert "month" in errors_of(exc)


@pytest.mark.parametrize("field", ["revenue", "costs", "loan_repayment"])
@pytest.mark.parametrize("amount", [2**63, 9 * 10**18, MAX_AMOUNT + 1])
def test_huge_amount_refused(business, field, amount):
    figures = {"revenue": 1, "costs": 1, field: amount}
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        save(business, **figures)
    label = {"revenue": "Revenue", "costs": "Costs", "loan_repayment": "Loan repayment"}[field]
    assert errors_of(exc)[field] == [f"{label}: at most Rp 10,000,000,000,000."]
    assert not MonthlyRecord.objects.exists()


def test_the_largest_amount_is_stored(business):
    record = save(business, revenue=MAX_AMOUNT, costs=MAX_AMOUNT, loan_repayment=MAX_AMOUNT)
    assert record.revenue == MAX_AMOUNT


def test_huge_worker_count_refused(business):
    with pytest.raises(ValidationError) as exc:
        save(business, workers_family=40_000)
    assert "workers_family" in errors_of(exc)


def test_duplicate_month_refused_with_the_existing_record(business):
    first = save(business)
    with translation.override("en"), pytest.raises(DuplicateMonth) as exc:
        save(business, revenue=3_000_000)
    assert exc.value.existing == first
    assert exc.value.message_dict["month"] == [
        "March 2026 is already recorded for this business: correct that record instead."
    ]
    assert MonthlyRecord.objects.get().revenue == 2_000_000


def test_same_month_of_another_business_is_fine(business):
    other = business_save(actor=None, person=business.person, name="Jahit", sector="tailoring")
    save(business)
    save(other)
    assert MonthlyRecord.objects.count() == 2


def test_duplicate_race_caught_by_the_constraint(business, monkeypatch):
    """Two requests for the same month at once: both pass the check, the database refuses
    the second, and it gets the same answer as a plain duplicate, not a 500."""
    existing = add_record(business, MARCH, 1_000_000, 500_000)
    monkeypatch.setattr(services, "_recorded", lambda business, excluding: {})
    with pytest.raises(DuplicateMonth) as exc:
        save(business)
    assert exc.value.existing == existing
    assert MonthlyRecord.objects.count() == 1
    assert not AuditEvent.objects.filter(entity="monthlyrecord").exists()


def test_tenfold_jump_needs_confirmation(business):
    add_record(business, FEBRUARY, 1_000_000, 800_000)
    with translation.override("en"), pytest.raises(TenfoldJump) as exc:
        save(business, revenue=10_000_000, costs=900_000)
    assert exc.value.jumps == [Jump("revenue", FEBRUARY, 1_000_000, 10_000_000)]
    message = exc.value.message_dict["revenue"][0]
    assert message == (
        "Revenue is ten times that of February 2026 or more "
        "(Rp 1,000,000 in February 2026, Rp 10,000,000 here)."
    )
    # The way to confirm depends on the screen or the API: not the service's to say.
    assert "tick" not in message.lower() and "confirm" not in message.lower()
    assert not MonthlyRecord.objects.filter(month=MARCH).exists()

    record = save(business, revenue=10_000_000, costs=900_000, confirm_jump=True)
    assert record.jump_confirmed


def test_jump_in_costs_flagged_too(business):
    add_record(business, FEBRUARY, 1_000_000, 100_000)
    with pytest.raises(TenfoldJump) as exc:
        save(business, revenue=1_000_000, costs=1_000_000)
    assert [j.field for j in exc.value.jumps] == ["costs"]


def test_a_tenfold_fall_is_asked_too(business):
    add_record(business, FEBRUARY, 10_000_000, 800_000)
    with translation.override("en"), pytest.raises(TenfoldJump) as exc:
        save(business, revenue=1_000_000, costs=800_000)
    assert exc.value.message_dict["revenue"] == [
        "Revenue is a tenth of that of February 2026 or less "
        "(Rp 10,000,000 in February 2026, Rp 1,000,000 here)."
    ]


def test_just_under_tenfold_is_not_flagged(business):
    add_record(business, FEBRUARY, 1_000_000, 100_000)
    record = save(business, revenue=9_999_999, costs=100_000)
    assert not record.jump_confirmed


def test_a_jump_from_zero_is_not_flagged(business):
    add_record(business, FEBRUARY, 0, 0)
    record = save(business, revenue=50_000_000, costs=20_000_000)
    assert not record.jump_confirmed


def test_confirm_without_a_jump_stores_no_flag(business):
    assert not save(business, confirm_jump=True).jump_confirmed


def test_a_month_after_a_gap_is_compared_with_the_last_recorded_month(business):
    add_record(business, date(2026, 1, 1), 100_000, 10_000)
    # February missing: March is compared with January.
    with pytest.raises(TenfoldJump) as exc:
        save(business, revenue=5_000_000, costs=10_000)
    assert exc.value.jumps == [Jump("revenue", date(2026, 1, 1), 100_000, 5_000_000)]


def test_a_back_filled_month_is_compared_with_the_month_after(business):
    # The reviewer's case: June recorded, May back-filled with Rp 92,500,000.
    add_record(business, date(2025, 6, 1), 925_000, 400_000)
    with pytest.raises(TenfoldJump) as exc:
        save(business, month=date(2025, 5, 1), revenue=92_500_000, costs=400_000)
    assert exc.value.jumps == [Jump("revenue", date(2025, 6, 1), 925_000, 92_500_000)]
    record = save(
        business, month=date(2025, 5, 1), revenue=92_500_000, costs=400_000, confirm_jump=True
    )
    assert record.jump_confirmed


def test_a_corrected_record_moved_to_another_month_is_not_its_own_neighbour(business):
    record = save(business, month=FEBRUARY, revenue=100_000, costs=10_000)
    moved = save(business, month=MARCH, revenue=5_000_000, costs=10_000, record=record)
    assert moved.month == MARCH and not moved.jump_confirmed


def test_correcting_keeps_the_month_and_is_audited(business, personas):
    record = save(business)
    monthly_record_save(
        actor=personas["coordinator"],
        business=business,
        record=record,
        month=MARCH,
        revenue=2_500_000,
        costs=1_200_000,
        today=TODAY,
    )
    record.refresh_from_db()
    assert record.revenue == 2_500_000
    assert MonthlyRecord.objects.count() == 1
    event = AuditEvent.objects.filter(entity="monthlyrecord", action="update").get()
    assert event.changes == {"revenue": [2_000_000, 2_500_000]}


def test_correcting_into_a_recorded_month_is_refused(business):
    add_record(business, FEBRUARY, 1_000_000, 900_000)
    record = save(business)
    with pytest.raises(DuplicateMonth):
        save(business, month=FEBRUARY, record=record)
    record.refresh_from_db()
    assert record.month == MARCH


def test_a_confirmed_jump_is_not_asked_again_when_other_fields_change(business):
    add_record(business, FEBRUARY, 100_000, 50_000)
    record = save(business, revenue=1_000_000, costs=50_000, confirm_jump=True)
    record = save(business, revenue=1_000_000, costs=50_000, workers_family=3, record=record)
    assert record.jump_confirmed and record.workers_family == 3
    with pytest.raises(TenfoldJump):
        save(business, revenue=2_000_000, costs=50_000, record=record)


def test_record_of_another_business_refused(business):
    other = business_save(actor=None, person=business.person, name="Jahit", sector="tailoring")
    record = save(other)
    with pytest.raises(ValueError):
        save(business, record=record)


def test_record_delete_audited_without_names(business):
    record = save(business)
    monthly_record_delete(actor=None, record=record)
    assert not MonthlyRecord.objects.exists()
    event = AuditEvent.objects.get(entity="monthlyrecord", action="delete")
    assert event.summary == f"business {business.pk} 2026-03"
    assert event.changes["revenue"] == [2_000_000, None]
    assert business.person.full_name not in str(event.changes)

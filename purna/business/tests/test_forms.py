"""Reading what people type: amounts with Indonesian thousands dots, months."""

from datetime import date

import pytest
from django.utils import translation

from purna.business.forms import MonthField, MonthlyRecordForm, RupiahField, parse_rupiah
from purna.business.services import MAX_AMOUNT

from .conftest import TODAY


@pytest.mark.parametrize(
    "text, value",
    [
        ("1500000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1 500 000", 1_500_000),
        ("Rp 1.500.000", 1_500_000),
        ("Rp.250.000", 250_000),
        ("rp75000", 75_000),
        ("1.500.000,00", 1_500_000),
        ("0", 0),
        ("999", 999),
        ("12.000", 12_000),
        ("-250.000", -250_000),
        (" 7 ", 7),
    ],
)
def test_parse_rupiah(text, value):
    assert parse_rupiah(text) == value


@pytest.mark.parametrize(
    "text",
    ["1,500,000", "1.5", "1.50.000", "15.00.000", "abc", "1.500.000x", "Rp", "1e6", "12,5", "."],
)
def test_parse_rupiah_refuses(text):
    with pytest.raises(ValueError):
        parse_rupiah(text)


def test_parse_rupiah_a_very_long_number_is_too_large_not_a_crash():
    assert parse_rupiah("9" * 5000) > MAX_AMOUNT


def clean(field, value):
    from django import forms

    try:
        return field.clean(value), None
    except forms.ValidationError as exc:
        return None, exc.messages


@pytest.mark.parametrize(
    "text, expected, error",
    [
        ("1.500.000", 1_500_000, None),
        ("dua juta", None, "Write the amount in digits, e.g. 1500000 or 1.500.000."),
        ("-5", None, "An amount cannot be negative."),
        ("10.000.000.000.000", MAX_AMOUNT, None),
        ("10.000.000.000.001", None, "At most Rp 10,000,000,000,000."),
        ("9.223.372.036.854.775.807", None, "At most Rp 10,000,000,000,000."),
        ("99999999999999999999999", None, "At most Rp 10,000,000,000,000."),
        ("", None, "This field is required."),
    ],
)
def test_rupiah_field(text, expected, error):
    with translation.override("en"):
        value, errors = clean(RupiahField(label="Revenue"), text)
    assert value == expected
    assert errors == ([error] if error else None)


def test_optional_rupiah_field_is_zero_when_empty():
    assert RupiahField(required=False, empty_value=0).clean("") == 0


def test_a_stored_amount_is_shown_with_thousands_dots():
    assert RupiahField().prepare_value(1_500_000) == "1.500.000"
    assert RupiahField().prepare_value("1,5 juta") == "1,5 juta"


@pytest.mark.parametrize(
    "text, month",
    [
        ("2026-03", date(2026, 3, 1)),
        ("2026-3", date(2026, 3, 1)),
        ("2026-03-17", date(2026, 3, 1)),
        ("03/2026", date(2026, 3, 1)),
    ],
)
def test_month_field(text, month):
    assert MonthField().clean(text) == month


@pytest.mark.parametrize("text", ["2026-13", "March", "2026", "26-03", "2026-00"])
def test_month_field_refuses(text):
    value, errors = clean(MonthField(), text)
    assert value is None and errors


def test_record_form_defaults_to_last_month_and_limits_the_picker():
    form = MonthlyRecordForm(today=TODAY)
    assert form["month"].value() == date(2026, 3, 1)
    html = str(form["month"])
    assert 'type="month"' in html and 'value="2026-03"' in html and 'max="2026-04"' in html
    assert 'inputmode="numeric"' in str(form["revenue"])


def test_record_form_workers_default_to_zero():
    form = MonthlyRecordForm({"month": "2026-03", "revenue": "100", "costs": "50"}, today=TODAY)
    assert form.is_valid(), form.errors
    figures = form.figures()
    assert figures["workers_family"] == 0 and figures["loan_repayment"] == 0
    assert "profit" not in figures

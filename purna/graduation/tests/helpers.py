"""Families at each step towards independence, built with the real services where they
exist and rows written directly where the screens are someone else's (businesses)."""

from datetime import date

from django.conf import settings

from purna.business.models import Business, MonthlyRecord
from purna.core.business import window
from purna.graduation.models import DecentLifeCheck
from purna.programme.models import Module
from purna.programme.services import plan_step_set
from tests.factories import make_assessment, start_practice

# "Today" for every test of this app (conftest freezes timezone.localdate on it).
TODAY = date(2026, 11, 20)
PRACTICE_ON = date(2025, 9, 1)
ALL_MET = {
    "house_fit": True,
    "income_covers_needs": True,
    "can_pay_treatment": True,
    "children_in_school": True,
    "savings_for_investment": True,
    "routine_charity": True,
}


def add_business(
    person,
    profits,
    *,
    status=Business.Status.OPERATING,
    name="Warung Soto",
    today=TODAY,
    **fields,
) -> Business:
    """A business with one record per complete month before `today`, oldest first:
    `profits` holds the profit of each month (None: no record that month)."""
    business = Business.objects.create(
        person=person, name=name, sector="food", village=person.village, status=status, **fields
    )
    months = window(today, len(profits))
    for month, profit in zip(months, profits, strict=True):
        if profit is None:
            continue
        revenue = 3_000_000
        MonthlyRecord.objects.create(
            business=business, month=month, revenue=revenue, costs=revenue - profit
        )
    return business


def decent_life(person, on=date(2026, 10, 5), **answers) -> DecentLifeCheck:
    return DecentLifeCheck.objects.create(person=person, checked_on=on, **{**ALL_MET, **answers})


def complete(person, code: str, state: str = "completed") -> None:
    plan_step_set(actor=None, person=person, module=Module.objects.get(code=code), state=state)
    person.refresh_from_db()


def in_practice(person, on=PRACTICE_ON):
    start_practice(person, on=on)
    person.refresh_from_db()
    return person


def ready_family(person, *, practice_done: bool = True, business: bool = True):
    """Meets the four default criteria: practice completed after quadrant III training, a
    self assessment in quadrant IV, profit in each of the last 8 months, all six indicators."""
    in_practice(person)
    if practice_done:
        complete(person, "PRACTICE")
    make_assessment(person, "IV", assessed_on=date(2026, 10, 1))
    person.refresh_from_db()
    if business:
        add_business(person, [500_000] * 8)
    decent_life(person)
    return person


def in_english(client):
    """The screens speak Indonesian unless the language cookie says otherwise."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client

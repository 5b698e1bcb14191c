"""Recording a month's figures on a phone, correcting and deleting a record."""

from datetime import date

import pytest
from django.urls import reverse

from purna.audit.models import AuditEvent
from purna.business import services
from purna.business.models import MonthlyRecord

from .conftest import READ_ACCESS, add_record, english

MARCH = date(2026, 3, 1)


def add_url(business):
    return reverse("business:record_add", args=[business.pk])


def edit_url(record):
    return reverse("business:record_edit", args=[record.pk])


def delete_url(record):
    return reverse("business:record_delete", args=[record.pk])


def data(**extra):
    values = {
        "month": "2026-03",
        "revenue": "4.500.000",
        "costs": "3.000.000",
        "workers_family": "2",
        "workers_hired": "0",
        "workers_community": "1",
        "loan_repayment": "250.000",
    }
    values.update(extra)
    return values


# Adding


@pytest.mark.parametrize("persona, status", READ_ACCESS)
def test_add_access(client_for, business, persona, status):
    assert client_for(persona).get(add_url(business)).status_code == status


def test_form_is_phone_first(client_for, business, assigned_mentor):
    html = client_for("mentor").get(add_url(business)).content.decode()
    assert 'type="month"' in html and 'value="2026-03"' in html  # last month by default
    assert html.count('inputmode="numeric"') >= 6
    assert 'id="profit-preview"' in html and 'aria-live="polite"' in html
    assert 'name="profit"' not in html  # profit is never typed
    assert 'name="confirm_jump"' not in html  # asked only when needed
    assert "business/js/record-form.js" in html


def month_offered(client, business) -> str:
    return client.get(add_url(business)).context["form"]["month"].value().strftime("%Y-%m")


def test_the_month_offered_is_the_first_one_missing(client_for, business):
    client = english(client_for("field_officer"))
    # Nothing recorded yet: last month.
    assert month_offered(client, business) == "2026-03"
    assert "Latest month recorded" not in client.get(add_url(business)).content.decode()
    # Last month recorded already: not offered again (its save would be a duplicate).
    add_record(business, date(2026, 1, 1), 1_000_000, 500_000)
    add_record(business, MARCH, 1_000_000, 500_000)
    assert month_offered(client, business) == "2026-02"  # the gap
    html = client.get(add_url(business)).content.decode()
    assert "Latest month recorded: March 2026." in html
    add_record(business, date(2026, 2, 1), 1_000_000, 500_000)
    # Every month up to last month recorded: last month, and the hint says so.
    assert month_offered(client, business) == "2026-03"


def test_the_month_offered_after_the_latest_record(client_for, business):
    add_record(business, date(2025, 12, 1), 1_000_000, 500_000)
    assert month_offered(client_for("admin"), business) == "2026-01"
    # A gap older than a year is not offered.
    add_record(business, date(2024, 1, 1), 1_000_000, 500_000)
    assert month_offered(client_for("admin"), business) == "2025-04"


def test_the_offered_month_saves_at_once(client_for, business):
    # The reviewer's case: last month recorded already, the form offered it again.
    add_record(business, date(2026, 1, 1), 4_000_000, 3_000_000)
    add_record(business, MARCH, 4_000_000, 3_000_000)
    client = client_for("admin")
    offered = month_offered(client, business)
    assert offered == "2026-02"
    assert client.post(add_url(business), data(month=offered)).status_code == 302
    assert MonthlyRecord.objects.count() == 3


def test_assigned_mentor_records_a_month(client_for, business, assigned_mentor):
    response = client_for("mentor").post(add_url(business), data())
    assert response.status_code == 302
    assert response["Location"] == reverse("business:detail", args=[business.pk])
    record = MonthlyRecord.objects.get()
    assert record.month == MARCH
    assert (record.revenue, record.costs, record.profit) == (4_500_000, 3_000_000, 1_500_000)
    assert (record.workers_family, record.workers_hired, record.workers_community) == (2, 0, 1)
    assert record.loan_repayment == 250_000
    assert record.recorded_by == assigned_mentor
    assert AuditEvent.objects.filter(entity="monthlyrecord", action="create").exists()


def test_the_success_message_says_saved_not_recorded(client_for, business):
    # "... recorded for ..." read in Indonesian almost like the duplicate-month error.
    response = english(client_for("admin")).post(add_url(business), data(), follow=True)
    html = response.content.decode()
    assert "Record for March 2026 saved (Warung Soto Bu Siti)." in html
    assert "recorded for" not in html


def test_after_saving_back_to_next(client_for, business):
    response = client_for("admin").post(add_url(business), data(next="/mentoring/"))
    assert response["Location"] == "/mentoring/"
    response = client_for("admin").post(
        add_url(business), data(month="2026-02", next="https://evil.example/")
    )
    assert response["Location"] == reverse("business:detail", args=[business.pk])


def test_a_sent_profit_is_ignored(client_for, business):
    client_for("admin").post(add_url(business), data(profit="99.000.000"))
    assert MonthlyRecord.objects.get().profit == 1_500_000


@pytest.mark.parametrize(
    "extra, field, message",
    [
        ({"revenue": "empat juta"}, "revenue", "Write the amount in digits"),
        ({"costs": "-100"}, "costs", "An amount cannot be negative."),
        ({"revenue": "99.999.999.999.999.999.999"}, "revenue", "At most Rp 10,000,000,000,000."),
        ({"costs": "10.000.000.000.001"}, "costs", "At most Rp 10,000,000,000,000."),
        ({"loan_repayment": "20.000.000.000.000"}, "loan_repayment", "At most Rp"),
        ({"loan_repayment": "1,5"}, "loan_repayment", "Write the amount in digits"),
        ({"workers_family": "-1"}, "workers_family", ""),
        ({"workers_hired": "100000"}, "workers_hired", ""),
        ({"month": "2026-05"}, "month", "May 2026 has not started yet"),
        ({"month": "1999-12"}, "month", "too far in the past"),
        ({"month": "maret"}, "month", "Choose a month"),
        ({"revenue": ""}, "revenue", "required"),
    ],
)
def test_bad_input_gives_errors_and_writes_nothing(client_for, business, extra, field, message):
    response = english(client_for("field_officer")).post(add_url(business), data(**extra))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not MonthlyRecord.objects.exists()


def test_the_current_month_may_be_recorded(client_for, business):
    client_for("admin").post(add_url(business), data(month="2026-04"))
    assert MonthlyRecord.objects.get().month == date(2026, 4, 1)


def test_duplicate_month_refused_with_a_link_to_the_record(client_for, business, personas):
    existing = add_record(business, MARCH, 1_000_000, 900_000, by=personas["field_officer"])
    response = english(client_for("field_officer")).post(add_url(business), data())
    html = response.content.decode()
    assert response.status_code == 200
    assert "March 2026 is already recorded for this business: correct that record instead." in html
    assert f'href="{edit_url(existing)}" data-testid="duplicate-record-link"' in html
    assert MonthlyRecord.objects.get().revenue == 1_000_000


def test_duplicate_link_goes_to_the_business_page_for_who_may_not_correct(
    client_for, business, personas
):
    add_record(business, MARCH, 1_000_000, 900_000, by=personas["coordinator"])
    html = client_for("field_officer").post(add_url(business), data()).content.decode()
    assert reverse("business:detail", args=[business.pk]) + "#record-" in html


def test_a_race_for_the_same_month_is_a_form_error_not_a_500(client_for, business, monkeypatch):
    add_record(business, MARCH, 1_000_000, 900_000)
    monkeypatch.setattr(services, "_recorded", lambda business, excluding: {})
    response = client_for("admin").post(add_url(business), data())
    assert response.status_code == 200
    assert "month" in response.context["form"].errors
    assert MonthlyRecord.objects.count() == 1


def test_tenfold_jump_asks_for_confirmation_then_stores(client_for, business):
    add_record(business, date(2026, 2, 1), 400_000, 300_000)
    client = english(client_for("field_officer"))
    response = client.post(add_url(business), data())  # 4.5 million after 400 thousand
    html = response.content.decode()
    assert response.status_code == 200
    assert not MonthlyRecord.objects.filter(month=MARCH).exists()
    assert "Revenue is ten times that of February 2026 or more" in html
    assert "Rp 400,000 in February 2026, Rp 4,500,000 here" in html
    assert "tick the box and save again" in html
    assert 'name="confirm_jump"' in html and 'data-testid="confirm-jump-box"' in html
    assert 'value="4.500.000"' in html  # what was typed stays

    response = client.post(add_url(business), data(confirm_jump="on"))
    assert response.status_code == 302
    record = MonthlyRecord.objects.get(month=MARCH)
    assert record.jump_confirmed and record.revenue == 4_500_000


def test_a_back_filled_month_is_compared_with_the_month_after(client_for, business):
    # April (running) recorded first; March typed with two zeros too many.
    add_record(business, date(2026, 4, 1), 925_000, 400_000)
    client = english(client_for("field_officer"))
    response = client.post(add_url(business), data(revenue="92.500.000", costs="400.000"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Revenue is ten times that of April 2026 or more" in html
    assert not MonthlyRecord.objects.filter(month=MARCH).exists()


def test_a_jump_from_zero_is_not_asked(client_for, business):
    add_record(business, date(2026, 2, 1), 0, 0)
    assert client_for("admin").post(add_url(business), data()).status_code == 302
    assert not MonthlyRecord.objects.get(month=MARCH).jump_confirmed


def test_another_family_business_is_404_for_a_mentor(client_for, business, assigned_mentor):
    from purna.business.services import business_save
    from tests.factories import make_person

    other = business_save(
        actor=None, person=make_person(full_name="Lain"), name="B", sector="other"
    )
    assert client_for("mentor").post(add_url(other), data()).status_code == 404
    assert not MonthlyRecord.objects.exists()


# Correcting and deleting


RECORD_CHANGE_ACCESS = [
    ("admin", 200),
    ("coordinator", 200),
    ("field_officer", 200),  # who recorded it
    ("mentor", 404),
    ("viewer", 403),
    ("outsider", 404),
    ("peer_mentor", 403),
    ("anonymous", 302),
]


@pytest.fixture
def record(business, personas):
    return add_record(business, MARCH, 2_000_000, 1_500_000, by=personas["field_officer"])


@pytest.mark.parametrize("persona, status", RECORD_CHANGE_ACCESS)
def test_edit_access(client_for, record, persona, status):
    assert client_for(persona).get(edit_url(record)).status_code == status


@pytest.mark.parametrize("persona, status", RECORD_CHANGE_ACCESS)
def test_delete_access(client_for, record, persona, status):
    assert client_for(persona).get(delete_url(record)).status_code == status


def test_an_assigned_mentor_may_not_correct_someone_elses_record(
    client_for, record, assigned_mentor
):
    client = client_for("mentor")
    assert client.get(edit_url(record)).status_code == 403
    assert client.post(delete_url(record)).status_code == 403
    assert MonthlyRecord.objects.exists()


def test_a_field_officer_may_not_correct_a_coordinators_record(client_for, business, personas):
    theirs = add_record(business, MARCH, 1, 1, by=personas["coordinator"])
    assert client_for("field_officer").get(edit_url(theirs)).status_code == 403


def test_correct_a_record(client_for, record):
    client = client_for("field_officer")
    form = client.get(edit_url(record)).content.decode()
    assert 'value="2.000.000"' in form and 'value="2026-03"' in form
    response = client.post(edit_url(record), data(revenue="2.200.000", costs="1.500.000"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revenue == 2_200_000 and record.profit == 700_000
    event = AuditEvent.objects.get(entity="monthlyrecord", action="update")
    assert event.changes["revenue"] == [2_000_000, 2_200_000]


def test_correcting_into_a_recorded_month_is_refused(client_for, business, record):
    add_record(business, date(2026, 2, 1), 1, 1)
    response = client_for("coordinator").post(edit_url(record), data(month="2026-02"))
    assert response.status_code == 200
    assert "month" in response.context["form"].errors
    record.refresh_from_db()
    assert record.month == MARCH


def test_delete_asks_first_then_deletes(client_for, record):
    client = english(client_for("coordinator"))
    page = client.get(delete_url(record)).content.decode()
    assert "Delete this monthly record?" in page and 'data-testid="confirm-delete"' in page
    assert MonthlyRecord.objects.exists()
    response = client.post(delete_url(record))
    assert response["Location"] == reverse("business:detail", args=[record.business_id])
    assert not MonthlyRecord.objects.exists()
    event = AuditEvent.objects.get(entity="monthlyrecord", action="delete")
    assert event.summary == f"business {record.business_id} 2026-03"


@pytest.mark.parametrize("method", ["put", "delete"])
def test_wrong_method(client_for, record, method):
    client = client_for("admin")
    assert getattr(client, method)(edit_url(record)).status_code == 405
    assert getattr(client, method)(delete_url(record)).status_code == 405
    assert getattr(client, method)(add_url(record.business)).status_code == 405

"""A business's page: profile, capital, the chart of revenue and profit, the records."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from purna.business.services import business_save

from .conftest import READ_ACCESS, add_record, english


def url(business):
    return reverse("business:detail", args=[business.pk])


def chart_json(html: str) -> dict:
    match = re.search(
        r'<script id="business-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "no chart data in the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize("persona, status", READ_ACCESS)
def test_access(client_for, business, persona, status):
    assert client_for(persona).get(url(business)).status_code == status


def test_assigned_mentor_sees_it(client_for, business, assigned_mentor):
    assert client_for("mentor").get(url(business)).status_code == 200


def test_post_not_allowed(client_for, business):
    assert client_for("admin").post(url(business)).status_code == 405


def test_profile_and_capital_total(client_for, business):
    business_save(
        actor=None,
        person=business.person,
        business=business,
        nib="9120001234567",
        capital_family=500_000,
    )
    html = english(client_for("coordinator")).get(url(business)).content.decode()
    assert "Food and drinks" in html
    assert "9120001234567" in html
    assert "Capital from remittance savings (Rp)" in html
    assert 'data-testid="capital-total" data-value="25500000"' in html
    assert "Rp 25,500,000" in html
    assert "1 Jun 2025" in html  # the start date, as every date of these screens


def test_chart_data_is_revenue_and_profit_per_month_oldest_first(client_for, business):
    add_record(business, date(2026, 3, 1), 4_000_000, 1_000_000)
    add_record(business, date(2025, 12, 1), 2_000_000, 2_500_000)
    add_record(business, date(2026, 1, 1), 3_000_000, 1_000_000)
    # February 2026 is missing: a gap, not a zero.
    html = english(client_for("field_officer")).get(url(business)).content.decode()
    data = chart_json(html)
    assert data["months"] == ["2025-12", "2026-01", "2026-02", "2026-03"]
    assert data["labels"] == ["Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026"]
    assert data["revenue"] == [2_000_000, 3_000_000, None, 4_000_000]
    assert data["profit"] == [-500_000, 2_000_000, None, 3_000_000]
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in html
    assert "business/js/business-chart.js" in html
    assert "cdn" not in html.lower()


def test_accessible_summary_and_table_fallback(client_for, business):
    add_record(business, date(2026, 2, 1), 2_000_000, 2_500_000)
    add_record(business, date(2026, 3, 1), 4_000_000, 1_000_000)
    html = english(client_for("field_officer")).get(url(business)).content.decode()
    summary = re.search(r'data-testid="chart-summary">(.*?)</p>', html, re.S).group(1)
    summary = " ".join(summary.split())
    assert "2 months recorded, from February 2026 to March 2026; 1 with a profit." in summary
    assert "The highest profit was Rp 3,000,000, in March 2026." in summary
    table = re.search(r'data-testid="chart-table">(.*?)</table>', html, re.S).group(1)
    assert "Feb 2026" in table and "Rp -500,000" in table


def test_chart_shows_at_most_36_months(client_for, business):
    for k in range(40):
        year, month = divmod(2023 * 12 + k, 12)
        add_record(business, date(year, month + 1, 1), 1_000_000 + k, 10)
    data = chart_json(client_for("admin").get(url(business)).content.decode())
    assert len(data["months"]) == 36
    assert data["months"][0] == "2023-05" and data["months"][-1] == "2026-04"


def test_no_records_no_chart(client_for, business):
    html = english(client_for("admin")).get(url(business)).content.decode()
    assert 'id="business-chart-data"' not in html
    assert "chart.umd.min.js" not in html
    assert "No monthly record yet" in html


def test_records_table_newest_first_with_profit_and_workers(client_for, business):
    add_record(business, date(2026, 2, 1), 2_000_000, 2_500_000, workers_family=2)
    add_record(
        business,
        date(2026, 3, 1),
        4_000_000,
        1_000_000,
        workers_family=2,
        workers_hired=1,
        workers_community=3,
        loan_repayment=400_000,
    )
    html = english(client_for("admin")).get(url(business)).content.decode()
    table = re.search(r'data-testid="records-table">(.*?)</table>', html, re.S).group(1)
    assert table.index('data-testid="record-2026-03"') < table.index('data-testid="record-2026-02"')
    assert 'data-testid="profit" data-value="3000000"' in table
    assert 'data-testid="profit" data-value="-500000"' in table
    assert "2 / 1 / 3" in table
    assert "Rp 400,000" in table


def test_records_are_paginated(client_for, business):
    for k in range(14):
        year, month = divmod(2025 * 12 + k - 12, 12)
        add_record(business, date(year, month + 1, 1), 100, 10)
    client = client_for("admin")
    first = client.get(url(business)).content.decode()
    second = client.get(url(business) + "?page=2").content.decode()
    assert first.count('data-testid="record-20') == 12
    assert second.count('data-testid="record-20') == 2
    assert 'data-testid="record-2024-01"' in second


def test_correct_and_delete_links_only_for_author_or_coordinator(
    client_for, business, personas, assigned_mentor
):
    mine = add_record(business, date(2026, 3, 1), 1, 1, by=assigned_mentor)
    theirs = add_record(business, date(2026, 2, 1), 1, 1, by=personas["field_officer"])
    html = client_for("mentor").get(url(business)).content.decode()
    assert f'data-testid="edit-record-{mine.pk}"' in html
    assert f'data-testid="delete-record-{mine.pk}"' in html
    assert f'data-testid="edit-record-{theirs.pk}"' not in html
    html = client_for("coordinator").get(url(business)).content.decode()
    assert f'data-testid="edit-record-{theirs.pk}"' in html
    assert 'data-testid="delete-business"' in html


def test_the_delete_business_button_only_for_who_may(client_for, business):
    html = client_for("field_officer").get(url(business)).content.decode()
    assert 'data-testid="delete-business"' not in html
    assert 'data-testid="add-record"' in html

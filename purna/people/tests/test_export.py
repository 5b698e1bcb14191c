"""`purna export-participants`: columns, values, formula safety, CSV and XLSX."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from purna.areas.models import Village
from purna.assessment.services import assessment_record, instrument_current, instrument_rules
from purna.core.nik import parse_nik
from purna.people.exporting import HEADER
from purna.people.services import person_create

SITI = "3502174509850001"  # woman born 05-09-1985
BUDI = "3502170101800002"  # man born 01-01-1980

COLUMNS = [
    "nik", "full_name", "sex", "birth_date", "village_code", "district_code", "quadrant",
    "business_score", "sakinah_score", "pathway", "status", "assessment_count",
]  # fmt: skip


def test_fixture_niks_are_valid():
    assert (parse_nik(SITI).sex, parse_nik(BUDI).sex) == ("P", "L")


def person(nik=SITI, full_name="Siti Aminah", sex="P", birth_date=date(1985, 9, 5)):
    return person_create(
        actor=None, nik=nik, full_name=full_name, sex=sex, birth_date=birth_date,
        village=Village.objects.filter(code__startswith="35.02.").order_by("code").first(),
    )  # fmt: skip


def assess(someone, *, business: int, sakinah: int | list[int], source="self"):
    """Every business item at one ability level; sakinah items at one level or one each."""
    rules = instrument_rules(instrument_current())
    sakinah_items = rules.items_for("sakinah")
    levels = sakinah if isinstance(sakinah, list) else [sakinah] * len(sakinah_items)
    answers = {item.code: business for item in rules.items_for("business")}
    answers |= {item.code: level for item, level in zip(sakinah_items, levels, strict=True)}
    answers = {
        item.code: 6 - answers[item.code] if item.reversed else answers[item.code]
        for item in rules.items
    }
    return assessment_record(
        actor=None, person=someone, assessed_on=date(2024, 3, 1), source=source, answers=answers
    )


def export(*args) -> str:
    out = StringIO()
    call_command("export_participants", *args, stdout=out)
    return out.getvalue()


def exported_rows(*args) -> list[dict[str, str]]:
    return list(csv.DictReader(StringIO(export(*args))))


@pytest.mark.django_db
def test_columns_in_order():
    person()

    assert export().splitlines()[0] == ",".join(COLUMNS)
    assert list(HEADER) == COLUMNS


@pytest.mark.django_db
def test_values_of_an_assessed_person():
    siti = person()
    assess(siti, business=4, sakinah=[4, 4, 4, 4, 4, 4, 4, 5])  # sakinah (33 - 8) / 32 = 78.125
    assess(siti, business=2, sakinah=2, source="officer")
    assess(siti, business=2, sakinah=2, source="mentor")

    [row] = exported_rows()

    village = siti.village
    assert row == {
        "nik": SITI,
        "full_name": "Siti Aminah",
        "sex": "P",
        "birth_date": "1985-09-05",
        "village_code": village.code,
        "district_code": village.district_id,
        "quadrant": "IV",
        "business_score": "75.0",
        "sakinah_score": "78.1",
        "pathway": "FIELD_VERIFICATION;PEER_MENTOR",
        "status": "identified",
        "assessment_count": "3",
    }
    assert village.district_id == village.code.rsplit(".", 1)[0]


@pytest.mark.django_db
def test_pathway_follows_the_quadrant():
    budi = person(nik=BUDI, full_name="Budi", sex="L", birth_date=date(1980, 1, 1))
    assess(budi, business=2, sakinah=2)

    [row] = exported_rows()

    assert row["quadrant"] == "I"
    assert row["pathway"] == (
        "MINDSET_BUSINESS;MINDSET_SAKINAH;TRAINING_BUSINESS;TRAINING_SAKINAH;PRACTICE;MENTORING"
    )
    assert (row["business_score"], row["sakinah_score"]) == ("25.0", "25.0")


@pytest.mark.django_db
def test_a_person_without_assessment_has_empty_scores():
    person()

    [row] = exported_rows()

    assert [row[c] for c in ("quadrant", "business_score", "sakinah_score", "pathway")] == [""] * 4
    assert (row["status"], row["assessment_count"]) == ("registered", "0")


@pytest.mark.django_db
def test_formulas_are_neutralised():
    person(full_name='=HYPERLINK("http://evil","x")')
    person(nik=BUDI, full_name="@SUM(1+1)", sex="L", birth_date=date(1980, 1, 1))

    names = {row["nik"]: row["full_name"] for row in exported_rows()}

    assert names == {SITI: '\'=HYPERLINK("http://evil","x")', BUDI: "'@SUM(1+1)"}


@pytest.mark.django_db
def test_csv_to_a_file(tmp_path):
    person()
    path = tmp_path / "participants.csv"

    assert export("--output", str(path)) == ""

    with open(path, encoding="utf-8", newline="") as f:
        assert [row["nik"] for row in csv.DictReader(f)] == [SITI]


@pytest.mark.django_db
def test_xlsx_output_is_readable(tmp_path):
    siti = person(full_name="=1+1")
    assess(siti, business=4, sakinah=[4, 4, 4, 4, 4, 4, 4, 5])
    person(nik=BUDI, full_name="Budi", sex="L", birth_date=date(1980, 1, 1))
    path = tmp_path / "participants.xlsx"

    export("--format", "xlsx", "--output", str(path))

    sheet = load_workbook(path, read_only=True).worksheets[0]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == COLUMNS
    assert rows[0][:3] == [SITI, "'=1+1", "P"]
    assert rows[0][6:] == ["IV", 75.0, 78.1, "FIELD_VERIFICATION;PEER_MENTOR", "identified", 1]
    assert rows[1][6:] == [None, None, None, None, "registered", 0]


@pytest.mark.django_db
def test_xlsx_needs_an_output_file():
    with pytest.raises(CommandError) as raised:
        export("--format", "xlsx")

    assert raised.value.returncode == 2
    assert "--output" in str(raised.value)


@pytest.mark.django_db
def test_the_export_needs_no_query_per_person(django_assert_max_num_queries):
    for n in range(1, 6):
        person(nik=f"35021745098500{n:02d}", full_name=f"Person {n}")

    with django_assert_max_num_queries(2):
        rows = exported_rows()

    assert len(rows) == 5

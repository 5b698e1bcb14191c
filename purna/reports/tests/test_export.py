"""`purna export-participants`: columns, values, pathway progress, formula safety, CSV and
XLSX, and a query count that does not grow with the number of people."""

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
from purna.core.progress import progress_cell
from purna.people.models import Person
from purna.people.services import person_create
from purna.programme.models import Module
from purna.programme.services import (
    optional_module_attach,
    person_plan,
    person_withdraw,
    plan_step_set,
)
from purna.reports.exporting import HEADER, participant_rows

SITI = "3502174509850001"  # woman born 05-09-1985
BUDI = "3502170101800002"  # man born 01-01-1980

COLUMNS = [
    "nik", "full_name", "sex", "birth_date", "village_code", "district_code", "quadrant",
    "business_score", "sakinah_score", "pathway", "status", "assessment_count", "pathway_progress",
]  # fmt: skip


def test_fixture_niks_are_valid():
    assert (parse_nik(SITI).sex, parse_nik(BUDI).sex) == ("P", "L")


def person(nik=SITI, full_name="Siti Aminah", sex="P", birth_date=date(1985, 9, 5)):
    return person_create(
        actor=None, nik=nik, full_name=full_name, sex=sex, birth_date=birth_date,
        village=Village.objects.filter(code__startswith="35.02.").order_by("code").first(),
    )  # fmt: skip


def assess(
    someone,
    *,
    business: int,
    sakinah: int | list[int],
    source="self",
    on: date = date(2024, 3, 1),
):
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
        actor=None, person=someone, assessed_on=on, source=source, answers=answers
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
        "pathway_progress": "FIELD_VERIFICATION=planned;PEER_MENTOR=planned",
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
    assert rows[0][6:] == [
        "IV", 75.0, 78.1, "FIELD_VERIFICATION;PEER_MENTOR", "identified", 1,
        "FIELD_VERIFICATION=planned;PEER_MENTOR=planned",
    ]  # fmt: skip
    # A read-only sheet drops the empty cells at the end of a row.
    assert rows[1][6:] == [None, None, None, None, "registered", 0]


@pytest.mark.django_db
def test_xlsx_needs_an_output_file():
    with pytest.raises(CommandError) as raised:
        export("--format", "xlsx")

    assert raised.value.returncode == 2
    assert "--output" in str(raised.value)


# --- pathway_progress ----------------------------------------------------------------------


def module(code: str) -> Module:
    return Module.objects.get(code=code)


def step(someone, code: str, state: str, reason: str = "") -> None:
    plan_step_set(actor=None, person=someone, module=module(code), state=state, reason=reason)


def progress_of(nik: str = SITI) -> list[str]:
    [row] = [row for row in exported_rows() if row["nik"] == nik]
    return row["pathway_progress"].split(";") if row["pathway_progress"] else []


def optional(code="LITERASI_KEUANGAN", name_id="Literasi keuangan", name_en="Financial literacy"):
    return Module.objects.create(code=code, name_id=name_id, name_en=name_en)


@pytest.mark.django_db
def test_no_assessment_no_progress():
    person()

    assert progress_of() == []


@pytest.mark.django_db
def test_quadrant_iii_plans_its_four_modules():
    siti = person()
    assess(siti, business=2, sakinah=4)

    assert progress_of() == [
        "MINDSET_BUSINESS=planned",
        "TRAINING_BUSINESS=planned",
        "PRACTICE=planned",
        "MENTORING=planned",
    ]


@pytest.mark.django_db
def test_recorded_states_and_the_status_they_lead_to():
    siti = person()
    assess(siti, business=2, sakinah=4)
    step(siti, "MINDSET_BUSINESS", "completed")
    step(siti, "TRAINING_BUSINESS", "in_progress")

    [row] = exported_rows()

    assert row["status"] == "in_training"
    assert row["pathway_progress"] == (
        "MINDSET_BUSINESS=completed;TRAINING_BUSINESS=in_progress;PRACTICE=planned;"
        "MENTORING=planned"
    )


@pytest.mark.django_db
def test_a_reassessment_keeps_progress_and_sets_aside_what_is_no_longer_needed():
    siti = person()
    assess(siti, business=2, sakinah=2, on=date(2024, 3, 1))  # I
    step(siti, "MINDSET_BUSINESS", "completed")
    assess(siti, business=4, sakinah=2, on=date(2024, 9, 1))  # II

    assert progress_of() == [
        "MINDSET_BUSINESS=completed",
        "MINDSET_SAKINAH=planned",
        "TRAINING_BUSINESS=not_needed",
        "TRAINING_SAKINAH=planned",
        "PRACTICE=planned",
        "MENTORING=planned",
    ]


@pytest.mark.django_db
def test_history_is_ordered_by_assessment_date_and_counts_only_complete_self_assessments():
    siti = person()
    assess(siti, business=4, sakinah=2, on=date(2024, 9, 1))  # II, the current one
    assess(siti, business=2, sakinah=2, on=date(2024, 3, 1))  # I, typed in later
    assess(siti, business=4, sakinah=4, on=date(2024, 10, 1), source="officer")  # IV: not hers

    [row] = exported_rows()

    assert row["quadrant"] == "II"
    # I's business modules are not needed any more; no field test from the officer's visit.
    assert row["pathway_progress"] == (
        "MINDSET_BUSINESS=not_needed;MINDSET_SAKINAH=planned;TRAINING_BUSINESS=not_needed;"
        "TRAINING_SAKINAH=planned;PRACTICE=planned;MENTORING=planned"
    )


@pytest.mark.django_db
def test_an_optional_module_comes_after_the_pathway():
    siti = person()
    assess(siti, business=2, sakinah=4)
    optional_module_attach(actor=None, person=siti, module=optional())
    step(siti, "MINDSET_BUSINESS", "dropped", "pindah kerja")

    assert progress_of() == [
        "MINDSET_BUSINESS=dropped",
        "TRAINING_BUSINESS=planned",
        "PRACTICE=planned",
        "MENTORING=planned",
        "LITERASI_KEUANGAN=planned",
    ]


@pytest.mark.django_db
def test_a_withdrawn_person_keeps_their_progress():
    siti = person()
    assess(siti, business=4, sakinah=4)
    step(siti, "FIELD_VERIFICATION", "completed")
    step(siti, "PEER_MENTOR", "in_progress")
    budi = person(nik=BUDI, full_name="Budi", sex="L", birth_date=date(1980, 1, 1))
    assess(budi, business=2, sakinah=2)
    step(budi, "MINDSET_SAKINAH", "in_progress")
    person_withdraw(actor=None, person=budi, reason="migrated_again", on=date(2024, 5, 1))

    rows = {row["nik"]: row for row in exported_rows()}

    assert rows[SITI]["status"] == "peer_mentor"
    assert rows[SITI]["pathway_progress"] == "FIELD_VERIFICATION=completed;PEER_MENTOR=in_progress"
    assert rows[BUDI]["status"] == "withdrawn"
    assert "MINDSET_SAKINAH=in_progress" in rows[BUDI]["pathway_progress"].split(";")


@pytest.mark.django_db
def test_a_module_code_cannot_smuggle_a_formula():
    siti = person()
    optional_module_attach(actor=None, person=siti, module=optional(code="=CMD()"))

    assert progress_of() == ["'=CMD()=planned"]


def people_with_progress(serials: range) -> None:
    """People in every kind of state: assessed, re-assessed, with recorded and optional steps."""
    extra = Module.objects.get_or_create(
        code="PEMASARAN_DIGITAL", defaults={"name_id": "Pemasaran digital", "name_en": "Digital"}
    )[0]
    for n in serials:
        someone = person(nik=f"35021745098501{n:02d}", full_name=f"Person {n}")
        if n % 4 == 0:
            continue
        assess(someone, business=2, sakinah=2, on=date(2024, 3, 1))
        if n % 4 == 2:
            step(someone, "MINDSET_BUSINESS", "completed")
            assess(someone, business=2, sakinah=4, on=date(2024, 9, 1))
        if n % 3 == 0:
            optional_module_attach(actor=None, person=someone, module=extra)


@pytest.mark.django_db
def test_the_export_matches_the_plan_the_person_page_shows():
    people_with_progress(range(1, 13))

    exported = {row["nik"]: row["pathway_progress"] for row in exported_rows()}

    expected = {p.nik: progress_cell(person_plan(p)) for p in Person.objects.all()}
    assert exported == expected
    assert len(set(expected.values())) >= 4


@pytest.mark.django_db
def test_chunks_do_not_change_the_rows():
    people_with_progress(range(1, 8))

    assert list(participant_rows(chunk_size=3)) == list(participant_rows())


@pytest.mark.django_db
def test_the_export_needs_no_query_per_person(django_assert_max_num_queries):
    # People, then per chunk of 2000: self assessments, field-test placements, plan entries.
    people_with_progress(range(1, 4))
    with django_assert_max_num_queries(4):
        assert len(exported_rows()) == 3

    people_with_progress(range(4, 25))
    with django_assert_max_num_queries(4):
        rows = exported_rows()

    assert len(rows) == 24
    assert sum(bool(row["pathway_progress"]) for row in rows) == 18

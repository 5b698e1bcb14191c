"""`purna import-assessments`: validation, all-or-nothing, matching, idempotency, formats."""

import csv
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from purna.areas.models import Village
from purna.assessment.importing import assessments_import, table_open
from purna.assessment.models import Assessment
from purna.assessment.services import instrument_current, instrument_rules
from purna.audit.models import AuditEvent
from purna.core.nik import parse_nik
from purna.people.models import Person
from purna.people.services import person_create

SITI = "3502174509850001"  # woman born 05-09-1985
BUDI = "3502170101800002"  # man born 01-01-1980
DEWI = "3502175512900003"  # woman born 15-12-1990

BASE = ["submission_id", "nik", "full_name", "sex", "birth_date", "village_code", "phone",
        "assessed_on", "source"]  # fmt: skip


def test_fixture_niks_are_valid():
    assert (parse_nik(SITI).sex, parse_nik(BUDI).sex, parse_nik(DEWI).sex) == ("P", "L", "P")


# Factories ------------------------------------------------------------------------------------


def village(n: int = 0) -> str:
    return Village.objects.filter(code__startswith="35.02.").order_by("code")[n].code


def codes() -> tuple[str, ...]:
    return instrument_rules(instrument_current()).codes


def answers(business: int = 4, sakinah: int = 4) -> dict[str, str]:
    """Raw answers giving every item the same ability level (reversed items answered 6 - level)."""
    rules = instrument_rules(instrument_current())
    return {
        item.code: str(6 - level if item.reversed else level)
        for item in rules.items
        for level in [business if item.axis == "business" else sakinah]
    }


def row(**overrides) -> dict[str, str]:
    values = {
        "submission_id": "", "nik": SITI, "full_name": "Siti Aminah", "sex": "P",
        "birth_date": "1985-09-05", "village_code": village(), "phone": "081234567890",
        "assessed_on": "2024-03-01", "source": "self", **answers(),
    }  # fmt: skip
    values.update(overrides)
    return values


def write_csv(tmp_path, rows, *, name="assessments.csv", columns=None, encoding="utf-8"):
    columns = columns or [*BASE, *codes()]
    path = tmp_path / name
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(path, *args):
    """(exit code, stdout, stderr) of the command."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_assessments", str(path), *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def state():
    """Everything an import may write, as comparable values."""
    return (
        list(Person.objects.order_by("id").values()),
        list(Assessment.objects.order_by("id").values()),
        list(AuditEvent.objects.order_by("id").values()),
    )


# Valid rows -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_valid_row_creates_the_person_and_the_assessment(tmp_path):
    path = write_csv(tmp_path, [row()])

    code, out, err = run(path)

    assert code == 0, err
    assert "people created: 1," in out and "assessments created: 1," in out
    person = Person.objects.get(nik=SITI)
    assert (person.full_name, person.sex, person.birth_date, person.village_id, person.phone) == (
        "Siti Aminah", "P", date(1985, 9, 5), village(), "081234567890",
    )  # fmt: skip
    assert person.nik_flags == []
    assessment = person.assessments.get()
    assert assessment.answers == {code: int(value) for code, value in answers().items()}
    assert (assessment.source, assessment.assessed_on) == ("self", date(2024, 3, 1))
    assert assessment.instrument == instrument_current()
    assert (assessment.business_score, assessment.sakinah_score, assessment.quadrant) == (
        75.0, 75.0, "IV",
    )  # fmt: skip
    events = AuditEvent.objects.filter(person_id=person.pk)
    assert {(e.entity, e.action, e.channel, e.actor_id) for e in events} == {
        ("person", "create", "import", None),
        ("assessment", "create", "import", None),
    }
    assert all(SITI not in e.summary and "Siti" not in e.summary for e in events)


@pytest.mark.django_db
def test_classification_is_copied_to_the_person(tmp_path):
    path = write_csv(tmp_path, [
        row(**answers(business=2, sakinah=5)),
        row(nik=BUDI, full_name="Budi", sex="L", birth_date="1980-01-01", **answers(4, 2)),
    ])  # fmt: skip

    assert run(path)[0] == 0

    siti, budi = Person.objects.get(nik=SITI), Person.objects.get(nik=BUDI)
    assert (siti.quadrant, siti.status, siti.business_score, siti.sakinah_score) == (
        "III", "identified", 25.0, 100.0,
    )  # fmt: skip
    assert siti.current_assessment == siti.assessments.get()
    assert (budi.quadrant, budi.status) == ("II", "identified")


@pytest.mark.django_db
def test_only_self_assessments_classify_the_person(tmp_path):
    path = write_csv(tmp_path, [row(source="officer")])

    assert run(path)[0] == 0

    person = Person.objects.get(nik=SITI)
    assert person.assessments.get().quadrant == "IV"
    assert (person.quadrant, person.status) == ("", "registered")


@pytest.mark.django_db
def test_three_missing_business_items_leave_no_quadrant(tmp_path):
    # 7 of 10 business items answered is below the 80% rule.
    path = write_csv(tmp_path, [row(E01="", E02="", E03="")])

    code, _out, err = run(path)

    assert code == 0, err
    assessment = Assessment.objects.get()
    assert assessment.answers["E01"] is None and assessment.answers["E04"] == 4
    assert (assessment.business_score, assessment.sakinah_score, assessment.quadrant) == (
        None, 75.0, "",
    )  # fmt: skip
    person = Person.objects.get()
    assert (person.quadrant, person.status, person.business_score) == ("", "registered", None)


@pytest.mark.django_db
def test_two_missing_business_items_still_classify(tmp_path):
    path = write_csv(tmp_path, [row(E01="", E02="")])

    assert run(path)[0] == 0

    assert Person.objects.get().quadrant == "IV"


@pytest.mark.django_db
def test_sex_m_f_and_undotted_village_codes_are_accepted(tmp_path):
    path = write_csv(tmp_path, [
        row(sex="f", village_code=village(1).replace(".", "")),
        row(nik=BUDI, sex="M", birth_date="1980-01-01", source="SELF"),
    ])  # fmt: skip

    assert run(path)[0] == 0

    assert Person.objects.get(nik=SITI).sex == "P"
    assert Person.objects.get(nik=SITI).village_id == village(1)
    assert Person.objects.get(nik=BUDI).sex == "L"
    assert Assessment.objects.get(person__nik=BUDI).source == "self"


@pytest.mark.django_db
def test_a_birth_date_that_disagrees_with_the_nik_is_flagged_not_refused(tmp_path):
    path = write_csv(tmp_path, [row(birth_date="1985-09-06", sex="L")])

    assert run(path)[0] == 0

    assert Person.objects.get().nik_flags == ["birth_date", "sex"]


@pytest.mark.django_db
def test_optional_columns_are_stored(tmp_path):
    columns = [*BASE, *codes(), "business_interests", "skills_abroad", "capital_available", "x"]
    path = write_csv(tmp_path, [row(
        business_interests="food; Retail", skills_abroad="cooking", capital_available="5000000",
        x="ignored",
    )], columns=columns)  # fmt: skip

    assert run(path)[0] == 0

    assessment = Assessment.objects.get()
    assert assessment.business_interests == ["food", "retail"]
    assert (assessment.skills_abroad, assessment.capital_available) == ("cooking", 5000000)


@pytest.mark.django_db
def test_the_phone_and_submission_id_columns_are_optional(tmp_path):
    columns = [c for c in BASE if c not in ("phone", "submission_id")] + list(codes())
    path = write_csv(tmp_path, [row()], columns=columns)

    code, _out, err = run(path)

    assert code == 0, err
    assert Person.objects.get().phone == ""


@pytest.mark.django_db
def test_a_bom_csv_is_read(tmp_path):
    path = write_csv(tmp_path, [row()], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    code, _out, err = run(path)

    assert code == 0, err
    assert Person.objects.get().nik == SITI


@pytest.mark.django_db
def test_xlsx_with_numbers_and_dates(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    header = [*BASE, *codes()]
    sheet.append(header)
    values = row(
        nik=int(SITI), birth_date=datetime(1985, 9, 5), assessed_on=date(2024, 3, 1),
        village_code=int(village().replace(".", "")), phone=None, submission_id=1001,
    )  # fmt: skip
    values.update({code: float(v) for code, v in answers(4, 2).items()})
    sheet.append([values[c] for c in header])
    sheet.append([None] * len(header))  # a formatted, empty row
    path = tmp_path / "assessments.xlsx"
    workbook.save(path)

    code, out, err = run(path)

    assert code == 0, err
    assert "assessments created: 1," in out
    assessment = Assessment.objects.get()
    assert assessment.person.nik == SITI
    assert assessment.person.birth_date == date(1985, 9, 5)
    assert assessment.person.village_id == village()
    assert (assessment.assessed_on, assessment.submission_id) == (date(2024, 3, 1), "1001")
    assert assessment.answers["E01"] == 4 and isinstance(assessment.answers["E01"], int)
    assert assessment.quadrant == "II"


@pytest.mark.django_db
def test_invalid_xlsx_cells_are_reported_with_their_row(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    header = [*BASE, *codes()]
    sheet.append(header)
    sheet.append([row()[c] for c in header])
    sheet.append([row(E05=2.5)[c] for c in header])
    path = tmp_path / "assessments.xlsx"
    workbook.save(path)

    code, _out, err = run(path)

    assert code == 1
    assert 'row 3, column E05: "2.5" is not a whole number from 1 to 5' in err


# Invalid rows ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("350217450985001", "a NIK has exactly 16 digits (this value has 15 characters)"),
        ("35021745098500AB", "a NIK has exactly 16 digits"),
        ("3502173209850001", "digits 7-8 must be a birth day"),
        ("3502173102850001", "digits 7-8 must be a birth day"),  # 31 February
        ("3502174513850001", "digits 9-10 must be a month (01-12)"),
        ("3502174509850000", "digits 13-16 must not be 0000"),
    ],
)
def test_a_bad_nik_is_reported_without_echoing_it(tmp_path, nik, reason):
    path = write_csv(tmp_path, [row(), row(nik=nik)])

    code, out, err = run(path)

    assert code == 1
    assert f"row 3, column nik: not a valid NIK: {reason}" in err
    assert nik not in err and nik not in out
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("35.02.01.9999", '"35.02.01.9999" is not a known village code'),
        ("3502019999", '"3502019999" is not a known village code'),
        ("35.02.01", '"35.02.01" is not a village code'),
        ("desa", '"desa" is not a village code'),
    ],
)
def test_an_unknown_village_is_reported(tmp_path, code, message):
    path = write_csv(tmp_path, [row(village_code=code)])

    code, _out, err = run(path)

    assert code == 1
    assert f"row 2, column village_code: {message}" in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("assessed_on", "2023-02-30", '"2023-02-30" is not a real date (YYYY-MM-DD)'),
        ("birth_date", "1985-13-05", '"1985-13-05" is not a real date (YYYY-MM-DD)'),
        ("birth_date", "05/09/1985", '"05/09/1985" is not a date written YYYY-MM-DD'),
    ],
)
def test_an_impossible_date_is_reported(tmp_path, column, value, message):
    path = write_csv(tmp_path, [row(**{column: value})])

    code, _out, err = run(path)

    assert code == 1
    assert f"row 2, column {column}: {message}" in err


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["6", "2.5", "x", "0", "-1"])
def test_an_answer_that_is_not_a_whole_1_to_5_is_reported(tmp_path, value):
    path = write_csv(tmp_path, [row(), row(), row(), row(), row(), row(E03=value)])

    code, _out, err = run(path)

    assert code == 1
    assert f'row 7, column E03: "{value}" is not a whole number from 1 to 5' in err


@pytest.mark.django_db
def test_answers_written_as_decimals_are_accepted(tmp_path):
    path = write_csv(tmp_path, [row(E03="3.0", E04=" 5 ")])

    assert run(path)[0] == 0

    stored = Assessment.objects.get().answers
    assert (stored["E03"], stored["E04"]) == (3, 5)


@pytest.mark.django_db
def test_an_unknown_source_is_reported(tmp_path):
    code, _out, err = run(write_csv(tmp_path, [row(source="boss")]))

    assert code == 1
    assert 'row 2, column source: "boss" is not a source: use one of self, spouse, family' in err


@pytest.mark.django_db
def test_a_bad_sex_is_reported(tmp_path):
    code, _out, err = run(write_csv(tmp_path, [row(sex="W")]))

    assert code == 1
    assert 'row 2, column sex: "W" is not a sex: use L or P (or M or F)' in err


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column", ["nik", "full_name", "sex", "birth_date", "village_code", "assessed_on", "source"]
)
def test_an_empty_required_value_is_reported(tmp_path, column):
    code, _out, err = run(write_csv(tmp_path, [row(**{column: "  "})]))

    assert code == 1
    assert f"row 2, column {column}: the value is empty; it is required" in err


@pytest.mark.django_db
def test_every_problem_of_a_row_is_reported(tmp_path):
    path = write_csv(tmp_path, [row(sex="X", source="boss", E01="6", S08="x")])

    code, _out, err = run(path)

    assert code == 1
    problems = [line for line in err.splitlines() if line.startswith("row 2, column ")]
    assert [p.split(":")[0] for p in problems] == [
        "row 2, column sex", "row 2, column source", "row 2, column E01", "row 2, column S08",
    ]  # fmt: skip


@pytest.mark.django_db
def test_one_bad_row_writes_nothing(tmp_path):
    person_create(
        actor=None, nik=BUDI, full_name="Budi", sex="L", birth_date=date(1980, 1, 1),
        village=Village.objects.get(code=village()),
    )  # fmt: skip
    before = state()
    rows = [row(nik=DEWI, birth_date="1990-12-15"), row(nik=BUDI, full_name="Budi Santoso"),
            row(E10="9"), row(submission_id="s1")]  # fmt: skip

    code, out, err = run(write_csv(tmp_path, rows))

    assert code == 1
    assert 'row 4, column E10: "9" is not a whole number from 1 to 5' in err
    assert "nothing was imported" in err
    assert "rows invalid: 1" in out and "people created: 0," in out
    assert state() == before


@pytest.mark.django_db
def test_skip_invalid_imports_the_rest_and_writes_rejects(tmp_path):
    rows = [row(), row(nik=BUDI, sex="X", E01="6", full_name="Budi"), row(nik=DEWI, source="")]
    rejects = tmp_path / "rejects.csv"

    code, out, err = run(write_csv(tmp_path, rows), "--skip-invalid", "--rejects", str(rejects))

    assert code == 1
    assert "people created: 1," in out and "rows invalid: 2" in out
    assert list(Person.objects.values_list("nik", flat=True)) == [SITI]
    with open(rejects, encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    assert list(written[0]) == [*BASE, *codes(), "errors"]
    assert [w["nik"] for w in written] == [BUDI, DEWI]
    assert written[0]["full_name"] == "Budi" and written[0]["E01"] == "6"
    assert written[0]["errors"] == (
        'sex: "X" is not a sex: use L or P (or M or F); E01: "6" is not a whole number from 1 to 5'
    )
    assert written[1]["errors"] == "source: the value is empty; it is required"


@pytest.mark.django_db
def test_skip_invalid_with_only_valid_rows_exits_0(tmp_path):
    rejects = tmp_path / "rejects.csv"

    code, _out, _err = run(write_csv(tmp_path, [row()]), "--skip-invalid", "--rejects", rejects)

    assert code == 0
    assert rejects.read_text().splitlines() == [",".join([*BASE, *codes(), "errors"])]


# Files that cannot be imported ----------------------------------------------------------------


@pytest.mark.django_db
def test_missing_columns_exit_2_naming_them(tmp_path):
    columns = [c for c in [*BASE, *codes()] if c not in ("source", "S08")]
    rejects = tmp_path / "rejects.csv"

    code, out, err = run(write_csv(tmp_path, [row()], columns=columns), "--rejects", rejects)

    assert code == 2
    assert err.strip() == "missing required columns: source, S08"
    assert out == ""
    assert not Person.objects.exists() and not rejects.exists()


@pytest.mark.django_db
def test_column_names_are_matched_without_regard_to_case(tmp_path):
    columns = [c.upper() for c in BASE] + [c.lower() for c in codes()]
    path = tmp_path / "a.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerow([row()[c] for c in [*BASE, *codes()]])

    assert run(path)[0] == 0
    assert Assessment.objects.get().answers["E01"] == 4


@pytest.mark.django_db
def test_a_corrupt_xlsx_exits_2(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")

    code, out, err = run(path)

    assert code == 2
    assert "cannot be read as an XLSX workbook" in err
    assert out == "" and not Person.objects.exists()


@pytest.mark.django_db
def test_a_csv_that_is_not_utf8_exits_2_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path, [row(), row(nik=BUDI, full_name="Budi Ṡantoso")])
    # A valid first row, then Latin-1 bytes: found during the check, before any write.
    path.write_bytes(path.read_bytes().replace("Ṡ".encode(), b"\xe9"))

    code, _out, err = run(path)

    assert code == 2
    assert "not UTF-8" in err
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["assessments.xls", "assessments.txt", "missing.csv"])
def test_an_unsupported_or_missing_file_exits_2(tmp_path, name):
    path = tmp_path / name
    if name != "missing.csv":
        path.write_text("nik\n")

    code, _out, err = run(path)

    assert code == 2
    assert "unsupported file type" in err or "no such file" in err


@pytest.mark.django_db
def test_an_empty_file_exits_2(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    code, _out, err = run(path)

    assert (code, err.strip()) == (2, "the file is empty: it has no header row")


# Matching and idempotency ---------------------------------------------------------------------


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    rows = [
        row(submission_id="k-1"),
        row(nik=BUDI, full_name="Budi", sex="L", birth_date="1980-01-01", **answers(2, 2)),
        row(nik=BUDI, full_name="Budi", sex="L", birth_date="1980-01-01", source="spouse"),
        row(nik=BUDI, full_name="Budi", sex="L", birth_date="1980-01-01",
            assessed_on="2024-06-01", E01=""),
    ]  # fmt: skip
    path = write_csv(tmp_path, rows)
    assert run(path)[0] == 0
    first = state()

    code, out, _err = run(path)

    assert code == 0
    assert out.strip() == (
        "people created: 0, people updated: 0, assessments created: 0, "
        "assessments replaced: 0, rows skipped (already imported): 4, rows invalid: 0"
    )
    assert state() == first
    assert Assessment.objects.count() == 4


@pytest.mark.django_db
def test_a_file_mixing_rows_with_and_without_submission_id_is_idempotent(tmp_path):
    # Same key: the keyless row must find its own assessment again, not the other one.
    path = write_csv(tmp_path, [row(), row(submission_id="s-1", **answers(2, 2))])
    assert run(path)[0] == 0
    assert Assessment.objects.count() == 2
    first = state()

    code, out, _err = run(path)

    assert code == 0
    assert "rows skipped (already imported): 2," in out
    assert state() == first


@pytest.mark.django_db
def test_a_submission_id_is_imported_once(tmp_path):
    path = write_csv(tmp_path, [row(submission_id="kobo-1"), row(submission_id="kobo-1", E01="1")])

    code, out, _err = run(path)

    assert code == 0
    assert "assessments created: 1," in out and "rows skipped (already imported): 1," in out
    assert Assessment.objects.get().answers["E01"] == 4

    # A later file with the same submission changes nothing, not even the person.
    again = write_csv(tmp_path, [row(submission_id="kobo-1", full_name="Other", E01="1")])
    code, out, _err = run(again)
    assert "rows skipped (already imported): 1," in out
    assert Assessment.objects.get().answers["E01"] == 4
    assert Person.objects.get().full_name == "Siti Aminah"


@pytest.mark.django_db
def test_new_submission_ids_add_assessments_even_with_the_same_key(tmp_path):
    path = write_csv(tmp_path, [row(submission_id="a"), row(submission_id="b", E01="1")])

    assert run(path)[0] == 0

    assert Assessment.objects.count() == 2


@pytest.mark.django_db
def test_the_same_key_twice_in_one_file_replaces(tmp_path):
    path = write_csv(tmp_path, [row(), row(**answers(2, 2))])

    code, out, _err = run(path)

    assert code == 0
    assert "assessments created: 1, assessments replaced: 1," in out
    assessment = Assessment.objects.get()
    assert assessment.answers == {code: int(v) for code, v in answers(2, 2).items()}
    assert Person.objects.get().quadrant == "I"
    assert AuditEvent.objects.filter(entity="assessment").count() == 1


@pytest.mark.django_db
def test_the_same_key_in_a_later_file_replaces_the_latest(tmp_path):
    assert run(write_csv(tmp_path, [row(submission_id="a"), row(submission_id="b")]))[0] == 0
    older, latest = Assessment.objects.order_by("id")
    assert Person.objects.get().quadrant == "IV"

    code, out, _err = run(write_csv(tmp_path, [row(**answers(2, 5))], name="second.csv"))

    assert code == 0
    assert "assessments created: 0, assessments replaced: 1," in out
    older.refresh_from_db()
    latest.refresh_from_db()
    assert older.quadrant == "IV"
    assert (latest.quadrant, latest.business_score, latest.submission_id) == ("III", 25.0, "b")
    assert Person.objects.get().quadrant == "III"
    event = AuditEvent.objects.get(entity="assessment", action="update")
    assert (event.entity_id, event.channel) == (latest.pk, "import")
    assert event.changes["quadrant"] == ["IV", "III"]
    assert event.changes["answers"][1]["E01"] == 2


@pytest.mark.django_db
def test_reimport_with_a_changed_name_updates_the_person(tmp_path):
    person = person_create(
        actor=None, nik=SITI, full_name="Siti", sex="P", birth_date=date(1985, 9, 5),
        village=Village.objects.get(code=village()), phone="0811",
    )  # fmt: skip
    path = write_csv(tmp_path, [row(full_name="Siti Aminah", phone="")])

    code, out, _err = run(path)

    assert code == 0
    assert "people created: 0, people updated: 1," in out
    person.refresh_from_db()
    assert (person.full_name, person.phone, person.quadrant) == ("Siti Aminah", "0811", "IV")
    event = AuditEvent.objects.get(entity="person", action="update")
    assert event.changes == {"full_name": ["Siti", "Siti Aminah"]}
    assert event.person_id == person.pk


@pytest.mark.django_db
@pytest.mark.parametrize("chunk_size", [1, 2, 1000])
def test_where_chunks_start_makes_no_difference(tmp_path, chunk_size):
    rows = [
        row(), row(nik=BUDI, birth_date="1980-01-01", sex="L"), row(**answers(2, 2)),
        row(submission_id="z"), row(submission_id="z", E01="1"),
        row(full_name="Siti A.", **answers(2, 5)),
    ]  # fmt: skip
    path = write_csv(tmp_path, rows)

    summary = assessments_import(table_open(path), chunk_size=chunk_size)

    assert (summary.people_created, summary.people_updated) == (2, 1)
    assert (summary.assessments_created, summary.assessments_replaced, summary.skipped) == (
        3, 2, 1,
    )  # fmt: skip
    siti = Person.objects.get(nik=SITI)
    assert siti.full_name == "Siti A."
    assert siti.assessments.get(submission_id=None).quadrant == "III"
    assert siti.assessments.get(submission_id="z").quadrant == "IV"
    # Same day: "z" was recorded after the keyless one, so it stays the current one.
    assert siti.quadrant == "IV"


@pytest.mark.django_db
def test_progress_is_shown_only_when_asked(tmp_path):
    path = write_csv(tmp_path, [row(), row(nik=BUDI, birth_date="1980-01-01", sex="L")])

    assert "Importing" not in run(path)[2]
    assert "\rImporting 2/2 rows (100%)" in run(path, "--progress")[2]


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_rows(tmp_path):
    def queries(serials: range, name: str) -> int:
        # Women born 05-09-1985 with different serials: all new people.
        path = write_csv(tmp_path, [row(nik=f"350217450985{n:04d}") for n in serials], name=name)
        with CaptureQueriesContext(connection) as captured:
            assert run(path)[0] == 0
        return len(captured)

    few, many = queries(range(1, 6), "few.csv"), queries(range(6, 66), "many.csv")

    assert Person.objects.count() == 65
    # Only the batching of bulk inserts (SQLite takes 999 parameters a query) may add some.
    assert many - few <= 3, (few, many)

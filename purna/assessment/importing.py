"""Bulk import of identification assessments from CSV or XLSX files.

The file is read twice, streaming: a first pass checks every row and reports the problems,
a second pass writes the valid rows in chunks inside one transaction. Nothing is kept per
row between the passes, so memory stays flat however long the file is; each chunk costs a
fixed handful of queries (people by NIK, assessments by submission id and by key, bulk
inserts and updates), never one per row.

Matching, so that importing the same file twice changes nothing:
- a row with a submission_id already imported (in the database or earlier in the file)
  is skipped entirely, the person included;
- a row without one replaces the answers of the latest assessment with the same
  (NIK, assessed_on, source), if there is one, instead of adding another. Assessments
  without a submission id are preferred: they are what such rows created before, so a
  file mixing both kinds of rows for one key still finds its own rows again.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from purna.areas.models import Village
from purna.audit.models import AuditEvent
from purna.audit.services import audit_build, diff
from purna.bulk import rows_update
from purna.core import instrument as core_instrument
from purna.core.areacode import InvalidAreaCode, area_level, normalise_area_code
from purna.core.assessments import SOURCES
from purna.core.instrument import BUSINESS_SECTORS
from purna.core.nik import FORMAT, InvalidNik, nik_mismatches, normalise_nik, parse_nik
from purna.core.scoring import InvalidAnswer, classify, parse_answer
from purna.people.models import Person
from purna.people.services import NIK_REASONS, PERSON_FIELDS

from .models import Assessment, Instrument
from .services import (
    AUDITED,
    classification_apply,
    instrument_current,
    instrument_rules,
    people_refresh_classification,
)

CHUNK_SIZE = 2000
CHANNEL = "import"

REQUIRED = ("nik", "full_name", "sex", "birth_date", "village_code", "assessed_on", "source")
OPTIONAL = ("submission_id", "phone", "business_interests", "skills_abroad", "capital_available")
SEXES = {"L": "L", "P": "P", "M": "L", "F": "P"}

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"[0-9]+(?:\.0*)?")
_MAX_LENGTHS = {"submission_id": 100, "full_name": 150, "phone": 20, "skills_abroad": 300}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, wrong type, missing columns)."""


class Problem(NamedTuple):
    column: str  # as spelt in the file's header
    reason: str


@dataclass(frozen=True, slots=True)
class Record:
    """A valid row, cleaned. None in an optional field means "not given": keep what is stored."""

    submission_id: str | None
    nik: str
    full_name: str
    sex: str
    birth_date: date
    village_code: str
    phone: str | None
    assessed_on: date
    source: str
    answers: dict[str, int | None]
    business_interests: list[str] | None
    skills_abroad: str | None
    capital_available: int | None


@dataclass
class Summary:
    rows: int = 0
    people_created: int = 0
    people_updated: int = 0
    assessments_created: int = 0
    assessments_replaced: int = 0
    skipped: int = 0  # already imported: a known submission_id, or identical to what is stored
    invalid: int = 0
    written: bool = False

    def line(self) -> str:
        return _(
            "people created: %(pc)d, people updated: %(pu)d, assessments created: %(ac)d, "
            "assessments replaced: %(ar)d, rows skipped (already imported): %(sk)d, "
            "rows invalid: %(inv)d"
        ) % {
            "pc": self.people_created,
            "pu": self.people_updated,
            "ac": self.assessments_created,
            "ar": self.assessments_replaced,
            "sk": self.skipped,
            "inv": self.invalid,
        }


# Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A CSV or XLSX file: its header (as spelt in the file) and a way to stream its rows."""

    path: Path
    kind: str  # "csv" or "xlsx"
    header: tuple[str, ...]

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(spreadsheet row number, {header name: cell}) for each non-blank row; the header
        is row 1. Raises ImportFileError when the file turns out unreadable midway."""
        reader = _csv_rows if self.kind == "csv" else _xlsx_rows
        width = len(self.header)
        for number, values in reader(self.path):
            if number == 1:
                continue
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            values = list(values[:width]) + [None] * (width - len(values))
            yield number, dict(zip(self.header, values, strict=True))


def table_open(path: str | os.PathLike) -> Table:
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("csv", "xlsx"):
        raise ImportFileError(
            _("unsupported file type %(ext)r: use a .csv or .xlsx file") % {"ext": path.suffix}
        )
    if not path.is_file():
        raise ImportFileError(_("no such file: %(path)s") % {"path": path})
    reader = _csv_rows if kind == "csv" else _xlsx_rows
    rows = reader(path)
    try:
        first = next(rows, None)
    finally:
        rows.close()
    if first is None:
        raise ImportFileError(_("the file is empty: it has no header row"))
    names = [_text(v) for v in first[1]]
    while names and not names[-1]:  # formatted but empty columns at the right
        names.pop()
    # A blank header cell in the middle still needs a name to keep the columns apart.
    header = tuple(name or f"(column {i})" for i, name in enumerate(names, start=1))
    seen: set[str] = set()
    for name in header:
        if name.casefold() in seen:
            raise ImportFileError(_("the column %(name)r appears twice") % {"name": name})
        seen.add(name.casefold())
    return Table(path=path, kind=kind, header=header)


def _csv_rows(path: Path) -> Iterator[tuple[int, Sequence[Any]]]:
    number = 0
    try:
        # utf-8-sig drops the byte order mark Excel writes; csv.reader streams line by line.
        with open(path, encoding="utf-8-sig", newline="") as f:
            for number, values in enumerate(csv.reader(f), start=1):  # noqa: B007
                yield number, values
    except UnicodeDecodeError:
        raise ImportFileError(
            _("the file is not UTF-8 text (near row %(row)d): save it as CSV UTF-8")
            % {"row": number + 1}
        ) from None
    except (csv.Error, OSError) as exc:
        raise ImportFileError(
            _("the file cannot be read as CSV (near row %(row)d): %(error)s")
            % {"row": number + 1, "error": exc}
        ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, Sequence[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(
            _("the file cannot be read as an XLSX workbook: %(error)s") % {"error": exc}
        ) from None
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # Some tools write a wrong size into the sheet; read until the data really ends.
        sheet.reset_dimensions()
        number = 0
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):  # noqa: B007
                yield number, values
        except Exception as exc:  # openpyxl raises many kinds on a damaged sheet
            raise ImportFileError(
                _("the workbook is damaged (near row %(row)d): %(error)s")
                % {"row": number + 1, "error": exc}
            ) from None
    finally:
        workbook.close()


def _text(value: Any) -> str:
    """A cell as text: spreadsheets hand over numbers, dates and padded strings."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shown(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:39] + "…"


# Validating ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What validating and writing need, loaded once per import."""

    instrument: Instrument
    rules: core_instrument.Instrument
    village_codes: frozenset[str]
    columns: Mapping[str, str]  # canonical name (nik, E01, ...) -> header name in the file
    # (name, column, parser, required) for each field present, and (code, column) per item
    fields: tuple[tuple[str, str, Callable[[Any], Any], bool], ...]
    items: tuple[tuple[str, str], ...]


def context_load(table: Table) -> Context:
    instrument = instrument_current()
    if instrument is None:
        raise ImportFileError(_("no active instrument: create one before importing"))
    rules = instrument_rules(instrument)
    by_folded = {name.casefold(): name for name in table.header if name}
    columns = {}
    missing = []
    for name in (*REQUIRED, *rules.codes, *OPTIONAL):
        found = by_folded.get(name.casefold())
        if found is not None:
            columns[name] = found
        elif name not in OPTIONAL:
            missing.append(name)
    if missing:
        raise ImportFileError(
            _("missing required columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    # One set of ~83,000 short strings: a row's village is checked without a query.
    codes = frozenset(Village.objects.values_list("code", flat=True).iterator(chunk_size=10000))
    parsers = {
        "submission_id": _limited("submission_id"),
        "nik": _nik,
        "full_name": _limited("full_name"),
        "sex": _sex,
        "birth_date": _date,
        "village_code": partial(_village, known=codes),
        "phone": _limited("phone"),
        "assessed_on": _date,
        "source": _source,
        "business_interests": _interests,
        "skills_abroad": _limited("skills_abroad"),
        "capital_available": _capital,
    }
    return Context(
        instrument=instrument,
        rules=rules,
        village_codes=codes,
        columns=columns,
        fields=tuple(
            (name, columns[name], parse, name in REQUIRED)
            for name, parse in parsers.items()
            if name in columns
        ),
        items=tuple((code, columns[code]) for code in rules.codes),
    )


class _Bad(Exception):
    pass


def row_validate(raw: Mapping[str, Any], context: Context) -> tuple[Record | None, list[Problem]]:
    """A clean record, or the problems of the row (one per bad cell)."""
    problems: list[Problem] = []
    values: dict[str, Any] = dict.fromkeys(OPTIONAL)
    for name, column, parse, required in context.fields:
        cell = raw.get(column)
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            if required:
                problems.append(Problem(column, _("the value is empty; it is required")))
            continue
        try:
            values[name] = parse(cell)
        except _Bad as exc:
            problems.append(Problem(column, str(exc)))
    answers: dict[str, int | None] = {}
    for code, column in context.items:
        cell = raw.get(column)
        try:
            # Nearly every cell is "1".."5" or blank: a lookup built with parse_answer
            # itself, so the rule stays core's; anything else goes through parse_answer.
            answers[code] = _COMMON_ANSWERS[cell]
        except (KeyError, TypeError):
            try:
                answers[code] = parse_answer(cell)
            except InvalidAnswer as exc:
                reason = _('"%(value)s" is not a whole number from 1 to 5')
                problems.append(Problem(column, reason % {"value": _shown(exc.value)}))
    if problems:
        return None, problems
    return Record(answers=answers, **values), []


_COMMON_ANSWERS = {text: parse_answer(text) for text in ("", "1", "2", "3", "4", "5")}


def _limited(name: str) -> Callable[[Any], str]:
    limit = _MAX_LENGTHS[name]

    def parse(value: Any) -> str:
        text = _text(value)
        if len(text) > limit:
            raise _Bad(
                _("the value is %(length)d characters long; at most %(limit)d are allowed")
                % {"length": len(text), "limit": limit}
            )
        return text

    return parse


def _nik(value: Any) -> str:
    # The NIK itself stays out of the message: it is personal data and stderr ends up in logs.
    try:
        nik = normalise_nik(value)
        parse_nik(nik)
    except InvalidNik as exc:
        reason = str(NIK_REASONS[exc.reason])
        if exc.reason == FORMAT:
            length = len(_text(value))
            reason += _(" (this value has %(length)d characters)") % {"length": length}
        raise _Bad(_("not a valid NIK: %(reason)s") % {"reason": reason}) from None
    return nik


def _sex(value: Any) -> str:
    sex = SEXES.get(_text(value).upper())
    if sex is None:
        raise _Bad(_('"%(value)s" is not a sex: use L or P (or M or F)') % {"value": _shown(value)})
    return sex


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not _ISO_DATE.fullmatch(text):
        raise _Bad(_('"%(value)s" is not a date written YYYY-MM-DD') % {"value": _shown(value)})
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Bad(
            _('"%(value)s" is not a real date (YYYY-MM-DD)') % {"value": _shown(value)}
        ) from None


def _village(value: Any, known: frozenset[str]) -> str:
    if isinstance(value, str) and value in known:  # already canonical: most rows
        return value
    try:
        code = normalise_area_code(_text(value))
        if area_level(code) != "village":
            raise InvalidAreaCode()
    except InvalidAreaCode:
        raise _Bad(
            _('"%(value)s" is not a village code (like 35.02.17.1001 or 3502171001)')
            % {"value": _shown(value)}
        ) from None
    if code not in known:
        raise _Bad(_('"%(value)s" is not a known village code') % {"value": _shown(value)})
    return code


def _source(value: Any) -> str:
    source = _text(value).lower()
    if source not in SOURCES:
        raise _Bad(
            _('"%(value)s" is not a source: use one of %(sources)s')
            % {"value": _shown(value), "sources": ", ".join(SOURCES)}
        )
    return source


def _interests(value: Any) -> list[str]:
    codes = [c.strip().lower() for c in _text(value).split(";") if c.strip()]
    unknown = [c for c in codes if c not in BUSINESS_SECTORS]
    if unknown:
        raise _Bad(
            _('"%(value)s" is not a business interest: use codes from %(codes)s, separated by ";"')
            % {"value": _shown(unknown[0]), "codes": ", ".join(BUSINESS_SECTORS)}
        )
    return sorted(set(codes), key=codes.index)


def _capital(value: Any) -> int:
    text = _text(value)
    if isinstance(value, bool) or not _WHOLE.fullmatch(text):
        raise _Bad(
            _('"%(value)s" is not a whole number of rupiah (digits only)')
            % {"value": _shown(value)}
        )
    return int(text.split(".")[0])


# Writing ------------------------------------------------------------------------------------

# Loaded for matching and updating; a deferred field read in the loop would be a query per row.
_PERSON_LOAD = ("id", "nik", "full_name", "sex", "birth_date", "village_id", "phone", "nik_flags")
_PERSON_WRITE = ["full_name", "sex", "birth_date", "village", "phone", "nik_flags", "updated_at"]
_ASSESSMENT_WRITE = [
    "instrument", "answers", "business_score", "sakinah_score", "quadrant",
    "business_interests", "skills_abroad", "capital_available",
]  # fmt: skip


def _person_values(person: Person) -> dict[str, Any]:
    # The same shape as audit.services.snapshot(person, PERSON_FIELDS), without loading the
    # village row for each person.
    values = {name: getattr(person, name) for name in PERSON_FIELDS if name != "village"}
    values["birth_date"] = str(person.birth_date)
    values["village"] = person.village_id
    return {name: values[name] for name in PERSON_FIELDS}


def _person_apply(person: Person, record: Record) -> None:
    person.full_name = record.full_name
    person.sex = record.sex
    person.birth_date = record.birth_date
    person.village_id = record.village_code
    if record.phone is not None:
        person.phone = record.phone
    person.nik_flags = nik_mismatches(record.nik, birth_date=record.birth_date, sex=record.sex)


def _assessment_values(assessment: Assessment) -> dict[str, Any]:
    # What the audit trail records (assessment.services.AUDITED) plus the scores.
    values = {name: getattr(assessment, name) for name in AUDITED}
    values["assessed_on"] = str(values["assessed_on"])
    values["instrument"] = assessment.instrument_id
    values["business_score"] = assessment.business_score
    values["sakinah_score"] = assessment.sakinah_score
    return values


def _assessment_apply(assessment: Assessment, record: Record, context: Context) -> None:
    assessment.instrument = context.instrument
    assessment.answers = record.answers
    if record.business_interests is not None:
        assessment.business_interests = record.business_interests
    if record.skills_abroad is not None:
        assessment.skills_abroad = record.skills_abroad
    if record.capital_available is not None:
        assessment.capital_available = record.capital_available
    classification_apply(assessment, classify(record.answers, context.rules))


def chunk_write(records: Sequence[Record], *, context: Context, summary: Summary) -> None:
    """Write one chunk of valid records: a fixed number of queries whatever its size."""
    now = timezone.now()
    people = {
        p.nik: p
        for p in Person.objects.filter(nik__in={r.nik for r in records}).only(*_PERSON_LOAD)
    }
    submissions = {r.submission_id for r in records if r.submission_id}
    imported = set(
        Assessment.objects.filter(submission_id__in=submissions).values_list(
            "submission_id", flat=True
        )
    )
    nik_of = {p.pk: nik for nik, p in people.items()}
    # What a row without submission id replaces, per (NIK, date, source).
    latest: dict[tuple[str, date, str], Assessment] = {}
    if nik_of:
        for a in Assessment.objects.filter(
            person_id__in=list(nik_of), assessed_on__in={r.assessed_on for r in records}
        ):
            key = (nik_of[a.person_id], a.assessed_on, a.source)
            if key not in latest or _match_rank(a) > _match_rank(latest[key]):
                latest[key] = a

    # People first: new assessments need their ids.
    created_people: dict[str, Person] = {}
    people_before: dict[str, tuple[dict[str, Any], list[str]]] = {}
    to_write: list[Record] = []
    for record in records:
        if record.submission_id:
            if record.submission_id in imported:
                summary.skipped += 1
                continue
            imported.add(record.submission_id)
        to_write.append(record)
        person = people.get(record.nik)
        if person is None:
            person = Person(nik=record.nik, phone="")
            people[record.nik] = created_people[record.nik] = person
            _person_apply(person, record)
            continue
        if record.nik not in created_people and record.nik not in people_before:
            people_before[record.nik] = (_person_values(person), list(person.nik_flags))
        # Counted per row, so the counts do not depend on where chunks start.
        before = _person_values(person)
        _person_apply(person, record)
        if _person_values(person) != before:
            summary.people_updated += 1

    Person.objects.bulk_create(created_people.values())
    events = [
        audit_build(
            actor=None, action=AuditEvent.Action.CREATE, instance=p, person_id=p.pk,
            changes={k: [None, v] for k, v in _person_values(p).items()},
            summary=CHANNEL, channel=CHANNEL,
        )
        for p in created_people.values()
    ]  # fmt: skip
    changed_people = []
    for nik, (before, flags) in people_before.items():
        person = people[nik]
        changes = diff(before, _person_values(person))
        if changes or flags != person.nik_flags:
            person.updated_at = now
            changed_people.append(person)
        if changes:
            events.append(
                audit_build(
                    actor=None, action=AuditEvent.Action.UPDATE, instance=person,
                    person_id=person.pk, changes=changes, summary=CHANNEL, channel=CHANNEL,
                )
            )  # fmt: skip
    rows_update(Person, changed_people, _PERSON_WRITE)
    summary.people_created += len(created_people)

    created: list[Assessment] = []
    replaced: dict[int, tuple[Assessment, dict[str, Any]]] = {}
    for record in to_write:
        key = (record.nik, record.assessed_on, record.source)
        target = None if record.submission_id else latest.get(key)
        if target is None:
            target = Assessment(
                person=people[record.nik], assessed_on=record.assessed_on,
                source=record.source, submission_id=record.submission_id, recorded_at=now,
            )  # fmt: skip
            _assessment_apply(target, record, context)
            created.append(target)
            # Newer than anything stored; a keyless one is preferred over any with an id.
            if not record.submission_id or key not in latest or latest[key].submission_id:
                latest[key] = target
            summary.assessments_created += 1
            continue
        before = _assessment_values(target)
        _assessment_apply(target, record, context)
        if _assessment_values(target) == before:
            summary.skipped += 1
            continue
        summary.assessments_replaced += 1
        if target.pk is not None:
            replaced.setdefault(target.pk, (target, before))

    Assessment.objects.bulk_create(created)
    events += [
        audit_build(
            actor=None, action=AuditEvent.Action.CREATE, instance=a, person_id=a.person_id,
            changes={k: [None, v] for k, v in _assessment_values(a).items()},
            summary=CHANNEL, channel=CHANNEL,
        )
        for a in created
    ]  # fmt: skip
    updated = []
    for assessment, before in replaced.values():
        changes = diff(before, _assessment_values(assessment))
        if changes:  # a row may have been changed back by a later one
            updated.append(assessment)
            events.append(
                audit_build(
                    actor=None, action=AuditEvent.Action.UPDATE, instance=assessment,
                    person_id=assessment.person_id, changes=changes, summary=CHANNEL,
                    channel=CHANNEL,
                )
            )  # fmt: skip
    rows_update(Assessment, updated, _ASSESSMENT_WRITE)
    AuditEvent.objects.bulk_create(events)
    people_refresh_classification({a.person_id for a in (*created, *updated)})


def _match_rank(assessment: Assessment) -> tuple[bool, datetime, int]:
    return (assessment.submission_id is None, assessment.recorded_at, assessment.pk)


def _chunks(iterable: Iterator[Record], size: int) -> Iterator[list[Record]]:
    while chunk := list(islice(iterable, size)):
        yield chunk


def assessments_import(
    table: Table,
    *,
    skip_invalid: bool = False,
    on_invalid: Callable[[int, Mapping[str, Any], list[Problem]], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Summary:
    """Check every row, then (when all are valid, or skip_invalid) write the valid ones.

    on_invalid(row number, raw row, problems) is called for each invalid row during the
    check; on_progress(rows done, rows total) after each chunk written. Raises
    ImportFileError, before anything is written, when the file cannot be imported at all.
    """
    context = context_load(table)
    summary = Summary()
    for number, raw in table.rows():
        summary.rows += 1
        record, problems = row_validate(raw, context)
        if problems:
            summary.invalid += 1
            if on_invalid:
                on_invalid(number, raw, problems)
    if summary.invalid and not skip_invalid:
        return summary

    def valid_records() -> Iterator[Record]:
        for _number, raw in table.rows():
            record, _problems = row_validate(raw, context)
            if record is not None:
                yield record

    done = 0
    with transaction.atomic():
        for chunk in _chunks(valid_records(), chunk_size):
            chunk_write(chunk, context=context, summary=summary)
            done += len(chunk)
            if on_progress:
                on_progress(done, summary.rows - summary.invalid)
    summary.written = True
    return summary


@contextmanager
def rejects_writer(
    path: str | os.PathLike, header: Sequence[str]
) -> Iterator[Callable[[int, Mapping[str, Any], list[Problem]], None]]:
    """A CSV of the invalid rows: the original columns plus `errors`.

    Written to a side file and moved into place only when the import got through the whole
    file, so a file that turns out unreadable leaves no half-written rejects behind.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([*header, "errors"])

            def write(number: int, raw: Mapping[str, Any], problems: list[Problem]) -> None:
                cells = [v if isinstance(v, str) else _text(v) for v in raw.values()]
                errors = "; ".join(f"{p.column}: {p.reason}" for p in problems)
                writer.writerow([*cells, errors])

            yield write
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)

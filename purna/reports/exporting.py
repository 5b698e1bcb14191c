"""The participant list as a spreadsheet: one row per person, streamed.

People are read with one query in chunks (the assessment count is annotated); for each chunk
two more queries fetch its self assessments' quadrants and its recorded plan entries, from
which `pathway_progress` is derived (programme.services.plans_for). So the number of queries grows
with the number of chunks, never with the number of people, and rows are written as they
come: a national export of 100,000 people needs neither the memory nor the time to build
the whole file first.
"""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

from django.db.models import Count, QuerySet

from purna.core.pathways import pathway_for
from purna.core.progress import progress_cell
from purna.core.quadrants import Quadrant
from purna.core.spreadsheet import neutralise_formula
from purna.people.models import Person
from purna.programme.services import plans_for

CHUNK_SIZE = 2000

HEADER = (
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "village_code",
    "district_code",
    "quadrant",
    "business_score",
    "sakinah_score",
    "pathway",
    "status",
    "assessment_count",
    "pathway_progress",
)
SCORE_COLUMNS = (HEADER.index("business_score"), HEADER.index("sakinah_score"))

_FIELDS = (
    "nik", "full_name", "sex", "birth_date", "village_id", "village__district_id", "quadrant",
    "business_score", "sakinah_score", "status", "assessment_count",
)  # fmt: skip


def participant_rows(
    people: QuerySet[Person] | None = None, *, chunk_size: int = CHUNK_SIZE
) -> Iterator[tuple[Any, ...]]:
    """One tuple per person, in HEADER order: text already neutralised for spreadsheets,
    scores as floats rounded to one decimal (None when unknown), the count as an int.

    `people` narrows the list (e.g. to a user's area); the default is everyone.
    """
    people = Person.objects.all() if people is None else people
    rows = (
        people.order_by("id")
        .annotate(assessment_count=Count("assessments"))
        .values_list("id", *_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(rows, chunk_size)):
        ids = [row[0] for row in chunk]
        plans = plans_for(ids)
        for (
            pk, nik, full_name, sex, birth_date, village, district, quadrant, business, sakinah,
            status, count,
        ) in chunk:  # fmt: skip
            pathway = ";".join(pathway_for(Quadrant(quadrant))) if quadrant else ""
            progress = progress_cell(plans[pk])
            texts = (nik, full_name, sex, birth_date.isoformat(), village, district, quadrant)
            yield (
                *(neutralise_formula(t) for t in texts),
                _score(business),
                _score(sakinah),
                neutralise_formula(pathway),
                neutralise_formula(status),
                count,
                neutralise_formula(progress),
            )


def _score(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def csv_cells(row: tuple[Any, ...]) -> list[str]:
    """A row as CSV text: scores with one decimal and a dot, empty when unknown."""
    cells = []
    for index, value in enumerate(row):
        if value is None:
            cells.append("")
        elif index in SCORE_COLUMNS:
            cells.append(f"{value:.1f}")
        else:
            cells.append(str(value))
    return cells


def write_csv(out: IO[str], rows: Iterable[tuple[Any, ...]]) -> int:
    """Header and rows to a text stream; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        writer.writerow(csv_cells(row))
    return count


def write_xlsx(path_or_file: Any, rows: Iterable[tuple[Any, ...]]) -> int:
    """Header and rows to an XLSX workbook written in streaming (write-only) mode.

    Scores stay numbers (shown with one decimal), so the sheet can sum and sort them; the
    NIK and codes are text, or a spreadsheet would turn a 16-digit NIK into 3.50217E+15.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("participants")
    sheet.append(HEADER)
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007
        cells: list[Any] = [None if value == "" else value for value in row]
        for index in SCORE_COLUMNS:
            if cells[index] is not None:
                cell = WriteOnlyCell(sheet, value=cells[index])
                cell.number_format = "0.0"
                cells[index] = cell
        sheet.append(cells)
    workbook.save(path_or_file)
    return count

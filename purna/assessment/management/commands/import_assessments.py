"""`purna import-assessments FILE`: bulk import of identification assessments.

Exit codes, relied on by scripts: 0 all rows valid (imported or already there); 1 some rows
invalid (nothing written, or with --skip-invalid the valid ones written); 2 the file cannot
be imported at all (unreadable, wrong type, missing columns), nothing written.
"""

from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError, no_translations

from purna.assessment.importing import (
    ImportFileError,
    assessments_import,
    rejects_writer,
    table_open,
)


class Command(BaseCommand):
    help = (
        "Import assessments from a CSV (UTF-8) or XLSX file: one row per assessment, "
        "creating or updating the person by NIK. Rows already imported are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows even when some are invalid (exit code 1 all the same)",
        )
        parser.add_argument(
            "--rejects", metavar="PATH", help="write the invalid rows and their errors to a CSV"
        )
        parser.add_argument(
            "--progress", action="store_true", help="show progress even when not on a terminal"
        )

    @no_translations  # messages are for operators and scripts: English
    def handle(self, *args, file, skip_invalid, rejects, progress, **options):
        show_progress = progress or self.stderr.isatty()

        def report(number, raw, problems):
            for problem in problems:
                self.stderr.write(f"row {number}, column {problem.column}: {problem.reason}")

        def bar(done, total):
            percent = done * 100 // total if total else 100
            self.stderr.write(
                f"\rImporting {done:,}/{total:,} rows ({percent}%)",
                ending="\n" if done >= total else "",
            )

        try:
            table = table_open(file)
            with ExitStack() as stack:
                on_invalid = report
                if rejects:
                    write_reject = stack.enter_context(rejects_writer(rejects, table.header))

                    def on_invalid(number, raw, problems):
                        report(number, raw, problems)
                        write_reject(number, raw, problems)

                summary = assessments_import(
                    table,
                    skip_invalid=skip_invalid,
                    on_invalid=on_invalid,
                    on_progress=bar if show_progress else None,
                )
        except ImportFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc

        self.stdout.write(summary.line())
        if summary.invalid and not summary.written:
            raise CommandError(
                f"{_rows(summary.invalid)} invalid: nothing was imported "
                "(fix them, or use --skip-invalid to import the valid rows)",
                returncode=1,
            )
        if summary.invalid:
            raise CommandError(f"{_rows(summary.invalid)} invalid, skipped", returncode=1)


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"

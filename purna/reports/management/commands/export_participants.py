"""`purna export-participants`: the participant list as CSV (stdout or a file) or XLSX."""

from django.core.management.base import BaseCommand, CommandError

from purna.reports.exporting import participant_rows, write_csv, write_xlsx


class Command(BaseCommand):
    help = (
        "Export one row per participant: NIK, name, area, quadrant, scores, pathway, status, "
        "number of assessments and progress per module. CSV goes to stdout unless --output is "
        "given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
        parser.add_argument("--output", metavar="PATH", help="write to this file")

    def handle(self, *args, format, output, **options):
        if format == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output PATH", returncode=2)
            write_xlsx(output, participant_rows())
        elif output:
            with open(output, "w", encoding="utf-8", newline="") as f:
                write_csv(f, participant_rows())
        else:
            write_csv(_Raw(self.stdout), participant_rows())


class _Raw:
    """Django's stdout wrapper adds line endings and styles; csv writes its own lines."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")

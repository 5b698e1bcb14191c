"""How fast `import-assessments` writes a large file, against plain sqlite3 inserts.

    PURNA_DEBUG=1 .venv/bin/python bench/import_bench.py [--rows 100000] [--chunk-size 2000]

Everything happens in a temporary directory (a fresh migrated SQLite database, the CSV,
the baseline database) that is removed at the end. See bench/README.md for how to read it.
"""

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("self",) * 7 + ("spouse", "family", "officer", "mentor", "community")
FIRST = ("Siti", "Sri", "Dewi", "Nur", "Umi", "Tri", "Budi", "Agus", "Eko", "Joko",
         "Wahyu", "Rina", "Yuli", "Endang", "Suparmi", "Lestari", "Puji", "Bambang")  # fmt: skip
LAST = ("Rahayu", "Wati", "Lestari", "Santoso", "Setiawan", "Purnomo", "Handayani", "Susanti",
        "Hidayat", "Wibowo", "Utami", "Saputra", "Ningsih", "Kusuma", "Pratama")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--child", nargs=1, metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]))
        return

    with tempfile.TemporaryDirectory(prefix="purna-bench-") as tmp:
        tmp = Path(tmp)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'purna.sqlite3'}"
        os.environ["PURNA_VAR_DIR"] = str(tmp)
        os.environ.setdefault("PURNA_DEBUG", "1")
        os.environ["DJANGO_SETTINGS_MODULE"] = "purna.settings"
        sys.path.insert(0, str(ROOT))

        step("migrating a fresh SQLite database")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from purna.areas.models import Village
        from purna.assessment.services import instrument_current, instrument_rules

        call_command("migrate", verbosity=0)
        villages = list(
            Village.objects.filter(code__startswith="35.02.").values_list("code", flat=True)
        )
        rules = instrument_rules(instrument_current())
        connections.close_all()

        step(f"writing {args.rows:,} rows")
        path = tmp / "assessments.csv"
        people, header = generate(path, args.rows, villages, rules.codes, args.seed)

        step("importing (purna)")
        first = run_child(path)
        step("importing the same file again (everything already there)")
        again = run_child(path)

        step("inserting with plain sqlite3 (baseline)")
        baseline = sqlite_baseline(path, header, tmp / "baseline.sqlite3")

        from purna.assessment.models import Assessment
        from purna.people.models import Person

        counts = (Person.objects.count(), Assessment.objects.count())

    report(args.rows, people, counts, first, again, baseline)


def step(text: str) -> None:
    print(f"... {text}", file=sys.stderr, flush=True)


def generate(path: Path, rows: int, villages, codes, seed: int):
    """Valid rows: ~90% first assessments of new people, ~10% re-assessments of earlier
    people on a later date; a mix of sources; half carry a submission id."""
    rng = random.Random(seed)
    header = ["submission_id", "nik", "full_name", "sex", "birth_date", "village_code", "phone",
              "assessed_on", "source", *codes]  # fmt: skip
    people: list[tuple] = []
    niks: set[str] = set()
    start = date(2024, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for n in range(rows):
            if people and rng.random() < 0.10:
                nik, name, sex, born, village, phone = rng.choice(people)
                assessed = start + timedelta(days=200 + rng.randrange(300))
            else:
                sex = rng.choice("LP")
                born = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
                village = rng.choice(villages)
                while True:
                    day = born.day + (40 if sex == "P" else 0)
                    nik = (f"{village[:8].replace('.', '')}{day:02d}{born.month:02d}"
                           f"{born.year % 100:02d}{rng.randrange(1, 10000):04d}")  # fmt: skip
                    if nik not in niks:
                        break
                niks.add(nik)
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                phone = f"08{rng.randrange(10**9, 10**10)}" if rng.random() < 0.75 else ""
                people.append((nik, name, sex, born, village, phone))
                assessed = start + timedelta(days=rng.randrange(200))
            answers = [str(rng.randint(1, 5)) if rng.random() > 0.03 else "" for _ in codes]
            writer.writerow([
                f"bench-{n}" if n % 2 else "", nik, name, sex, born.isoformat(),
                village.replace(".", "") if n % 3 == 0 else village,
                phone,
                assessed.isoformat(), rng.choice(SOURCES), *answers,
            ])  # fmt: skip
    return len(people), header


def run_child(path: Path) -> dict:
    """The import in its own process, so its peak memory is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path)],
        check=True, capture_output=True, text=True, env=os.environ,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    # PURNA_DEBUG=1 only stands in for a secret key here; with DEBUG on, Django logs every
    # query and, on SQLite, re-quotes its parameters, which doubles the time. Production
    # runs without it, so that is what is measured.
    settings.DEBUG = False

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = StringIO()
    started = time.perf_counter()
    call_command("import_assessments", str(path), stdout=out, stderr=StringIO())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "seconds": seconds, "rss_before_kb": before, "rss_peak_kb": peak,
        "summary": out.getvalue().strip(),
    }))  # fmt: skip


def sqlite_baseline(path: Path, header: list[str], target: Path) -> dict:
    """The same rows, parsed with csv and inserted as text into one table, one transaction."""
    started = time.perf_counter()
    db = sqlite3.connect(target)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"CREATE TABLE rows ({', '.join(f'{c} TEXT' for c in header)})")
    with open(path, encoding="utf-8", newline="") as f, db:
        reader = csv.reader(f)
        next(reader)
        placeholders = ", ".join("?" * len(header))
        db.executemany(f"INSERT INTO rows VALUES ({placeholders})", reader)
    db.close()
    return {"seconds": time.perf_counter() - started}


def report(rows, people, counts, first, again, baseline) -> None:
    def line(label, seconds, extra=""):
        return f"{label:<34}{seconds:>9.2f} s{rows / seconds:>12,.0f} rows/s  {extra}"

    ratio = first["seconds"] / baseline["seconds"]
    print()
    print(f"{rows:,} rows ({people:,} people, {rows - people:,} re-assessments), SQLite")
    print(f"{'':<34}{'time':>11}{'speed':>19}")
    print(line("purna import-assessments", first["seconds"]))
    print(line("same file again (all skipped)", again["seconds"]))
    print(line("baseline: sqlite3 executemany", baseline["seconds"]))
    print(f"{'ratio purna / baseline':<34}{ratio:>9.1f} x")
    print(
        f"{'peak memory of the import':<34}{first['rss_peak_kb'] / 1024:>9.0f} MB"
        f"  (after Django setup: {first['rss_before_kb'] / 1024:.0f} MB)"
    )
    print(f"{'in the database':<34}{counts[0]:>9,} people, {counts[1]:,} assessments")
    print(f"first run:  {first['summary']}")
    print(f"second run: {again['summary']}")


if __name__ == "__main__":
    main()

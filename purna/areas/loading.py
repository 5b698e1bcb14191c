"""Loading the official area codes shipped in areas/data (idn-area-data, ODbL)."""

import csv
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LEVELS = ("provinces", "regencies", "districts", "villages")


def rows(level: str):
    with gzip.open(DATA_DIR / f"{level}.csv.gz", "rt", encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def load_areas(apps, batch_size: int = 5000) -> None:
    """Insert every level in code order; parents are the code minus its last segment."""
    models = {
        level: apps.get_model("areas", name)
        for level, name in zip(LEVELS, ("Province", "Regency", "District", "Village"), strict=True)
    }
    parent_field = {
        "regencies": "province_id",
        "districts": "regency_id",
        "villages": "district_id",
    }
    for level in LEVELS:
        model = models[level]
        batch = []
        for row in rows(level):
            fields = {"code": row["code"], "name": row["name"]}
            if level in parent_field:
                fields[parent_field[level]] = row["code"].rsplit(".", 1)[0]
            batch.append(model(**fields))
            if len(batch) >= batch_size:
                model.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        model.objects.bulk_create(batch, ignore_conflicts=True)

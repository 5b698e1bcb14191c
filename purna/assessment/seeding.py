"""Storing core's default instrument (version 1) as data. Used by a migration and by tests
whose database is flushed between runs."""

from purna.core.instrument import DEFAULT_INSTRUMENT


def instrument_seed_default(apps) -> None:
    Instrument = apps.get_model("assessment", "Instrument")
    InstrumentItem = apps.get_model("assessment", "InstrumentItem")
    if Instrument.objects.filter(version=DEFAULT_INSTRUMENT.version).exists():
        return
    instrument = Instrument.objects.create(
        version=DEFAULT_INSTRUMENT.version,
        name="Instrumen identifikasi PMI purna",
        threshold=DEFAULT_INSTRUMENT.threshold,
        min_answered_percent=int(DEFAULT_INSTRUMENT.min_answered * 100),
    )
    InstrumentItem.objects.bulk_create(
        InstrumentItem(
            instrument=instrument,
            code=item.code,
            axis=str(item.axis),
            reversed=item.reversed,
            text_id=item.text_id,
            text_en=item.text_en,
            position=position,
        )
        for position, item in enumerate(DEFAULT_INSTRUMENT.items, start=1)
    )

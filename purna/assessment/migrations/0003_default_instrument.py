from django.db import migrations

from purna.core.instrument import DEFAULT_INSTRUMENT


def forwards(apps, schema_editor):
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
            instrument=instrument, code=item.code, axis=str(item.axis), reversed=item.reversed,
            text_id=item.text_id, text_en=item.text_en, position=position,
        )
        for position, item in enumerate(DEFAULT_INSTRUMENT.items, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

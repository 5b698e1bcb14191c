from django.db import migrations

from purna.assessment.seeding import instrument_seed_default


def forwards(apps, schema_editor):
    instrument_seed_default(apps)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

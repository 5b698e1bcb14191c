from django.db import migrations

from purna.areas.loading import load_areas


def forwards(apps, schema_editor):
    load_areas(apps)


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]

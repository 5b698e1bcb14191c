from django.db import migrations

from purna.programme.seeding import modules_seed


def forwards(apps, schema_editor):
    modules_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

# Delivery state for the outbox. `message_id` is unique: existing rows get one each before
# the constraint is added (a column default would give them all the same value).

import uuid

from django.db import migrations, models


def give_each_message_an_id(apps, schema_editor):
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    for pk in OutboxMessage.objects.filter(message_id__isnull=True).values_list("pk", flat=True):
        OutboxMessage.objects.filter(pk=pk).update(message_id=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='outboxmessage',
            name='claimed_until',
            field=models.DateTimeField(blank=True, null=True, verbose_name='claimed until'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='sent_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='sent at'),
        ),
        migrations.AlterField(
            model_name='outboxmessage',
            name='state',
            field=models.CharField(choices=[('queued', 'queued'), ('sending', 'sending'), ('sent', 'sent'), ('failed', 'failed'), ('cancelled', 'cancelled')], db_index=True, default='queued', max_length=10, verbose_name='state'),
        ),
        migrations.AddField(
            model_name='outboxmessage',
            name='message_id',
            field=models.UUIDField(editable=False, null=True, verbose_name='message id'),
        ),
        migrations.RunPython(give_each_message_an_id, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name='outboxmessage',
            name='message_id',
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='message id'),
        ),
    ]

"""Email subscriptions: a ledger of the reports each subscriber was sent (each report goes to an
address once), so the subscriber's cursor (sent_until) goes; a sign-up's frequency is kept on
its subscription until it is confirmed."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0018_roles_for_follow_ups'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='subscriber',
            name='sent_until',
        ),
        migrations.AddField(
            model_name='subscription',
            name='frequency',
            field=models.CharField(choices=[('daily', 'Daily'), ('weekly', 'Weekly')], default='weekly', max_length=10),
        ),
        migrations.CreateModel(
            name='DigestItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reports.report')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digest_items', to='reports.subscriber')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('subscriber', 'report'), name='digest_item_once_per_subscriber')],
            },
        ),
    ]

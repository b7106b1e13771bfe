"""Entries from now on are chained with an HMAC keyed with SAMEN_AUDIT_KEY (version 2).

Existing entries keep their plain SHA-256 hashes and are marked version 1, so they still verify
as written: rewriting them with the key would need UPDATEs the append-only trigger refuses, and
would make them look as if they had been keyed from the start.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="chain_version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]

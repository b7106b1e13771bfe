"""Imported taxonomies become records of their own (ImportedTaxonomy), and imported terms get
the stable ids an import gives every other record (from source and id in the source)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

# As directory/ids.py (ID_NAMESPACE, stable_uuid) and imports/plan.py (import_uuid) make them.
from samen.directory.ids import stable_uuid


def _import_uuid(source: str, kind: str, source_id: str) -> uuid.UUID:
    return stable_uuid("import", source, kind, source_id)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ImportedTaxonomy = apps.get_model("imports", "ImportedTaxonomy")
    ImportedTerm = apps.get_model("imports", "ImportedTerm")
    for term in ImportedTerm.objects.all():
        taxonomy, _created = ImportedTaxonomy.objects.get_or_create(
            source=term.source,
            source_id=term.taxonomy_name,
            defaults={
                "uuid": _import_uuid(term.source, "taxonomy", term.taxonomy_name),
                "name": term.taxonomy_name,
            },
        )
        term.taxonomy = taxonomy
        term.uuid = _import_uuid(term.source, "taxonomy_term", term.source_id)
        term.save(update_fields=["taxonomy", "uuid"])


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="ImportedTaxonomy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("source", models.CharField(max_length=100)),
                ("source_id", models.CharField(max_length=250)),
                ("name", models.CharField(max_length=250)),
                ("description", models.TextField(blank=True)),
                ("uri", models.CharField(blank=True, max_length=500)),
                ("version", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "source_id"), name="unique_imported_taxonomy"
                    )
                ],
            },
        ),
        migrations.RenameField("importedterm", "taxonomy", "taxonomy_name"),
        migrations.AddField(
            model_name="importedterm",
            name="taxonomy",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="terms",
                to="imports.importedtaxonomy",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("importedterm", "taxonomy_name"),
        migrations.AlterField(
            model_name="importedterm",
            name="taxonomy",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="terms",
                to="imports.importedtaxonomy",
            ),
        ),
    ]

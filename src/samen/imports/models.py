"""Where imported records come from, and uploaded files waiting for their preview to be applied."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.core.models import BaseModel
from samen.directory.models import Location, Organization, Service


class ImportedRecord(models.Model):
    """Provenance of an organisation, service or location imported from another directory: the
    source's name, the record's id there and when it was last imported. Its samen id derives
    from the source and that id (directory/ids.py), so a second import finds it again."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organisation")
        SERVICE = "service", _("Service")
        LOCATION = "location", _("Location")

    source = models.CharField(max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    source_id = models.CharField(max_length=250)
    organization = models.OneToOneField(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="imported_from"
    )
    service = models.OneToOneField(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="imported_from"
    )
    location = models.OneToOneField(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="imported_from"
    )
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="unique_imported_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.kind}:{self.source_id}"


class ImportedTaxonomy(BaseModel):
    """A taxonomy of another directory whose terms an import kept (ImportedTerm): listed by the
    HSDS API next to samen's own. Its id derives from the source and the taxonomy's id there
    (its name when the file gives no id)."""

    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=250)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_imported_taxonomy")
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.name}"


class ImportedTerm(BaseModel):
    """A taxonomy term of another directory that matches none of samen's topics, kept with its
    own taxonomy so the services that carry it still say so in HSDS. Its id derives from the
    source and the term's id there."""

    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=250)
    taxonomy = models.ForeignKey(ImportedTaxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=250, blank=True)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    services = models.ManyToManyField(Service, related_name="imported_terms", blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_imported_term")
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy.name}: {self.name}"


class PendingImport(BaseModel):
    """An uploaded file between its preview and its import: kept in the database (never on
    disk), deleted when applied or once it is older than PENDING_IMPORT_MINUTES."""

    source = models.CharField(max_length=100)
    file_name = models.CharField(max_length=250)
    content = models.BinaryField()
    language = models.CharField(max_length=10)
    retire_missing = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.source}: {self.file_name}"

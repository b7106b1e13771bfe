"""Writing an HSDS import: every record of one source, in one transaction, after the whole file
was read and checked. Only records of that source are written; a record is saved only when
what samen keeps of it changed, so its `last_modified` says when it really changed."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.services import Actor, audit_record
from samen.core.errors import ApplicationError
from samen.directory.ids import FACTS_SOURCE
from samen.directory.loader import TOPIC_TAXONOMY_NAME
from samen.directory.models import (
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceSearchDocument,
    TaxonomyTerm,
)
from samen.directory.services import service_reindex

from .models import ImportedRecord, ImportedTaxonomy, ImportedTerm
from .plan import LocationPlan, OrganizationPlan, Place, Planner, ServicePlan, import_uuid
from .reader import Record, schema_errors

SOURCE_MAX_LENGTH = 100


class ImportRefused(ApplicationError):
    """The file was not imported; `errors` names every problem found in it, by path."""

    def __init__(self, message: str, errors: list[str]) -> None:
        super().__init__(message)
        self.errors = errors


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Services of the source the file no longer has: retired (set inactive) with
    # retire_missing, otherwise left as they are.
    retired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # Locations (of the organisations and where the services are given): "new", "changed",
    # "unchanged" and "removed" (the source's locations of these organisations the file no
    # longer has) -> how many.
    locations: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("new", "changed", "unchanged", "removed"), 0)
    )

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "retired": len(self.retired),
            "missing": len(self.missing),
            **{f"locations_{key}": count for key, count in self.locations.items()},
        }


def check_source(source: str) -> str:
    source = source.strip()
    if not source or len(source) > SOURCE_MAX_LENGTH or source == FACTS_SOURCE:
        raise ApplicationError(
            _("Name the source in at most %(max)s characters (not the facts file's name).")
            % {"max": SOURCE_MAX_LENGTH}
        )
    return source


def hsds_import(
    *,
    actor: Actor,
    source: str,
    records: list[Record],
    language: str,
    retire_missing: bool = False,
    dry_run: bool = False,
    file_name: str = "",
) -> ImportReport:
    """Import the records as `source` (or, with dry_run, say what an import would do and write
    nothing). Raises ImportRefused, before writing anything, if any record is invalid."""
    source = check_source(source)
    errors = schema_errors(records)
    if errors:
        raise ImportRefused(_("The file has errors; nothing was imported."), errors)
    topics = list(TaxonomyTerm.objects.filter(taxonomy__name=TOPIC_TAXONOMY_NAME))
    planner = Planner(source=source, language=language, topics=topics)
    plans = planner.plan(records)
    if planner.errors:
        raise ImportRefused(_("The file has errors; nothing was imported."), planner.errors)
    report = ImportReport(source=source, dry_run=dry_run)
    with transaction.atomic():
        writer = _Writer(source, language)
        for plan in plans:
            label = f"{plan.texts['name']} ({plan.source_id})"
            outcome = writer.service(plan)
            {"new": report.new, "changed": report.changed, "unchanged": report.unchanged}[
                outcome
            ].append(label)
        _missing(report, source, {plan.source_id for plan in plans}, retire_missing)
        report.locations = writer.location_counts()
        _prune_terms(source)
        audit_record(
            actor=actor,
            action="directory.imported",
            data={"source": source, "file": file_name, **report.counts()},
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _missing(report: ImportReport, source: str, present: set[str], retire: bool) -> None:
    gone = (
        ImportedRecord.objects.filter(source=source, kind=ImportedRecord.Kind.SERVICE)
        .exclude(source_id__in=present)
        .exclude(service__status=Service.Status.INACTIVE)
        .select_related("service")
    )
    for record in gone:
        if record.service is None:
            continue
        label = f"{record.service} ({record.source_id})"
        (report.retired if retire else report.missing).append(label)
        if retire:
            record.service.status = Service.Status.INACTIVE
            record.service.save(update_fields=["status", "updated_at"])
            ServiceSearchDocument.objects.filter(service=record.service).delete()


def _prune_terms(source: str) -> None:
    """Terms of the source no service carries any more go, and then taxonomies without terms:
    /taxonomy_terms lists only what the source still uses."""
    ImportedTerm.objects.filter(source=source, services__isnull=True).delete()
    ImportedTaxonomy.objects.filter(source=source, terms__isnull=True).delete()


def _merged(current: dict[str, str], language: str, text: str) -> dict[str, str]:
    """The field's texts with the import's language set to `text`; other languages kept."""
    merged = dict(current)
    text = " ".join(text.split())
    if text:
        merged[language] = text
    else:
        merged.pop(language, None)
    return merged


def _save(model: type[Model], uuid: UUID, values: dict[str, Any]) -> tuple[Any, bool]:
    """Create the record or bring it to `values`, saving only when something differs."""
    record = model._default_manager.filter(uuid=uuid).first()
    if record is None:
        return model._default_manager.create(uuid=uuid, **values), True
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        record.save()
    return record, bool(changed)


def _children(owner: dict[str, Model], model: type[Model], rows: list[dict[str, Any]]) -> bool:
    """Give the owner exactly these child rows; True if that changed anything."""
    related = model._default_manager.filter(**owner)
    fields = sorted({name for row in rows for name in row} | {"uuid"})
    current = sorted(related.values(*fields), key=lambda row: str(row["uuid"]))
    wanted = sorted(rows, key=lambda row: str(row["uuid"]))
    if current == wanted and len(current) == related.count():
        return False
    related.delete()
    model._default_manager.bulk_create(model(**owner, **row) for row in wanted)
    return True


class _Writer:
    def __init__(self, source: str, language: str) -> None:
        self.source = source
        self.language = language
        self.now = timezone.now()
        self.organizations: dict[UUID, tuple[Organization, bool]] = {}
        # Locations written by this import: id -> (location, "new" / "changed" / "unchanged").
        self.locations: dict[UUID, tuple[Location, str]] = {}

    def _provenance(self, kind: str, source_id: str, target: dict[str, Model]) -> None:
        ImportedRecord.objects.update_or_create(
            source=self.source,
            kind=kind,
            source_id=source_id,
            defaults={**target, "imported_at": self.now},
        )

    def _check_owner(self, model: type[Model], uuid: UUID, kind: str, source_id: str) -> None:
        """A record with this id must be this source's own (never a record of another)."""
        record = model._default_manager.filter(uuid=uuid).first()
        if (
            record is not None
            and not ImportedRecord.objects.filter(
                source=self.source, kind=kind, source_id=source_id, **{kind: record}
            ).exists()
        ):
            raise ApplicationError(_("A record with this id belongs to another source."))

    def organization(self, plan: OrganizationPlan) -> tuple[Organization, bool]:
        if plan.uuid in self.organizations:
            return self.organizations[plan.uuid]
        self._check_owner(Organization, plan.uuid, "organization", plan.source_id)
        current = Organization.objects.filter(uuid=plan.uuid).first()
        description = _merged(
            current.description if current else {}, self.language, plan.description
        )
        organization, changed = _save(
            Organization, plan.uuid, {**plan.values, "description": description}
        )
        changed |= _children({"organization": organization}, Phone, plan.phones)
        for location in plan.locations:
            changed |= self.location(location, organization)[1]
        if changed and current is not None:
            organization.save(update_fields=["updated_at"])
        self._provenance("organization", plan.source_id, {"organization": organization})
        self.organizations[plan.uuid] = (organization, changed)
        return organization, changed

    def service(self, plan: ServicePlan) -> str:
        """Write one service; returns "new", "changed" or "unchanged"."""
        organization, organization_changed = self.organization(plan.organization)
        self._check_owner(Service, plan.uuid, "service", plan.source_id)
        current = Service.objects.filter(uuid=plan.uuid).first()
        texts = {
            name: _merged(getattr(current, name) if current else {}, self.language, text)
            for name, text in plan.texts.items()
        }
        service, changed = _save(
            Service,
            plan.uuid,
            {
                **_service_defaults(),
                **plan.values,
                **texts,
                "organization_id": organization.pk,
            },
        )
        changes = [
            changed,
            _children({"service": service}, Phone, plan.phones),
            _children({"service": service}, Schedule, plan.schedules),
            _children({"service": service}, Language, plan.languages),
            _children({"service": service}, ServiceArea, plan.areas),
            self._places(service, organization, plan.places),
            self._terms(service, plan),
        ]
        if set(service.topics.values_list("pk", flat=True)) != {t.pk for t in plan.topics}:
            service.topics.set(plan.topics)
            changes.append(True)
        if current is not None and any(changes[1:]) and not changed:
            # The HSDS service nests all of these: it changed too.
            service.save(update_fields=["updated_at"])
        service_reindex(service=service, topics=plan.topics)
        self._provenance("service", plan.source_id, {"service": service})
        if current is None:
            return "new"
        return "changed" if any(changes) or organization_changed else "unchanged"

    def location(self, plan: LocationPlan, organization: Organization) -> tuple[Location, bool]:
        """Write a location of the organisation once per import; True if it changed. A
        location the file names more than once (its own and a service's) is written once."""
        if plan.uuid in self.locations:
            location, outcome = self.locations[plan.uuid]
            return location, outcome != "unchanged"
        current = Location.objects.filter(uuid=plan.uuid).first()
        if current is not None and not (
            # Imported before locations had their own provenance: the organisation's.
            current.organization_id == organization.pk
            and not ImportedRecord.objects.filter(location=current).exists()
        ):
            self._check_owner(Location, plan.uuid, "location", plan.source_id)
        existed = current is not None
        location, changed = _save(
            Location, plan.uuid, {**plan.values, "organization_id": organization.pk}
        )
        changed |= _children({"location": location}, Address, plan.addresses)
        self._provenance("location", plan.source_id, {"location": location})
        outcome = "changed" if changed else "unchanged"
        self.locations[plan.uuid] = (location, outcome if existed else "new")
        return location, changed

    def location_counts(self) -> dict[str, int]:
        """How many locations were new, changed and unchanged; the source's locations of the
        imported organisations that the file no longer has are removed (with their links)."""
        counts = dict.fromkeys(("new", "changed", "unchanged", "removed"), 0)
        for _location, outcome in self.locations.values():
            counts[outcome] += 1
        organizations = [organization.pk for organization, _ in self.organizations.values()]
        stale = Location.objects.filter(
            organization__in=organizations,
            imported_from__source=self.source,
        ).exclude(uuid__in=list(self.locations))
        counts["removed"] = stale.count()
        stale.delete()
        return counts

    def _places(self, service: Service, organization: Organization, places: list[Place]) -> bool:
        changed = False
        for place in places:
            location, location_changed = self.location(place.location, organization)
            changed |= location_changed
            current = ServiceAtLocation.objects.filter(uuid=place.link_uuid).first()
            description = _merged(
                current.description if current else {}, self.language, place.link_description
            )
            _link, link_changed = _save(
                ServiceAtLocation,
                place.link_uuid,
                {"service_id": service.pk, "location_id": location.pk, "description": description},
            )
            changed |= link_changed
        stale = service.service_at_locations.exclude(uuid__in=[p.link_uuid for p in places])
        return bool(stale.delete()[0]) or changed

    def _terms(self, service: Service, plan: ServicePlan) -> bool:
        terms = []
        for other in plan.other_terms:
            taxonomy, _changed = _save(
                ImportedTaxonomy,
                import_uuid(self.source, "taxonomy", other.taxonomy.source_id),
                {
                    "source": self.source,
                    "source_id": other.taxonomy.source_id,
                    "name": other.taxonomy.name,
                    "description": other.taxonomy.description,
                    "uri": other.taxonomy.uri,
                    "version": other.taxonomy.version,
                },
            )
            term, _changed = _save(
                ImportedTerm,
                import_uuid(self.source, "taxonomy_term", other.source_id),
                {
                    "source": self.source,
                    "source_id": other.source_id,
                    "taxonomy_id": taxonomy.pk,
                    "code": other.code,
                    "name": other.name,
                    "description": other.description,
                },
            )
            terms.append(term)
        if set(service.imported_terms.values_list("pk", flat=True)) == {t.pk for t in terms}:
            return False
        service.imported_terms.set(terms)
        return True


def _service_defaults() -> dict[str, Any]:
    """What an imported service is unless the file says otherwise (its flags as attributes)."""
    return {
        "audience": Service.Audience.EVERYONE,
        "source_urls": [],
        **dict.fromkeys(("anonymous", "advice_for_professionals", "open_24_7"), False),
        **dict.fromkeys(("referral_needed", "interpreter_available"), False),
        "women_only_staff": False,
    }

"""Directory data after Open Referral HSDS 3.0, with a Dutch profile and our own attributes.

Field names follow the HSDS schema (../shared/hsds/schema). Texts a user reads are
TranslatedFields (one JSON object per field, keyed by language code).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.core.models import BaseModel
from samen.core.translation import TextStatusField, TranslatedField, pick


def stale_before() -> dt.date:
    """A listing last checked before this day needs re-checking."""
    return timezone.localdate() - dt.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


class Provenance(models.Model):
    """Where a listing's facts come from and when someone last checked them."""

    source_urls = models.JSONField(default=list, blank=True)
    last_checked = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Generated data for development; never real."
    )

    class Meta:
        abstract = True

    @property
    def needs_recheck(self) -> bool:
        return self.last_checked is None or self.last_checked < stale_before()


class Taxonomy(BaseModel):
    name = models.CharField(max_length=200)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(BaseModel):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.SlugField(max_length=80)
    name = TranslatedField()
    description = TranslatedField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Shown as an entry point by need on the home page.
    is_entry_point = models.BooleanField(default=False)
    text_status = TextStatusField()

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self) -> str:
        return pick(self.name)


class TopicSynonym(BaseModel):
    """A word people use for a need, in one language: search matches it (directory/needs.py).

    Words from the vocabulary files are replaced on every load; words staff add stay."""

    class Source(models.TextChoices):
        FILE = "file", _("Vocabulary file")
        STAFF = "staff", _("Added by staff")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft: not yet checked by a native speaker")
        REVIEWED = "reviewed", _("Checked by a native speaker")

    term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="synonyms")
    language = models.CharField(max_length=10)
    text = models.CharField(max_length=80)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    reviewer = models.CharField(max_length=150, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["language", "text"]
        constraints = [
            models.UniqueConstraint(fields=["term", "language", "text"], name="unique_synonym")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text}"

    def clean(self) -> None:
        if self.status == self.Status.REVIEWED and not (self.reviewer and self.reviewed_on):
            raise ValidationError(
                _("A reviewed word needs the name of its reviewer and the date of the review.")
            )


class Organization(BaseModel, Provenance):
    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency number")
        HELPLINE = "helpline", _("Helpline")
        SUPPORT_SERVICE = "service", _("Support service")
        MIGRANT_ORGANISATION = "migrant-organisation", _("Migrant organisation")
        ORGANISATION = "organisation", _("Organisation")
        KNOWLEDGE_CENTRE = "knowledge-centre", _("Knowledge centre")
        INFORMATION = "information", _("Information website")
        MUNICIPALITY = "municipality", _("Municipality")
        UMBRELLA = "umbrella", _("Umbrella organisation")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not yet verified")
        VERIFIED = "verified", _("Verified")

    # Stable key of a seeded record (the id in the facts file), so loading is idempotent.
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    name = models.CharField(max_length=250)
    alternate_name = models.CharField(max_length=250, blank=True)
    description = TranslatedField()
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.ORGANISATION)
    # Receives referrals through samen (its owners switch it on and name referral handlers).
    accepts_referrals = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # A new organisation stays unverified (and is shown so) until a platform administrator
    # checks it is real and records how (services.organization_verify).
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_method = models.CharField(max_length=250, blank=True)
    # When the owners were last asked whether the listing is still correct.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Re-encoded on upload (logos.logo_normalise): no metadata, at most 400 x 400 pixels.
    logo = models.ImageField(upload_to="logos/", blank=True)
    # What the organisation does week by week (groups, walk-in hours, outreach).
    activities = TranslatedField()
    # Who the organisation serves and where: what professionals search migrant organisations by.
    languages = models.JSONField(default=list, blank=True)
    communities = models.JSONField(default=list, blank=True)
    region = models.CharField(max_length=120, blank=True)
    topics = models.ManyToManyField(TaxonomyTerm, related_name="organizations", blank=True)
    text_status = TextStatusField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == self.Verification.VERIFIED


class Service(BaseModel, Provenance):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        PROFESSIONALS = "professionals", _("Professionals only")

    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = TranslatedField()
    alternate_name = models.CharField(max_length=250, blank=True)
    description = TranslatedField()
    # What only professionals need (the meldcode, their menu option): shown apart from the
    # description, under "For professionals" (directory/professional.py).
    professional_description = TranslatedField()
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    eligibility_description = TranslatedField()
    fees_description = TranslatedField()
    chat_description = TranslatedField()
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    topics = models.ManyToManyField(TaxonomyTerm, related_name="services", blank=True)

    # samen attributes (exported as HSDS attributes), kept as columns so filters are cheap.
    anonymous = models.BooleanField(_("can be contacted anonymously"), default=False)
    advice_for_professionals = models.BooleanField(
        _("gives advice to professionals"), default=False
    )
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    open_24_7 = models.BooleanField(_("open 24/7"), default=False)
    referral_needed = models.BooleanField(_("referral needed"), default=False)
    interpreter_available = models.BooleanField(_("interpreter available"), default=False)
    # How a free interpreter can be had (from a sourced statement; HSDS interpretation_services).
    interpreter_description = TranslatedField()
    women_only_staff = models.BooleanField(_("women-only staff possible"), default=False)
    # Also for the texts of its phone lines, as "phone:<position>:<field>".
    text_status = TextStatusField()

    class Meta:
        ordering = ["id"]
        indexes = [
            # Covers the search filters, so joining thousands of text matches never reads the
            # wide service rows (see search.py).
            models.Index(
                fields=[
                    "id",
                    "status",
                    "audience",
                    "anonymous",
                    "free_of_charge",
                    "open_24_7",
                    "advice_for_professionals",
                ],
                name="service_search_filter_idx",
            ),
            # The HSDS API's Last-Modified (the newest change of a list) and modified_after
            # polling read these instead of every service row.
            models.Index(fields=["updated_at"], name="service_updated_idx"),
            models.Index(fields=["is_demo", "updated_at"], name="service_demo_updated_idx"),
        ]

    def __str__(self) -> str:
        return pick(self.name)


class ServiceSearchDocument(models.Model):
    """A service's text, case- and accent-folded: the narrow row full-text search reads
    (SQLite FTS5 / PostgreSQL tsvector, see migration 0002 and search.py).

    The body is kept per language so PostgreSQL stems Dutch text as Dutch and English as
    English, each once. Kept by services.service_reindex; derived entirely from the service.
    """

    service = models.OneToOneField(
        Service, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title = models.TextField(blank=True, help_text="Names in every language.")
    body_nl = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    body_other = models.TextField(blank=True, help_text="Every other language, unstemmed.")
    tags = models.TextField(
        blank=True, help_text="What filters select, as words (directory/search_tags.py)."
    )

    def __str__(self) -> str:
        return self.title


class Location(BaseModel):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=250, blank=True)
    description = TranslatedField()
    transportation = TranslatedField()
    # For a hidden address these must hold the centre of its postcode area or place, never the
    # building: search shows distances. Every writer of locations keeps this rule.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address_hidden = models.BooleanField(
        default=False,
        help_text="The public sees only the place and 'address given on contact' (e.g. a shelter).",
    )

    class Meta:
        # With the id, place search reads a box's locations from the index alone (PostgreSQL
        # reads each row otherwise; SQLite's index holds the row id already).
        indexes = [
            models.Index(fields=["latitude", "longitude", "id"], name="location_point_id_idx")
        ]

    def __str__(self) -> str:
        return self.name or str(self.uuid)


class Address(BaseModel):
    class AddressType(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=250, blank=True)
    address_1 = models.CharField(max_length=250)
    address_2 = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=120)
    region = models.CharField(max_length=120, blank=True)
    state_province = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=10)
    country = models.CharField(max_length=2, default="NL")
    address_type = models.CharField(
        max_length=10, choices=AddressType.choices, default=AddressType.PHYSICAL
    )

    def __str__(self) -> str:
        return f"{self.postal_code} {self.city}"


class ServiceAtLocation(BaseModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    # Indexed with the service (Meta): place search reads the services of the locations in a
    # box from the index alone, without a row per location.
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations", db_index=False
    )
    description = TranslatedField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")
        ]
        indexes = [models.Index(fields=["location", "service"], name="sal_location_service_idx")]


def tel_uri(number: str) -> str:
    """Dial string for a tel: link: digits only, with "+" kept for international numbers."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"+{digits}" if number.strip().startswith("+") else digits


class Phone(BaseModel):
    class PhoneType(models.TextChoices):
        VOICE = "voice", _("Voice")
        TEXT = "text", _("Text message")
        CELL = "cell", _("Mobile")
        FAX = "fax", _("Fax")
        VIDEO = "video", _("Video")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    number = models.CharField(max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE)
    description = TranslatedField()
    # The part of what the line is for that only professionals need (their menu option).
    professional_description = TranslatedField()
    hours_description = TranslatedField()
    cost_description = TranslatedField()
    anonymous = models.BooleanField(default=False)
    free_of_charge = models.BooleanField(default=False)
    # Languages spoken on this line (codes), only where a source states them.
    languages = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def tel_uri(self) -> str:
        return tel_uri(self.number)


class Schedule(BaseModel):
    """Weekly opening hours (HSDS schedule with freq=WEEKLY) in Europe/Amsterdam time."""

    WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    freq = models.CharField(max_length=10, default="WEEKLY")
    # Comma-separated RFC 5545 day codes, as in HSDS: "MO,TU,WE,TH,FR".
    byday = models.CharField(max_length=20)
    opens_at = models.TimeField()
    closes_at = models.TimeField()
    timezone = models.CharField(max_length=40, default="Europe/Amsterdam")
    description = TranslatedField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Language(BaseModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="languages", null=True, blank=True
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="languages", null=True, blank=True
    )
    code = models.CharField(max_length=10, db_index=True)
    name = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ServiceArea(BaseModel):
    class ExtentType(models.TextChoices):
        NATIONAL = "national", _("The whole country")
        PLACE = "place", _("Place")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=200)
    description = TranslatedField()
    extent_type = models.CharField(max_length=20, choices=ExtentType.choices)
    # Centre of a place the service serves, so distance search finds a regional service there.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["service", "extent_type"], name="service_area_extent_idx"),
            models.Index(fields=["latitude", "longitude"], name="service_area_point_idx"),
            # The national services, read in order by every place search (search.py).
            models.Index(fields=["extent_type", "service"], name="service_area_national_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Accessibility(BaseModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = TranslatedField()
    details = models.CharField(max_length=250, blank=True)
    url = models.URLField(blank=True)


class ListingSuggestion(BaseModel):
    """A visitor's "this listing is wrong" note, for the listing's owners and administrators.

    Anyone may send one without an account; the text is all that is kept (no name, no address).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        APPLIED = "applied", _("Applied")
        DISMISSED = "dismissed", _("Dismissed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="suggestions"
    )
    text = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "organization"], name="suggestion_queue_idx")]

    def __str__(self) -> str:
        return f"{self.organization}: {self.text[:40]}"


class KeyPerson(BaseModel):
    """A community key person (sleutelpersoon) on the social map, on their own terms.

    An alias is fine. The person chooses who may see the profile; contact goes through the
    platform or their organisation, never through a published address.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        PROFESSIONALS = "professionals", _("Only verified professionals")
        HIDDEN = "hidden", _("Nobody (hidden)")

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="key_person"
    )
    display_name = models.CharField(max_length=120)
    introduction = TranslatedField()
    text_status = TextStatusField()
    languages = models.JSONField(default=list, blank=True)
    communities = models.JSONField(default=list, blank=True)
    region = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    topics = models.ManyToManyField(TaxonomyTerm, related_name="key_persons", blank=True)
    visibility = models.CharField(
        max_length=15, choices=Visibility.choices, default=Visibility.HIDDEN
    )
    # Affiliation is not stored here: it is the person's current memberships (see
    # selectors.key_person_detail), so it never outlives a membership.
    # Messages reach the person through the platform; their address stays unknown unless they
    # answer.
    accepts_messages = models.BooleanField(default=False)
    # Made up by `samen generate-demo` (demo_community.py) and labelled "demo" wherever shown.
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class Network(BaseModel):
    """An umbrella organisation's or a local network approach's circle of organisations."""

    name = models.CharField(max_length=200)
    description = TranslatedField()
    region = models.CharField(max_length=120, blank=True)
    coordinators = models.ManyToManyField(
        "accounts.User", related_name="coordinated_networks", blank=True
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(BaseModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        INVITED = "invited", _("Invited")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="network_memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organization"], name="unique_network_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.network} ({self.status})"

"""The public search form: every field optional, every error translated, nothing lost."""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.core.errors import ApplicationError
from samen.core.widgets import FastSelect
from samen.web import stamps

from .geo import GeoPoint, normalize_postcode, resolve_place, suggest_places
from .hours import amsterdam_now
from .languages import AUTONYMS
from .models import KeyPerson, Network, Organization, Service
from .search import ServiceFilter
from .services import EDITABLE_FLAGS, PhoneLine, Place, ServiceProfile, WeeklyHours

RADIUS_CHOICES = [("5", "5 km"), ("10", "10 km"), ("25", "25 km"), ("50", "50 km")]
DEFAULT_RADIUS = "25"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect)
    language = forms.ChoiceField(
        label=_("Language spoken"), required=False, widget=FastSelect(option_lang=True)
    )
    place = forms.CharField(
        label=_("Postcode or place"),
        required=False,
        max_length=80,
        help_text=_("Four digits are enough, for example 1055."),
    )
    radius = forms.ChoiceField(
        label=_("Distance"),
        required=False,
        choices=RADIUS_CHOICES,
        initial=DEFAULT_RADIUS,
        widget=FastSelect,
    )
    anonymous = forms.BooleanField(label=_("Can be contacted anonymously"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    open_24_7 = forms.BooleanField(label=_("Open day and night (24/7)"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    professionals = forms.BooleanField(label=_("Gives advice to professionals"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Best match")), ("distance", _("Nearest first"))],
        widget=FastSelect,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    # Reached from a network's page ("services of its members"), so no list of options.
    network = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point: GeoPoint | None = None
        self.chosen_network: Network | None = None
        self.place_suggestions: list[str] = []
        topic_field = cast(forms.ChoiceField, self.fields["topic"])
        language_field = cast(forms.ChoiceField, self.fields["language"])
        topic_field.choices = [("", _("All topics")), *topics]
        language_field.choices = [("", _("Any language")), *AUTONYMS.items()]
        self.fields["page"].error_messages["min_value"] = _("That page does not exist.")

    def clean_place(self) -> str:
        place: str = self.cleaned_data["place"].strip()
        if place:
            self.point = resolve_place(place)
            if self.point is None:
                self.place_suggestions = suggest_places(place)
                raise forms.ValidationError(
                    gettext(
                        "We do not know the place “%(place)s”. Check the spelling, "
                        "or type the four digits of a postcode."
                    )
                    % {"place": place}
                )
        return place

    def clean_network(self) -> UUID | None:
        value: UUID | None = self.cleaned_data["network"]
        if value is not None:
            self.chosen_network = Network.objects.filter(uuid=value).first()
            if self.chosen_network is None:
                raise forms.ValidationError(gettext("We do not know this network."))
        return value

    def to_filter(self) -> ServiceFilter:
        """Filters from the valid fields; a field with an error is left out, not guessed."""
        data = self.cleaned_data
        return ServiceFilter(
            text=data.get("q", ""),
            topic_codes=(data["topic"],) if data.get("topic") else (),
            language=data.get("language", ""),
            point=self.point,
            radius_km=float(data.get("radius") or DEFAULT_RADIUS),
            anonymous=bool(data.get("anonymous")),
            free_of_charge=bool(data.get("free")),
            open_24_7=bool(data.get("open_24_7")),
            open_now_at=amsterdam_now() if data.get("open_now") else None,
            advice_for_professionals=bool(data.get("professionals")),
            network_id=self.chosen_network.pk if self.chosen_network else None,
            order_by_distance=data.get("order") == "distance"
            or (self.point is not None and not data.get("q") and data.get("order") != "relevance"),
        )

    def active_filter_count(self) -> int:
        """How many filters narrow the search ("Filters, 2 active"); the words and the order
        are not filters, and a field with an error narrows nothing."""
        if not self.is_bound:
            return 0
        data = self.cleaned_data
        names = (
            "place",
            "topic",
            "language",
            "anonymous",
            "free",
            "open_24_7",
            "open_now",
            "professionals",
        )
        narrowing = [data.get(name) for name in names]
        narrowing.append(data.get("place") and data.get("radius") not in ("", DEFAULT_RADIUS))
        return sum(1 for value in narrowing if value)


PHONE_RE = r"^\+?[0-9][0-9 \-]{1,18}[0-9]$"


def split_list(text: str) -> list[str]:
    """ "Eritrean, Syrian," -> ["Eritrean", "Syrian"]."""
    return [item.strip() for item in text.split(",") if item.strip()]


SELF_SERVICE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        Organization.Kind.MIGRANT_ORGANISATION,
        Organization.Kind.SUPPORT_SERVICE,
        Organization.Kind.UMBRELLA,
        Organization.Kind.MUNICIPALITY,
        Organization.Kind.ORGANISATION,
    )
]


class OrganizationForm(forms.Form):
    """An organisation's public profile, written by its own members."""

    name = forms.CharField(label=_("Name of the organisation"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=SELF_SERVICE_KINDS)
    description_nl = forms.CharField(
        label=_("What you do (Dutch)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Plain words: who you help, how, and in which languages."),
    )
    description_en = forms.CharField(
        label=_("What you do (English)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        required=False,
    )
    activities_nl = forms.CharField(
        label=_("Regular activities (Dutch)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("For example: women's group every Tuesday morning, walk-in on Fridays."),
    )
    activities_en = forms.CharField(
        label=_("Regular activities (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_(
            "A PNG, JPEG or WebP image, 2 MB at most. We make it smaller and remove "
            "hidden information such as where a photo was taken."
        ),
    )
    phone_number = forms.RegexField(
        label=_("Phone number"),
        regex=PHONE_RE,
        required=False,
        max_length=25,
        error_messages={
            "invalid": _("Use only digits, spaces and dashes, with + at the start if needed.")
        },
    )
    email = forms.EmailField(
        label=_("Public e-mail address"),
        required=False,
        help_text=_("Shown on your listing. Leave empty to show none."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=list(AUTONYMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communities = forms.CharField(
        label=_("Communities you serve"),
        max_length=300,
        required=False,
        help_text=_("Separate them with commas, for example: Eritrean, Syrian."),
    )
    region = forms.CharField(
        label=_("Where you work"),
        max_length=120,
        required=False,
        help_text=_("A place or region, for example: Utrecht."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = topics

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "kind": organization.kind,
            "description_nl": organization.description.get("nl", ""),
            "description_en": organization.description.get("en", ""),
            "activities_nl": organization.activities.get("nl", ""),
            "activities_en": organization.activities.get("en", ""),
            "phone_number": phone.number if (phone := organization.phones.first()) else "",
            "website": organization.website,
            "email": organization.email,
            "languages": organization.languages,
            "communities": ", ".join(organization.communities),
            "region": organization.region,
            "topics": list(organization.topics.values_list("code", flat=True)),
        }

    def profile(self, keep: Organization | None = None) -> dict[str, Any]:
        """Cleaned data in the model's shape; languages this form does not edit are kept."""
        data = self.cleaned_data

        def translated(field: str) -> dict[str, str]:
            kept = getattr(keep, field) if keep else {}
            merged = {**kept, "nl": data[f"{field}_nl"], "en": data[f"{field}_en"]}
            return {lang: text for lang, text in merged.items() if text}

        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": translated("description"),
            "activities": translated("activities"),
            "phone_number": data["phone_number"].strip(),
            "website": data["website"],
            "email": data["email"],
            "languages": data["languages"],
            "communities": split_list(data["communities"]),
            "region": data["region"].strip(),
            "topic_codes": data["topics"],
        }


class VerifyForm(forms.Form):
    method = forms.CharField(
        label=_("How did you check that this organisation is real?"),
        max_length=250,
        help_text=_("For example: phone call with the chair, Chamber of Commerce number."),
    )


DAY_LABELS = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}
POSTCODE_RE = r"^\s*[1-9][0-9]{3}\s*([A-Za-z]{2})?\s*$"


class ServiceForm(forms.Form):
    """One service of an organisation, as its members describe it."""

    name_nl = forms.CharField(label=_("Name of the service (Dutch)"), max_length=200)
    name_en = forms.CharField(
        label=_("Name of the service (English)"), max_length=200, required=False
    )
    description_nl = forms.CharField(
        label=_("What the service does (Dutch)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    description_en = forms.CharField(
        label=_("What the service does (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=list(AUTONYMS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    anonymous = forms.BooleanField(label=_("Can be contacted anonymously"), required=False)
    free_of_charge = forms.BooleanField(label=_("Free of charge"), required=False)
    open_24_7 = forms.BooleanField(label=_("Open day and night (24/7)"), required=False)
    referral_needed = forms.BooleanField(label=_("Referral needed"), required=False)
    interpreter_available = forms.BooleanField(label=_("Interpreter available"), required=False)
    women_only_staff = forms.BooleanField(
        label=_("People can ask to speak with a woman"), required=False
    )
    advice_for_professionals = forms.BooleanField(
        label=_("Gives advice to professionals"), required=False
    )

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = topics
        for day, label in DAY_LABELS.items():
            for part, text in (("opens", _("%(day)s opens")), ("closes", _("%(day)s closes"))):
                self.fields[f"{day}_{part}"] = forms.TimeField(
                    label=text % {"day": label},
                    required=False,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, label in DAY_LABELS.items():
            opens, closes = data.get(f"{day}_opens"), data.get(f"{day}_closes")
            if (opens is None) != (closes is None):
                self.add_error(f"{day}_closes", _("Give both the opening and the closing time."))
            elif opens is not None and closes is not None and closes <= opens:
                self.add_error(
                    f"{day}_closes",
                    _("On %(day)s the closing time must be after the opening time.")
                    % {"day": label},
                )
        return data

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name_nl": service.name.get("nl", ""),
            "name_en": service.name.get("en", ""),
            "description_nl": service.description.get("nl", ""),
            "description_en": service.description.get("en", ""),
            "url": service.url,
            "topics": list(service.topics.values_list("code", flat=True)),
            "languages": list(service.languages.values_list("code", flat=True)),
            **{flag: getattr(service, flag) for flag in EDITABLE_FLAGS},
        }
        for schedule in service.schedules.all():
            for day in schedule.byday.split(","):
                initial[f"{day}_opens"] = schedule.opens_at
                initial[f"{day}_closes"] = schedule.closes_at
        return initial

    def profile(
        self, phones: list[PhoneLine], places: list[Place], keep: Service | None = None
    ) -> ServiceProfile:
        """Cleaned data as a ServiceProfile; languages this form does not edit are kept."""
        data = self.cleaned_data

        def translated(field: str, kept: dict[str, str] | None) -> dict[str, str]:
            merged = {**(kept or {}), "nl": data[f"{field}_nl"], "en": data[f"{field}_en"]}
            return {lang: text for lang, text in merged.items() if text}

        return ServiceProfile(
            name=translated("name", keep.name if keep else None),
            description=translated("description", keep.description if keep else None),
            url=data["url"],
            topic_codes=data["topics"],
            language_codes=data["languages"],
            flags={flag: bool(data.get(flag)) for flag in EDITABLE_FLAGS},
            phones=phones,
            places=places,
            hours=[
                WeeklyHours(day, data[f"{day}_opens"], data[f"{day}_closes"])
                for day in DAY_LABELS
                if data.get(f"{day}_opens") and data.get(f"{day}_closes")
            ],
        )


SUGGESTION_MIN_SECONDS = 3
SUGGESTION_MAX_AGE = 24 * 60 * 60
SUGGESTION_STAMP = "suggestion"


class SuggestionForm(forms.Form):
    """ "Suggest an update": no account, no name, no address. Spam is held off by a field
    only robots fill in, a signed start time (robots post at once), and a rate limit."""

    text = forms.CharField(
        label=_("What is wrong or missing?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        max_length=2000,
        help_text=_("Do not write names or personal stories here."),
    )
    # Honeypot: hidden from people (CSS, aria-hidden); robots fill it in.
    homepage = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def start_stamp() -> str:
        return stamps.stamp_issue(SUGGESTION_STAMP)

    def clean_started(self) -> str:
        stamp: str = self.cleaned_data["started"]
        try:
            stamps.stamp_redeem(
                SUGGESTION_STAMP,
                stamp,
                max_age=SUGGESTION_MAX_AGE,
                min_age=SUGGESTION_MIN_SECONDS,
            )
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return stamp

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


class KeyPersonForm(forms.Form):
    """A key person's own profile: what they choose to show, and to whom."""

    display_name = forms.CharField(
        label=_("Name to show"),
        max_length=120,
        help_text=_(
            "Your first name or another name you choose. It does not have to be your real name."
        ),
    )
    introduction_nl = forms.CharField(
        label=_("A few words about you (Dutch)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )
    introduction_en = forms.CharField(
        label=_("A few words about you (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=list(AUTONYMS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communities = forms.CharField(
        label=_("Communities you know well"),
        max_length=300,
        required=False,
        help_text=_("Separate them with commas, for example: Eritrean, Syrian."),
    )
    region = forms.CharField(
        label=_("Where you are active"),
        max_length=80,
        required=False,
        help_text=_("A place or the four digits of a postcode."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    visibility = forms.ChoiceField(
        label=_("Who may see your profile?"),
        choices=KeyPerson.Visibility.choices,
        widget=forms.RadioSelect,
        initial=KeyPerson.Visibility.HIDDEN,
    )
    accepts_messages = forms.BooleanField(
        label=_("People who may see my profile may send me a message through samen"),
        required=False,
        help_text=_("You get it by e-mail. Your address stays hidden unless you answer."),
    )

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = topics

    def clean_region(self) -> str:
        region: str = self.cleaned_data["region"].strip()
        if region and resolve_place(region) is None:
            raise forms.ValidationError(gettext("We do not know this place."))
        return region

    @classmethod
    def initial_for(cls, person: KeyPerson) -> dict[str, Any]:
        return {
            "display_name": person.display_name,
            "introduction_nl": person.introduction.get("nl", ""),
            "introduction_en": person.introduction.get("en", ""),
            "languages": person.languages,
            "communities": ", ".join(person.communities),
            "region": person.region,
            "topics": list(person.topics.values_list("code", flat=True)),
            "visibility": person.visibility,
            "accepts_messages": person.accepts_messages,
        }

    def profile(self, keep: dict[str, str] | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        introduction = {
            **(keep or {}),
            "nl": data["introduction_nl"],
            "en": data["introduction_en"],
        }
        return {
            "display_name": data["display_name"],
            "introduction": {lang: text for lang, text in introduction.items() if text},
            "languages": data["languages"],
            "communities": split_list(data["communities"]),
            "region": data["region"],
            "topic_codes": data["topics"],
            "visibility": data["visibility"],
            "accepts_messages": bool(data["accepts_messages"]),
        }


class KeyPersonSearchForm(forms.Form):
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    community = forms.CharField(label=_("Community"), max_length=80, required=False)
    place = forms.CharField(label=_("Postcode or place"), max_length=80, required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point: GeoPoint | None = None
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", _("All topics")), *topics]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("Any language")),
            *AUTONYMS.items(),
        ]

    def clean_place(self) -> str:
        place: str = self.cleaned_data["place"].strip()
        if place:
            self.point = resolve_place(place)
            if self.point is None:
                raise forms.ValidationError(gettext("We do not know this place."))
        return place


class OrganizationSearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    community = forms.CharField(label=_("Community"), max_length=80, required=False)
    region = forms.CharField(label=_("Region"), max_length=80, required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *SELF_SERVICE_KINDS,
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("Any language")),
            *AUTONYMS.items(),
        ]
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", _("All topics")), *topics]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=3000,
        help_text=_(
            "Never write the name or story of someone you want to help. "
            "Your e-mail address is shown to the person, so they can answer."
        ),
    )


class PhoneLineForm(forms.Form):
    number = forms.RegexField(
        label=_("Phone number"),
        regex=PHONE_RE,
        max_length=25,
        error_messages={
            "invalid": _("Use only digits, spaces and dashes, with + at the start if needed.")
        },
    )
    description_nl = forms.CharField(
        label=_("What this number is for"), max_length=200, required=False
    )

    def line(self, keep: dict[str, str] | None = None) -> PhoneLine:
        description = {**(keep or {}), "nl": self.cleaned_data["description_nl"]}
        return PhoneLine(
            number=self.cleaned_data["number"].strip(),
            description={lang: text for lang, text in description.items() if text},
        )


class PlaceForm(forms.Form):
    address_1 = forms.CharField(label=_("Street and number"), max_length=250, required=False)
    postal_code = forms.RegexField(
        label=_("Postcode"),
        regex=POSTCODE_RE,
        max_length=10,
        error_messages={"invalid": _("Use four digits and two letters, for example 3511 AB.")},
    )
    city = forms.CharField(label=_("Place"), max_length=120, required=False)
    address_hidden = forms.BooleanField(
        label=_("Hide the street address"),
        required=False,
        help_text=_(
            "For a shelter or another safe place: the public sees only the place and "
            "“address given on contact”."
        ),
    )

    def clean_postal_code(self) -> str:
        postal_code = normalize_postcode(self.cleaned_data["postal_code"])
        if resolve_place(postal_code) is None:
            raise forms.ValidationError(gettext("We do not know this postcode."))
        return postal_code

    def place(self) -> Place:
        data = self.cleaned_data
        return Place(
            address_1=data["address_1"],
            postal_code=data["postal_code"],
            city=data["city"],
            address_hidden=bool(data["address_hidden"]),
        )


# One empty row each time; save and edit again for more. Empty rows are ignored; a row ticked
# "delete" is removed.
PhoneFormSet = forms.formset_factory(
    PhoneLineForm, extra=1, max_num=10, validate_max=True, can_delete=True
)
PlaceFormSet = forms.formset_factory(
    PlaceForm, extra=1, max_num=10, validate_max=True, can_delete=True
)


def phone_initial(service: Service) -> list[dict[str, Any]]:
    return [
        {"number": phone.number, "description_nl": phone.description.get("nl", "")}
        for phone in service.phones.all()
    ]


def place_initial(service: Service) -> list[dict[str, Any]]:
    rows = []
    for link in service.service_at_locations.select_related("location"):
        address = link.location.addresses.first()
        rows.append(
            {
                "address_1": address.address_1 if address else "",
                "postal_code": address.postal_code if address else "",
                "city": address.city if address else "",
                "address_hidden": link.location.address_hidden,
            }
        )
    return rows

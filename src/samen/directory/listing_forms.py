"""The forms members write their listings with: organisation, services (with phones, places
and hours) and key person profiles. Texts a visitor reads are TranslatedTextFields: written in
any of samen's languages, languages the form does not know (none today) are kept."""

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.core.forms import TranslatedTextField, content_languages

from .geo import normalize_postcode, resolve_place
from .hours import DAY_LABELS
from .languages import AUTONYMS
from .models import KeyPerson, Organization, Phone, Service
from .services import EDITABLE_FLAGS, PhoneLine, Place, ServiceProfile, WeeklyHours


def written(value: dict[str, str], kept: Mapping[str, str] | None) -> dict[str, str]:
    """The form's text per language, with what a listing holds in languages outside the
    form's (a language taken out of settings keeps its texts)."""
    languages = set(content_languages())
    return {**{k: v for k, v in (kept or {}).items() if k not in languages}, **value}


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
    description = TranslatedTextField(
        label=_("What you do"),
        rows=5,
        max_length=2000,
        help_text=_(
            "Plain words: who you help, how, and in which languages. Write it in one "
            "language or in several."
        ),
    )
    activities = TranslatedTextField(
        label=_("Regular activities"),
        rows=3,
        max_length=1000,
        required=False,
        help_text=_("For example: women's group every Tuesday morning, walk-in on Fridays."),
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
            "description": organization.description,
            "activities": organization.activities,
            "phone_number": phone.number if (phone := organization.phones.first()) else "",
            "website": organization.website,
            "email": organization.email,
            "languages": organization.languages,
            "communities": ", ".join(organization.communities),
            "region": organization.region,
            "topics": list(organization.topics.values_list("code", flat=True)),
        }

    def profile(self, keep: Organization | None = None) -> dict[str, Any]:
        """Cleaned data in the model's shape."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": written(data["description"], keep.description if keep else None),
            "activities": written(data["activities"], keep.activities if keep else None),
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


POSTCODE_RE = r"^\s*[1-9][0-9]{3}\s*([A-Za-z]{2})?\s*$"
PROFESSIONAL_HELP = _(
    "What only professionals need, such as how they refer someone. It is shown apart, "
    "under “For professionals”, so the text for newcomers stays plain."
)


class ServiceForm(forms.Form):
    """One service of an organisation, as its members describe it."""

    name = TranslatedTextField(label=_("Name of the service"), max_length=200, multiline=False)
    description = TranslatedTextField(label=_("What the service does"), max_length=2000)
    professional_description = TranslatedTextField(
        label=_("For professionals only"),
        max_length=2000,
        required=False,
        help_text=PROFESSIONAL_HELP,
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
                    help_text=(
                        _("A time before the opening time is the next night (22:00 to 02:00).")
                        if part == "closes"
                        else ""
                    ),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, label in DAY_LABELS.items():
            opens, closes = data.get(f"{day}_opens"), data.get(f"{day}_closes")
            if (opens is None) != (closes is None):
                self.add_error(f"{day}_closes", _("Give both the opening and the closing time."))
            elif opens is not None and opens == closes:
                # A closing time before the opening time runs past midnight (hours.py).
                self.add_error(
                    f"{day}_closes",
                    _(
                        "On %(day)s the closing time is the same as the opening time. "
                        "For a service open day and night, tick “Open day and night (24/7)”."
                    )
                    % {"day": label},
                )
        return data

    @classmethod
    def initial_for(cls, service: Service) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": service.name,
            "description": service.description,
            "professional_description": service.professional_description,
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
        """Cleaned data as a ServiceProfile."""
        data = self.cleaned_data
        return ServiceProfile(
            name=written(data["name"], keep.name if keep else None),
            description=written(data["description"], keep.description if keep else None),
            professional_description=written(
                data["professional_description"], keep.professional_description if keep else None
            ),
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


class KeyPersonForm(forms.Form):
    """A key person's own profile: what they choose to show, and to whom."""

    display_name = forms.CharField(
        label=_("Name to show"),
        max_length=120,
        help_text=_(
            "Your first name or another name you choose. It does not have to be your real name."
        ),
    )
    introduction = TranslatedTextField(
        label=_("A few words about you"), max_length=1000, required=False
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
            "introduction": person.introduction,
            "languages": person.languages,
            "communities": ", ".join(person.communities),
            "region": person.region,
            "topics": list(person.topics.values_list("code", flat=True)),
            "visibility": person.visibility,
            "accepts_messages": person.accepts_messages,
        }

    def profile(self, keep: dict[str, str] | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "display_name": data["display_name"],
            "introduction": written(data["introduction"], keep),
            "languages": data["languages"],
            "communities": split_list(data["communities"]),
            "region": data["region"],
            "topic_codes": data["topics"],
            "visibility": data["visibility"],
            "accepts_messages": bool(data["accepts_messages"]),
        }


class PhoneLineForm(forms.Form):
    number = forms.RegexField(
        label=_("Phone number"),
        regex=PHONE_RE,
        max_length=25,
        error_messages={
            "invalid": _("Use only digits, spaces and dashes, with + at the start if needed.")
        },
    )
    description = TranslatedTextField(
        label=_("What this number is for"), max_length=200, required=False, multiline=False
    )
    professional_description = TranslatedTextField(
        label=_("For professionals only"),
        max_length=200,
        required=False,
        multiline=False,
        help_text=PROFESSIONAL_HELP,
    )

    def line(self, keep: Phone | None = None) -> PhoneLine:
        """The row as a phone line; `keep` is the line it was, whose texts in languages the
        form does not know stay."""
        return PhoneLine(
            number=self.cleaned_data["number"].strip(),
            description=written(
                self.cleaned_data["description"], keep.description if keep else None
            ),
            professional_description=written(
                self.cleaned_data["professional_description"],
                keep.professional_description if keep else None,
            ),
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
        {
            "number": phone.number,
            "description": phone.description,
            "professional_description": phone.professional_description,
        }
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

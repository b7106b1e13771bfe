"""The public search form: every field optional, every error translated, nothing lost."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .geo import GeoPoint, resolve_place, suggest_places
from .hours import amsterdam_now
from .languages import AUTONYMS
from .models import Organization
from .search import ServiceFilter

RADIUS_CHOICES = [("5", "5 km"), ("10", "10 km"), ("25", "25 km"), ("50", "50 km")]
DEFAULT_RADIUS = "25"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    place = forms.CharField(
        label=_("Postcode or place"),
        required=False,
        max_length=80,
        help_text=_("Four digits are enough, for example 1055."),
    )
    radius = forms.ChoiceField(
        label=_("Distance"), required=False, choices=RADIUS_CHOICES, initial=DEFAULT_RADIUS
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
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point: GeoPoint | None = None
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
            order_by_distance=data.get("order") == "distance"
            or (self.point is not None and not data.get("q") and data.get("order") != "relevance"),
        )


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
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(
        label=_("Public e-mail address"),
        required=False,
        help_text=_("Shown on your listing. Leave empty to show none."),
    )

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        return {
            "name": organization.name,
            "kind": organization.kind,
            "description_nl": organization.description.get("nl", ""),
            "description_en": organization.description.get("en", ""),
            "website": organization.website,
            "email": organization.email,
        }

    def profile(self, keep: dict[str, str] | None = None) -> dict[str, Any]:
        """Cleaned data in the model's shape; languages this form does not edit are kept."""
        data = self.cleaned_data
        description = {
            **(keep or {}),
            "nl": data["description_nl"],
            "en": data["description_en"],
        }
        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": {lang: text for lang, text in description.items() if text},
            "website": data["website"],
            "email": data["email"],
        }


class VerifyForm(forms.Form):
    method = forms.CharField(
        label=_("How did you check that this organisation is real?"),
        max_length=250,
        help_text=_("For example: phone call with the chair, Chamber of Commerce number."),
    )

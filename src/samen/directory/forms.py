"""The public search form: every field optional, every error translated, nothing lost."""

from typing import Any, cast
from uuid import UUID

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.core.widgets import FastSelect
from samen.web import stamps

from .geo import GeoPoint, resolve_place, suggest_places
from .hours import amsterdam_now
from .languages import AUTONYMS
from .listing_forms import SELF_SERVICE_KINDS
from .models import Network
from .search import ServiceFilter

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
    # The signed start time, checked by the view: it is the form's single-use key too.
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def start_stamp() -> str:
        return stamps.stamp_issue(SUGGESTION_STAMP)

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


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

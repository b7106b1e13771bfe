"""Forms for matchmaking: the board filter, a request, an offer, a response."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.core.forms import DateField
from samen.core.widgets import FastSelect
from samen.directory.languages import AUTONYMS
from samen.directory.models import TaxonomyTerm
from samen.sessions.models import InfoSession

from .selectors import BoardFilter
from .services import OfferData, RequestData


class BoardForm(forms.Form):
    text = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect)
    language = forms.ChoiceField(
        label=_("Language"), required=False, widget=FastSelect(option_lang=True)
    )

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", _("All topics")), *topics]
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("Any language")),
            *AUTONYMS.items(),
        ]

    def to_filter(self) -> BoardFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return BoardFilter(
            text=data.get("text", "").strip(),
            topic=data.get("topic", ""),
            language=data.get("language", ""),
        )


class _PostForm(forms.Form):
    """Fields requests and offers share."""

    topics = forms.MultipleChoiceField(label=_("Topics"), widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("More about it (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("No names or stories of people."),
    )
    is_public = forms.BooleanField(
        label=_("Also show it to visitors who are not signed in"), required=False
    )

    def __init__(self, *args: Any, topics: list[TaxonomyTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic_terms = {term.code: term for term in topics}
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = [
            (term.code, str(term)) for term in topics
        ]
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = list(AUTONYMS.items())

    def _shared(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "topics": [self.topic_terms[code] for code in data["topics"]],
            "languages": data["languages"],
            "note": data["note"],
            "is_public": data["is_public"],
        }


class RequestForm(_PostForm):
    community = forms.CharField(
        label=_("For which community or group"),
        max_length=120,
        required=False,
        help_text=_("For example: Tigrinya-speaking women"),
    )
    region = forms.CharField(label=_("Town or region"), max_length=120)
    group_size = forms.IntegerField(
        label=_("Expected number of people"), min_value=1, max_value=1000, required=False
    )
    period_start = DateField(label=_("Preferably from"))
    period_end = DateField(label=_("Preferably until"))
    field_order = ["topics", "languages", "community", "region", "group_size"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", gettext("The period must end after it starts."))
        return data

    def request_data(self) -> RequestData:
        data = self.cleaned_data
        return RequestData(
            community=data["community"],
            region=data["region"],
            group_size=data["group_size"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            **self._shared(),
        )


class OfferForm(_PostForm):
    regions = forms.CharField(
        label=_("Where you can come"),
        max_length=300,
        help_text=_("Towns or regions, separated by commas, or “the whole country”."),
    )
    formats = forms.MultipleChoiceField(
        label=_("How"), choices=InfoSession.Format.choices, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["topics", "languages", "regions", "formats"]

    def offer_data(self) -> OfferData:
        data = self.cleaned_data
        return OfferData(regions=data["regions"], formats=data["formats"], **self._shared())


class RespondForm(forms.Form):
    responder = forms.ChoiceField(label=_("Respond as"))
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("What you propose, and when you could. No names or stories of people."),
    )

    def __init__(self, *args: Any, responders: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.responders = {str(option.uuid): option for option in responders}
        cast(forms.ChoiceField, self.fields["responder"]).choices = [
            (key, str(option)) for key, option in self.responders.items()
        ]

"""Forms for sessions: the calendar filter, organisers' session form, registration, feedback."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samen.core import sms
from samen.core.forms import DateField, TranslatedTextField
from samen.core.widgets import FastSelect
from samen.directory.forms import RADIUS_CHOICES
from samen.directory.geo import GeoPoint, resolve_place
from samen.directory.hours import AMSTERDAM
from samen.directory.languages import AUTONYMS
from samen.directory.models import TaxonomyTerm
from samen.web import stamps

from .models import Audience, Feedback, InfoSession, Toolkit
from .selectors import CalendarFilter
from .services import RegistrationData, SessionData


def _language_choices() -> list[tuple[str, str]]:
    return list(AUTONYMS.items())


class CalendarForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), required=False, widget=FastSelect(option_lang=True)
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=FastSelect)
    audience = forms.ChoiceField(
        label=_("For whom"), required=False, choices=[("", _("Everyone")), *Audience.choices]
    )
    place = forms.CharField(label=_("Postcode or place"), required=False, max_length=80)
    radius = forms.ChoiceField(
        label=_("Distance"),
        required=False,
        choices=RADIUS_CHOICES,
        initial="25",
        widget=FastSelect,
    )
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point: GeoPoint | None = None
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("Any language")),
            *_language_choices(),
        ]
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", _("All topics")), *topics]

    def clean_place(self) -> str:
        place: str = self.cleaned_data["place"].strip()
        if place:
            self.point = resolve_place(place)
            if self.point is None:
                raise forms.ValidationError(
                    gettext("We do not know the place “%(place)s”.") % {"place": place}
                )
        return place

    def to_filter(self) -> CalendarFilter:
        """Filters from the valid fields; a field with an error is left out."""
        data = self.cleaned_data if self.is_bound else {}
        return CalendarFilter(
            language=data.get("language", ""),
            topic=data.get("topic", ""),
            audience=data.get("audience", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            point=self.point,
            radius_km=float(data.get("radius") or 25),
        )


REPEAT_CHOICES = [
    ("0", _("Once")),
    ("7", _("Every week")),
    ("14", _("Every two weeks")),
    ("28", _("Every four weeks")),
]


class SessionForm(forms.Form):
    title = TranslatedTextField(label=_("Title"), max_length=200, multiline=False)
    description = TranslatedTextField(
        label=_("What happens"),
        max_length=3000,
        help_text=_("Write it in the languages of the session, one or several."),
    )
    date = DateField(label=_("Date"))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    audience = forms.ChoiceField(label=_("For whom"), choices=Audience.choices)
    format = forms.ChoiceField(label=_("Format"), choices=InfoSession.Format.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), widget=forms.CheckboxSelectMultiple
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"), widget=forms.CheckboxSelectMultiple, required=False
    )
    venue = forms.CharField(label=_("Name of the place"), max_length=200, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=120, required=False)
    neighbourhood = forms.CharField(label=_("Neighbourhood"), max_length=120, required=False)
    address_after_registration = forms.BooleanField(
        label=_("Show the address only to people who registered"), required=False
    )
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Link for joining online"),
        required=False,
        help_text=_("Only people who registered see it."),
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=10_000,
        required=False,
        help_text=_("Leave empty if there is no limit."),
    )
    wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    childcare = forms.BooleanField(label=_("Childcare"), required=False)
    sign_language = forms.BooleanField(label=_("Sign language interpreter"), required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), widget=forms.CheckboxSelectMultiple, required=False
    )
    toolkits = forms.MultipleChoiceField(
        label=_("Toolkits used"), widget=forms.CheckboxSelectMultiple, required=False
    )
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, required=False)
    repeat_count = forms.IntegerField(
        label=_("Number of meetings"), min_value=1, max_value=52, required=False
    )

    def __init__(
        self,
        *args: Any,
        topics: list[TaxonomyTerm],
        toolkits: list[Toolkit],
        series: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.topic_terms = {term.code: term for term in topics}
        self.toolkit_objects = {str(toolkit.uuid): toolkit for toolkit in toolkits}
        for name in ("languages", "interpretation"):
            cast(forms.MultipleChoiceField, self.fields[name]).choices = _language_choices()
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = [
            (term.code, str(term)) for term in topics
        ]
        cast(forms.MultipleChoiceField, self.fields["toolkits"]).choices = [
            (key, str(toolkit)) for key, toolkit in self.toolkit_objects.items()
        ]
        if not series:  # an existing session is edited one meeting at a time
            del self.fields["repeat"]
            del self.fields["repeat_count"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("postal_code") and resolve_place(data["postal_code"]) is None:
            self.add_error("postal_code", gettext("We do not know this postcode."))
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", gettext("The session must end after it starts."))
        return data

    def session_data(self) -> SessionData:
        data = self.cleaned_data

        def moment(time: dt.time) -> dt.datetime:
            return dt.datetime.combine(data["date"], time, tzinfo=AMSTERDAM)

        return SessionData(
            title=data["title"],
            description=data["description"],
            starts_at=moment(data["start_time"]),
            ends_at=moment(data["end_time"]),
            audience=data["audience"],
            format=data["format"],
            languages=data["languages"],
            interpretation=data["interpretation"],
            venue=data["venue"],
            street=data["street"],
            postal_code=data["postal_code"],
            city=data["city"],
            neighbourhood=data["neighbourhood"],
            address_after_registration=data["address_after_registration"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            wheelchair_accessible=data["wheelchair_accessible"],
            childcare=data["childcare"],
            sign_language=data["sign_language"],
            topics=[self.topic_terms[code] for code in data["topics"]],
            toolkits=[self.toolkit_objects[key] for key in data["toolkits"]],
        )

    @staticmethod
    def initial_for(session: InfoSession) -> dict[str, Any]:
        start = session.starts_at.astimezone(AMSTERDAM)
        initial: dict[str, Any] = {
            name: getattr(session, name)
            for name in (
                "audience",
                "format",
                "languages",
                "interpretation",
                "venue",
                "street",
                "postal_code",
                "city",
                "neighbourhood",
                "address_after_registration",
                "online_url",
                "capacity",
                "wheelchair_accessible",
                "childcare",
                "sign_language",
            )
        }
        initial.update(
            title=session.title,
            description=session.description,
            date=start.date(),
            start_time=start.time(),
            end_time=session.ends_at.astimezone(AMSTERDAM).time(),
            topics=[term.code for term in session.topics.all()],
            toolkits=[str(toolkit.uuid) for toolkit in session.toolkits.all()],
        )
        return initial


REGISTRATION_STAMP = "registration"
REGISTRATION_STAMP_MAX_AGE = 24 * 60 * 60


class RegistrationForm(forms.Form):
    nickname = forms.CharField(
        label=_("Name or nickname"),
        max_length=60,
        help_text=_(
            "Any name the organisers can call you by. It does not have to be your real name."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Only for a reminder and changes. Leave empty if you prefer."),
    )
    phone = forms.RegexField(
        label=_("Mobile number for a text message (optional)"),
        regex=r"^\+?[0-9][0-9 \-]{7,18}[0-9]$",
        required=False,
        error_messages={
            "invalid": _("Type the number with digits only: 06 and then eight digits.")
        },
    )
    interpreter_language = forms.ChoiceField(label=_("I need an interpreter for"), required=False)
    needs_childcare = forms.BooleanField(label=_("I need childcare"), required=False)
    # A field people do not see; robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["interpreter_language"]).choices = [
            ("", _("No interpreter needed")),
            *_language_choices(),
        ]
        if not sms.enabled():  # never collect a number nothing can be sent to
            del self.fields["phone"]

    @property
    def is_robot(self) -> bool:
        """The honeypot was filled in (a missing or forged stamp, checked by the view, marks
        a robot too)."""
        return bool(self.cleaned_data.get("website"))

    @staticmethod
    def start_stamp() -> str:
        return stamps.stamp_issue(REGISTRATION_STAMP)

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            nickname=data["nickname"],
            email=data["email"],
            phone=data.get("phone", ""),
            interpreter_language=data["interpreter_language"],
            needs_childcare=data["needs_childcare"],
        )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the people who registered"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Keep it neutral: it may be read by others on their phone."),
    )


class HostInviteForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation or key person"),
        max_length=250,
        help_text=_("As it is written on samen."),
    )


class AttendanceForm(forms.Form):
    total = forms.IntegerField(label=_("Number of participants"), min_value=0, max_value=10_000)
    women = forms.IntegerField(label=_("Women"), min_value=0, required=False)
    men = forms.IntegerField(label=_("Men"), min_value=0, required=False)
    other_gender = forms.IntegerField(label=_("Other or not known"), min_value=0, required=False)
    under_18 = forms.IntegerField(label=_("Under 18"), min_value=0, required=False)
    age_18_34 = forms.IntegerField(label=_("18 to 34"), min_value=0, required=False)
    age_35_54 = forms.IntegerField(label=_("35 to 54"), min_value=0, required=False)
    age_55_plus = forms.IntegerField(label=_("55 and older"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total = data.get("total")
        if total is not None:
            for group in (
                ("women", "men", "other_gender"),
                ("under_18", "age_18_34", "age_35_54", "age_55_plus"),
            ):
                if sum(data.get(name) or 0 for name in group) > total:
                    raise forms.ValidationError(
                        gettext("The groups add up to more than the number of participants.")
                    )
        return data


class FeedbackForm(forms.Form):
    useful = forms.ChoiceField(
        label=_("Was the meeting useful for you?"),
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    knows_where_to_find_help = forms.ChoiceField(
        label=_("Do you now know where to find help?"),
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    would_come_again = forms.ChoiceField(
        label=_("Would you come to a meeting like this again?"),
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("Please do not write names or personal stories."),
    )


class ToolkitForm(forms.Form):
    """A member proposes a toolkit; an administrator checks it before it is listed."""

    title = TranslatedTextField(label=_("Title"), max_length=200, multiline=False)
    description = TranslatedTextField(label=_("What it is"), max_length=3000)
    url = forms.URLField(assume_scheme="https", label=_("Where to find it (link)"))
    publishers = forms.CharField(
        label=_("Made by"), max_length=300, help_text=_("Separate several makers with commas.")
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), widget=forms.CheckboxSelectMultiple, required=False
    )
    audience = forms.ChoiceField(label=_("For whom"), choices=Audience.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple, required=False
    )
    format = forms.CharField(
        label=_("Format"),
        max_length=200,
        required=False,
        help_text=_("For example: printed cards, videos, a presentation."),
    )
    licence = forms.CharField(label=_("Licence or terms of use"), max_length=200, required=False)

    def __init__(self, *args: Any, topics: list[TaxonomyTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic_terms = {term.code: term for term in topics}
        cast(forms.MultipleChoiceField, self.fields["topics"]).choices = [
            (term.code, str(term)) for term in topics
        ]
        cast(forms.MultipleChoiceField, self.fields["languages"]).choices = _language_choices()

    def toolkit_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "url": data["url"],
            "publishers": [name.strip() for name in data["publishers"].split(",") if name.strip()],
            "languages": data["languages"],
            "topics": [self.topic_terms[code] for code in data["topics"]],
            "audience": data["audience"],
            "format": data["format"],
            "licence": data["licence"],
        }

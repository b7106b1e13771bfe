"""Forms for referrals: the referral with its consent, the steps, emergency access, roles."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.models import Membership
from samen.core.forms import DateField
from samen.directory.languages import AUTONYMS
from samen.directory.models import Organization, TaxonomyTerm

from . import policies
from .consent import consent_languages, consent_version
from .models import Consent, Referral
from .services import ConsentData, PersonData


class ReferralForm(forms.Form):
    receiving_organization = forms.ChoiceField(label=_("Refer to"))
    person_name = forms.CharField(
        label=_("Name, nickname or initials"),
        max_length=60,
        help_text=_("Initials or a nickname are enough. A full name is never needed."),
    )
    language = forms.ChoiceField(label=_("The person's language"))
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("What help is needed"), widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(
        label=_("How urgent"), choices=Referral.Urgency.choices, widget=forms.RadioSelect
    )
    contact_channel = forms.ChoiceField(
        label=_("How they may contact the person"),
        choices=Referral.Channel.choices,
        widget=forms.RadioSelect,
    )
    contact_details = forms.CharField(
        label=_("Phone number or e-mail to use"), max_length=120, required=False
    )
    safe_times = forms.CharField(
        label=_("Safe times and places to make contact"),
        max_length=300,
        required=False,
        help_text=_("For example: mornings on weekdays; never at home."),
    )
    may_leave_message = forms.BooleanField(
        label=_("A message (voicemail, text) may be left"), required=False
    )
    note = forms.CharField(
        label=_("Short note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
        help_text=_("Only what they need to help. Do not write down the story."),
    )
    shared_with_colleagues = forms.BooleanField(
        label=_("Colleagues who handle referrals in my organisation may follow this referral"),
        required=False,
    )
    # Consent
    consent_given = forms.BooleanField(
        label=_("I read the consent text with the person and they agreed"), required=True
    )
    consent_language = forms.ChoiceField(label=_("Language the consent text was shown in"))
    consent_interpreted_into = forms.ChoiceField(
        label=_("If an interpreter translated the text: into which language"), required=False
    )
    consent_method = forms.ChoiceField(
        label=_("How consent was given"), choices=Consent.Method.choices, widget=forms.RadioSelect
    )
    consent_date = DateField(label=_("Date consent was given"))
    consent_items = forms.MultipleChoiceField(
        label=_("The person agreed to share"),
        choices=Consent.Item.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    feedback_to_referrer = forms.BooleanField(
        label=_("The person agreed that the organisation tells me how it went"), required=False
    )

    def __init__(
        self,
        *args: Any,
        receivers: list[Organization],
        needs: list[TaxonomyTerm],
        for_organization: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not for_organization:  # a key person refers alone: there are no colleagues
            del self.fields["shared_with_colleagues"]
        self.receivers = {str(org.uuid): org for org in receivers}
        self.need_terms = {term.code: term for term in needs}
        cast(forms.ChoiceField, self.fields["receiving_organization"]).choices = [
            (key, org.name) for key, org in self.receivers.items()
        ]
        cast(forms.ChoiceField, self.fields["language"]).choices = list(AUTONYMS.items())
        cast(forms.MultipleChoiceField, self.fields["needs"]).choices = [
            (term.code, str(term)) for term in needs
        ]
        cast(forms.ChoiceField, self.fields["consent_language"]).choices = [
            (code, AUTONYMS.get(code, code)) for code in consent_languages()
        ]
        cast(forms.ChoiceField, self.fields["consent_interpreted_into"]).choices = [
            ("", _("No interpreter")),
            *AUTONYMS.items(),
        ]
        self.fields["consent_date"].initial = timezone.localdate()

    @property
    def colleagues_may_follow(self) -> bool:
        return bool(self.cleaned_data.get("shared_with_colleagues"))

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            name=data["person_name"],
            language=data["language"],
            urgency=data["urgency"],
            contact_channel=data["contact_channel"],
            needs=[self.need_terms[code] for code in data["needs"]],
            needs_interpreter=data["needs_interpreter"],
            contact_details=data["contact_details"],
            safe_times=data["safe_times"],
            may_leave_message=data["may_leave_message"],
            note=data["note"],
        )

    def consent_data(self) -> ConsentData | None:
        data = self.cleaned_data
        if not data.get("consent_given"):
            return None
        given_on: dt.date = data["consent_date"]
        now = timezone.localtime()
        given_at = (
            now
            if given_on == now.date()
            else timezone.make_aware(dt.datetime.combine(given_on, dt.time(12, 0)))
        )
        return ConsentData(
            shared_items=data["consent_items"],
            method=data["consent_method"],
            given_at=given_at,
            text_version=consent_version(data["consent_language"]),
            text_language=data["consent_language"],
            interpreted_into=data["consent_interpreted_into"],
            feedback_to_referrer=data["feedback_to_referrer"],
        )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"), choices=Referral.DeclineReason.choices, widget=forms.RadioSelect
    )


# Outcomes only samen sets (close-stale-referrals), never a person closing a referral.
SYSTEM_OUTCOMES = {Referral.Outcome.NO_RESPONSE}


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("How it ended"),
        choices=[choice for choice in Referral.Outcome.choices if choice[0] not in SYSTEM_OUTCOMES],
        widget=forms.RadioSelect,
    )


class EmergencyForm(forms.Form):
    reference = forms.RegexField(
        label=_("Reference of the referral"),
        regex=r"^\s*[0-9A-Fa-f]{8}\s*$",
        help_text=_("The eight characters the organisation gives you, for example 3F2A9C01."),
        error_messages={"invalid": _("A reference is eight characters: digits and A to F.")},
    )
    reason = forms.CharField(
        label=_("Why you need to open this referral now"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        max_length=1000,
        help_text=_(
            "This is recorded in the audit log and the organisations' privacy officers are told."
        ),
    )


class RolesForm(forms.Form):
    accepts_referrals = forms.BooleanField(
        label=_("Our organisation receives referrals through samen"), required=False
    )
    handlers = forms.MultipleChoiceField(
        label=_("Referral handlers"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("They make and receive referrals and must use two-factor authentication."),
    )
    privacy_officers = forms.MultipleChoiceField(
        label=_("Privacy officer"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Reads the audit log of your organisation's referrals."),
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Administrator accounts cannot hold referral roles (policies.may_hold_referral_roles).
        people = [
            (str(m.user_id), m.user.email)
            for m in memberships
            if policies.may_hold_referral_roles(m.user)
        ]
        for name in ("handlers", "privacy_officers"):
            cast(forms.MultipleChoiceField, self.fields[name]).choices = people

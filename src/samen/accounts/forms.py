"""Forms about memberships."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person you invite"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_("Editors keep the listing true. Owners also manage who is a member."),
    )


class ClaimForm(forms.Form):
    note = forms.CharField(
        label=_("How are you connected to this organisation?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("For example your role, and how we can check it (a website, a phone number)."),
    )

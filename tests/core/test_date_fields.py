"""Date fields on member forms (issue 12, item 6): a date picker with the expected format shown,
that also takes a date typed by hand where the browser shows a plain text box."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from samen.core.forms import DateField
from samen.matchmaking.forms import RequestForm
from samen.referrals.forms import ReferralForm
from samen.sessions.forms import SessionForm


class OneDate(forms.Form):
    day = DateField(label="Day")


@pytest.mark.parametrize(
    "typed", ["2027-03-27", "27-03-2027", "27/03/2027", "27 3 2027", "27.03.2027"]
)
def test_a_date_typed_by_hand_or_picked_is_understood(typed):
    form = OneDate({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2027, 3, 27)


def test_a_date_that_is_not_one_gets_a_clear_error():
    with translation.override("en"):
        form = OneDate({"day": "31-02-2027"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Enter a valid date."]


def test_the_date_field_shows_its_format_and_points_to_it():
    html = str(OneDate(initial={"day": dt.date(2027, 3, 27)})["day"])
    assert 'type="date"' in html and 'value="2027-03-27"' in html
    assert 'aria-describedby="id_day_helptext"' in html
    with translation.override("en"):
        assert str(OneDate().fields["day"].help_text) == "For example 27-03-2027"


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (RequestForm, "period_start"),
        (RequestForm, "period_end"),
        (ReferralForm, "consent_date"),
        (SessionForm, "date"),
    ],
)
def test_member_forms_use_the_date_field(form_class, field):
    assert isinstance(form_class.base_fields[field], DateField)

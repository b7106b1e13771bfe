"""Single-use form stamps: one stamp, one submission, in every worker (issue 11, item 7)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from samen.directory.models import ListingSuggestion
from samen.sessions.models import Registration
from samen.web import stamps
from tests.factories import info_session


@pytest.mark.django_db
def test_a_stamp_is_accepted_once():
    stamp = stamps.stamp_issue("test")
    stamps.stamp_redeem("test", stamp, max_age=60)
    with pytest.raises(stamps.StampUsed):
        stamps.stamp_redeem("test", stamp, max_age=60)


@pytest.mark.django_db
def test_a_forged_an_old_and_a_fast_stamp_are_refused():
    with pytest.raises(stamps.StampInvalid):
        stamps.stamp_redeem("test", "s:forged:stamp", max_age=60)
    with pytest.raises(stamps.StampInvalid):  # issued for another form
        stamps.stamp_redeem("test", stamps.stamp_issue("other"), max_age=60)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=2)):
        old = stamps.stamp_issue("test")
    with pytest.raises(stamps.StampInvalid):
        stamps.stamp_redeem("test", old, max_age=3600)
    with pytest.raises(stamps.StampTooFast):
        stamps.stamp_redeem("test", stamps.stamp_issue("test"), max_age=60, min_age=3)


def _stamp(html: str) -> str:
    match = re.search(r'name="started" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


def test_one_suggestion_stamp_sends_one_suggestion(client, world):
    with translation.override("en"):
        form = reverse("directory:suggestion-create", args=[world["own"].uuid])
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=1)):
        stamp = _stamp(client.get(form).content.decode())
    data = {"text": "Het telefoonnummer klopt niet meer.", "homepage": "", "started": stamp}
    first = client.post(form, data)
    assert first.status_code == 200 and not first.cookies
    replay = client.post(form, data)
    assert "This form was already sent" in replay.content.decode()
    assert "Het telefoonnummer klopt niet meer." in replay.content.decode()  # the text stays
    assert ListingSuggestion.objects.count() == 1


def test_one_registration_stamp_registers_once(client, db):
    session = info_session()
    with translation.override("en"):
        form = reverse("sessions:register", args=[session.uuid])
    stamp = _stamp(client.get(form).content.decode())
    data = {"nickname": "Amal", "started": stamp, "interpreter_language": ""}
    assert client.post(form, data).status_code == 302
    replay = client.post(form, data)
    assert replay.status_code == 200 and not replay.cookies
    assert "This form was already sent" in replay.content.decode()
    assert Registration.objects.count() == 1

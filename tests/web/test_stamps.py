"""Signed form stamps: refused when forged, too old, too fast or issued for another form
(issue 11, item 7). That a stamp is sent once is tested in test_once.py."""

import datetime as dt

import pytest
import time_machine

from samen.web import stamps


@pytest.mark.django_db
def test_a_forged_an_old_and_a_fast_stamp_are_refused():
    with pytest.raises(stamps.StampInvalid):
        stamps.stamp_open("test", "s:forged:stamp", max_age=60)
    with pytest.raises(stamps.StampInvalid):  # issued for another form
        stamps.stamp_open("test", stamps.stamp_issue("other"), max_age=60)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(hours=2)):
        old = stamps.stamp_issue("test")
    with pytest.raises(stamps.StampInvalid):
        stamps.stamp_open("test", old, max_age=3600)
    with pytest.raises(stamps.StampTooFast):
        stamps.stamp_open("test", stamps.stamp_issue("test"), max_age=60, min_age=3)

import datetime as dt

import pytest
from django.utils import translation

from samen.directory.hours import AMSTERDAM, is_open_at, schedule_text
from samen.directory.loader import parse_weekly_hours
from samen.directory.models import Schedule


def weekday_schedule():
    return Schedule(byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(17))


def test_open_inside_hours_on_a_weekday():
    monday_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=AMSTERDAM)
    assert is_open_at(open_24_7=False, schedules=[weekday_schedule()], moment=monday_10)


def test_closed_at_closing_time_and_at_the_weekend():
    monday_17 = dt.datetime(2026, 11, 30, 17, 0, tzinfo=AMSTERDAM)
    saturday_10 = dt.datetime(2026, 11, 28, 10, 0, tzinfo=AMSTERDAM)
    assert not is_open_at(open_24_7=False, schedules=[weekday_schedule()], moment=monday_17)
    assert not is_open_at(open_24_7=False, schedules=[weekday_schedule()], moment=saturday_10)


def test_moment_is_read_in_amsterdam_time():
    # 08:30 UTC on a winter Monday is 09:30 in Amsterdam.
    utc = dt.datetime(2026, 11, 30, 8, 30, tzinfo=dt.UTC)
    assert is_open_at(open_24_7=False, schedules=[weekday_schedule()], moment=utc)


def test_open_24_7_is_always_open():
    sunday_3 = dt.datetime(2026, 11, 29, 3, 0, tzinfo=AMSTERDAM)
    assert is_open_at(open_24_7=True, schedules=[], moment=sunday_3)


@pytest.mark.parametrize(
    ("text", "days", "opens"),
    [
        ("daily 11:00-21:00", 7, dt.time(11)),
        ("Mon-Fri 08:30-17:00; urgent calls 24/7", 5, dt.time(8, 30)),
    ],
)
def test_hours_in_the_facts_file_are_parsed(text, days, opens):
    parsed = parse_weekly_hours(text)
    assert parsed is not None
    assert len(parsed[0]) == days
    assert parsed[1] == opens


def test_free_text_hours_are_not_guessed():
    assert parse_weekly_hours("office hours; crisis line after hours") is None


def friday_night():
    return Schedule(byday="FR", opens_at=dt.time(22), closes_at=dt.time(2))


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (dt.datetime(2026, 12, 4, 21, 59, tzinfo=AMSTERDAM), False),  # Friday before opening
        (dt.datetime(2026, 12, 4, 23, 0, tzinfo=AMSTERDAM), True),  # Friday night
        (dt.datetime(2026, 12, 5, 1, 0, tzinfo=AMSTERDAM), True),  # Saturday 01:00
        (dt.datetime(2026, 12, 5, 2, 0, tzinfo=AMSTERDAM), False),  # Saturday at closing time
        (dt.datetime(2026, 12, 5, 23, 0, tzinfo=AMSTERDAM), False),  # Saturday night
        (dt.datetime(2026, 12, 4, 1, 0, tzinfo=AMSTERDAM), False),  # Friday 01:00 (Thursday shut)
    ],
)
def test_hours_past_midnight_belong_to_the_night_they_start(moment, is_open):
    assert is_open_at(open_24_7=False, schedules=[friday_night()], moment=moment) is is_open


def test_closing_at_midnight_is_open_until_midnight():
    evening = Schedule(byday="SA", opens_at=dt.time(18), closes_at=dt.time(0))
    saturday_23 = dt.datetime(2026, 12, 5, 23, 59, tzinfo=AMSTERDAM)
    sunday_0 = dt.datetime(2026, 12, 6, 0, 0, tzinfo=AMSTERDAM)
    assert is_open_at(open_24_7=False, schedules=[evening], moment=saturday_23)
    assert not is_open_at(open_24_7=False, schedules=[evening], moment=sunday_0)


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (friday_night(), "Friday 22:00 to 02:00 the next morning"),
        (weekday_schedule(), "Monday, Tuesday, Wednesday, Thursday, Friday 09:00 to 17:00"),
        (
            Schedule(byday="SA", opens_at=dt.time(18), closes_at=dt.time(0)),
            "Saturday 18:00 to midnight",
        ),
    ],
)
def test_hours_in_words(schedule, text):
    with translation.override("en"):
        assert schedule_text(schedule) == text

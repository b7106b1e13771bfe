"""Opening hours in Europe/Amsterdam time: is a service open at a given moment?

The one rule for "open now", used by the service page (`is_open_at`) and by the search filter
(`open_schedule_sql`): a weekly period is open when it started today and has not closed yet, or
when it started yesterday, runs past midnight (closes at or before the time it opens: Friday
22:00-02:00 is open on Saturday at 01:00) and has not closed yet.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Schedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_LABELS = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}


def amsterdam_now() -> datetime:
    return datetime.now(tz=AMSTERDAM)


@dataclass(frozen=True)
class OpenCheck:
    """A moment as weekly hours see it: today's and yesterday's day codes and the local time."""

    today: str
    yesterday: str
    time: time

    @classmethod
    def at(cls, moment: datetime) -> "OpenCheck":
        local = moment.astimezone(AMSTERDAM)
        return cls(
            today=Schedule.WEEKDAYS[local.weekday()],
            yesterday=Schedule.WEEKDAYS[(local - timedelta(days=1)).weekday()],
            time=local.time().replace(microsecond=0),
        )


def crosses_midnight(opens_at: time, closes_at: time) -> bool:
    return closes_at <= opens_at


def schedule_is_open(schedule: Schedule, check: OpenCheck) -> bool:
    days = schedule.byday.split(",")
    overnight = crosses_midnight(schedule.opens_at, schedule.closes_at)
    started_today = (
        check.today in days
        and schedule.opens_at <= check.time
        and (overnight or check.time < schedule.closes_at)
    )
    from_yesterday = overnight and check.yesterday in days and check.time < schedule.closes_at
    return started_today or from_yesterday


def is_open_at(*, open_24_7: bool, schedules: Iterable[Schedule], moment: datetime) -> bool:
    if open_24_7:
        return True
    check = OpenCheck.at(moment)
    return any(schedule_is_open(schedule, check) for schedule in schedules)


def open_schedule_sql(alias: str, moment: datetime) -> tuple[str, list[Any]]:
    """`schedule_is_open` as an SQL condition on the schedule table under `alias`."""
    check = OpenCheck.at(moment)
    now = connection.ops.adapt_timefield_value(check.time)
    overnight = f"{alias}.closes_at <= {alias}.opens_at"
    sql = (
        f"(({alias}.byday LIKE %s AND {alias}.opens_at <= %s "
        f"AND ({overnight} OR {alias}.closes_at > %s)) "
        f"OR ({alias}.byday LIKE %s AND {overnight} AND {alias}.closes_at > %s))"
    )
    return sql, [f"%{check.today}%", now, now, f"%{check.yesterday}%", now]


def schedule_text(schedule: Schedule) -> str:
    """A weekly period in words, for a schedule without its own description."""
    days = ", ".join(str(DAY_LABELS[day]) for day in schedule.byday.split(",") if day in DAY_LABELS)
    times = {"opens": f"{schedule.opens_at:%H:%M}", "closes": f"{schedule.closes_at:%H:%M}"}
    if schedule.closes_at == time(0):
        text = gettext("%(days)s %(opens)s to midnight")
    elif crosses_midnight(schedule.opens_at, schedule.closes_at):
        text = gettext("%(days)s %(opens)s to %(closes)s the next morning")
    else:
        text = gettext("%(days)s %(opens)s to %(closes)s")
    return text % {"days": days, **times}

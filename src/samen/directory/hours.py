"""Opening hours in Europe/Amsterdam time: is a service open at a given moment?"""

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from .models import Schedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam_now() -> datetime:
    return datetime.now(tz=AMSTERDAM)


def is_open_at(*, open_24_7: bool, schedules: Iterable[Schedule], moment: datetime) -> bool:
    if open_24_7:
        return True
    local = moment.astimezone(AMSTERDAM)
    day = Schedule.WEEKDAYS[local.weekday()]
    now = local.time()
    return any(
        day in schedule.byday.split(",") and schedule.opens_at <= now < schedule.closes_at
        for schedule in schedules
    )

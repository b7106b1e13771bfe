"""The daily jobs and the schedule every `samen worker` keeps (Amsterdam time).

Each worker looks every half minute for jobs whose time of day has passed and that have no
run today. Starting one inserts its (job, day) row, unique in the database, and queues the
job in the same transaction: with several workers, exactly one wins each day's run. A worker
that was down at the set time runs the day's job when it comes back.
"""

import datetime as dt
import io
import logging
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from .models import DailyJobRun

logger = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Job name (the `samen` command it runs) -> local time of day it is due.
DAILY_JOBS: dict[str, dt.time] = {
    "purge-registrations": dt.time(3, 30),
    "close-stale-referrals": dt.time(3, 40),
    "purge-referrals": dt.time(3, 45),
    "purge-form-keys": dt.time(4, 0),
    "audit-verify": dt.time(4, 15),
    "prune-db-task-results": dt.time(4, 30),
    "purge-pending-imports": dt.time(4, 45),
    "send-reminders": dt.time(8, 0),
    "send-session-reminders": dt.time(10, 0),
}


def schedule_due_jobs(*, now: dt.datetime | None = None) -> list[str]:
    """Queue today's due jobs that no worker queued yet; returns the ones this call queued."""
    local = (now or timezone.now()).astimezone(AMSTERDAM)
    queued = []
    for job, at in DAILY_JOBS.items():
        if local.time() < at or DailyJobRun.objects.filter(job=job, day=local.date()).exists():
            continue
        try:
            with transaction.atomic():
                DailyJobRun.objects.create(job=job, day=local.date())
                run_daily_job.enqueue(job, local.date().isoformat())
        except IntegrityError:  # another worker inserted the same run a moment earlier
            continue
        queued.append(job)
    return queued


@task()
def run_daily_job(job: str, day: str) -> bool:
    """Run one daily job's command and record how it ended (audit-verify fails on tampering)."""
    succeeded = True
    try:
        call_command(job.replace("-", "_"), stdout=io.StringIO())
    except Exception as error:
        succeeded = False
        # The commands' messages hold counts and entry numbers, never personal data.
        logger.error("Daily job %s failed: %s", job, error)
    DailyJobRun.objects.filter(job=job, day=day).update(
        finished_at=timezone.now(), succeeded=succeeded
    )
    return succeeded

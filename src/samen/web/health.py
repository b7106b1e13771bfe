"""/healthz and /readyz for load balancers and monitoring: small JSON, no personal data, no
language prefix, no cookie, never cached.

healthz says the process answers (it touches nothing else). readyz says whether this server
can do its work: the database answers, how far the queue lags behind (the age of the oldest
message or task that is due and not yet done), and when each daily job last ran.
"""

import datetime as dt

from django.db import DatabaseError, connection
from django.db.models import Min
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from samen.core.models import DailyJobRun, OutboundMessage
from samen.core.schedule import DAILY_JOBS


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        now = timezone.now()
        body = {
            "status": "ok",
            "database": "ok",
            "queue": {
                "oldest_due_message_seconds": _age(now, _oldest_due_message(now)),
                "oldest_due_task_seconds": _age(now, _oldest_due_task(now)),
            },
            "daily_jobs": _daily_jobs(),
        }
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse(body)


def _age(now: dt.datetime, since: dt.datetime | None) -> float | None:
    return None if since is None else round(max((now - since).total_seconds(), 0.0), 1)


def _oldest_due_message(now: dt.datetime) -> dt.datetime | None:
    due = OutboundMessage.objects.filter(
        status=OutboundMessage.Status.PENDING, next_attempt_at__lte=now
    )
    oldest: dt.datetime | None = due.aggregate(oldest=Min("next_attempt_at"))["oldest"]
    return oldest


def _oldest_due_task(now: dt.datetime) -> dt.datetime | None:
    """A task queued to run at once is due since it was queued; a deferred one since its time."""
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    at_once = waiting.filter(run_after=get_date_max()).aggregate(oldest=Min("enqueued_at"))
    deferred = waiting.filter(run_after__lte=now).aggregate(oldest=Min("run_after"))
    times = [moment for moment in (at_once["oldest"], deferred["oldest"]) if moment is not None]
    return min(times, default=None)


def _daily_jobs() -> dict[str, dict[str, object]]:
    jobs: dict[str, dict[str, object]] = {}
    for job in DAILY_JOBS:
        last = DailyJobRun.objects.filter(job=job).order_by("-day").first()
        jobs[job] = {
            "last_day": last.day.isoformat() if last else None,
            "finished_at": (
                last.finished_at.isoformat(timespec="seconds")
                if last and last.finished_at
                else None
            ),
            "succeeded": last.succeeded if last else None,
        }
    return jobs

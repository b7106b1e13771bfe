"""The daily jobs: due at their Amsterdam time, run exactly once a day by however many workers."""

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samen.audit.models import AuditEntry
from samen.core.models import DailyJobRun
from samen.core.schedule import AMSTERDAM, DAILY_JOBS, schedule_due_jobs
from samen.sessions.models import Registration
from samen.sessions.services import RegistrationData, session_register
from tests.factories import info_session

pytestmark = pytest.mark.django_db(transaction=True)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def at(hour: int, minute: int = 0, day: int = 2) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=AMSTERDAM)


def test_jobs_are_due_at_their_local_time_and_once_a_day(settings):
    settings.TASKS = DATABASE_QUEUE
    assert schedule_due_jobs(now=at(3, 0)) == []
    assert schedule_due_jobs(now=at(3, 50)) == [
        "purge-registrations",
        "close-stale-referrals",
        "purge-referrals",
    ]
    assert schedule_due_jobs(now=at(3, 55)) == []
    assert set(schedule_due_jobs(now=at(23, 0))) == set(DAILY_JOBS) - {
        "purge-registrations",
        "close-stale-referrals",
        "purge-referrals",
    }
    assert schedule_due_jobs(now=at(23, 30)) == []
    assert len(schedule_due_jobs(now=at(23, 0, day=3))) == len(DAILY_JOBS)  # the next day


def test_two_workers_run_each_daily_job_exactly_once(settings):
    """Two real workers (threads with their own connections) start together after every
    job's time: each job runs once, and a registrant tomorrow gets one reminder."""
    settings.TASKS = DATABASE_QUEUE
    with time_machine.travel(at(11, 0), tick=True):
        session = info_session(days_ahead=1)
        session_register(
            session=session,
            data=RegistrationData(nickname="Amal", email="amal@example.org"),
            language="ar",
        )
        call_command("worker", "--batch", "--interval", "0")  # the confirmation goes out
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def worker() -> None:
            from django.db import connection

            barrier.wait()
            try:
                call_command("worker", "--batch", "--interval", "0")
            except BaseException as error:  # reported below, not lost in the thread
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    runs = DailyJobRun.objects.all()
    assert sorted(run.job for run in runs) == sorted(DAILY_JOBS)
    assert all(run.succeeded for run in runs)
    daily_tasks = DBTaskResult.objects.filter(task_path__endswith="run_daily_job")
    assert daily_tasks.count() == len(DAILY_JOBS)
    assert AuditEntry.objects.filter(action="registration.purged").count() == 0  # nothing due
    assert Registration.objects.get().reminder_sent_at is not None
    reminders = [m for m in mail.outbox if m.to == ["amal@example.org"]]
    assert len(reminders) == 2  # the confirmation and exactly one reminder


def test_a_failing_job_is_recorded_as_failed(settings, caplog):
    settings.TASKS = DATABASE_QUEUE
    with time_machine.travel(at(5, 0), tick=True):
        # A row written around samen's chain: audit-verify's daily run must end as failed.
        AuditEntry.objects.create(
            at=at(4, 0), action="forged", actor_label="x", previous_hash="0" * 64, hash="f" * 64
        )
        call_command("worker", "--batch", "--interval", "0")
    run = DailyJobRun.objects.get(job="audit-verify")
    assert run.succeeded is False and run.finished_at is not None
    assert "Daily job audit-verify failed" in caplog.text
    assert DailyJobRun.objects.get(job="purge-referrals").succeeded is True

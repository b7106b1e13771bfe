"""samen worker: deliver queued e-mail and text messages and run the daily jobs.

Run one beside the web server (`make run` does); more than one is safe: each queued task is
claimed by one worker, and each day's run of a daily job by one (see samen.core.schedule).
"""

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from samen.core.management.startup import refuse_unreadable_data
from samen.core.outbox import requeue_stalled
from samen.core.schedule import schedule_due_jobs


def keep_schedule(stop: threading.Event, interval: float) -> None:
    """Queue due daily jobs and messages whose task was lost until ``stop`` is set (a thread
    of its own, with its own database connection)."""
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                schedule_due_jobs()
                requeue_stalled()
            except OperationalError:  # database briefly unreachable or locked: next round
                connection.close()
            stop.wait(interval)
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Deliver queued messages and run the daily jobs on their schedule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is due now, then stop (for cron)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unreadable_data()
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not options["batch"],
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if options["batch"]:
            schedule_due_jobs()
            requeue_stalled()
            worker.run()
            return
        stop = threading.Event()
        scheduler = threading.Thread(target=keep_schedule, args=(stop, 30.0), daemon=True)
        scheduler.start()
        self.stdout.write("samen worker is running (Ctrl+C stops it)")
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()

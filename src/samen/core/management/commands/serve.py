"""samen serve: run the platform with gunicorn (no access log: URLs carry searches; samen
logs one line per request naming the view). gunicorn's control socket lives in the data
folder, readable by samen's user only (`gunicornc -s $SAMEN_DATA_DIR/gunicorn.ctl`)."""

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from samen.core.management.startup import refuse_unreadable_data


class Command(BaseCommand):
    help = "Serve the platform with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("SAMEN_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("SAMEN_WORKERS", "2"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("SAMEN_THREADS", "4"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import run

        refuse_unreadable_data()
        self.stdout.write(f"samen is running at http://{options['bind']}/ (Ctrl+C stops it)")
        # gunicorn reads its options from sys.argv.
        sys.argv = [
            "gunicorn",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--error-logfile",
            "-",
            "--control-socket",
            str(settings.DATA_DIR / "gunicorn.ctl"),
            "--control-socket-mode",
            "0o600",
            "samen.wsgi:application",
        ]
        run(prog="samen serve")

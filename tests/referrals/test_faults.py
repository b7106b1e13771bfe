"""Fault tests (issue 13, item 12), with real processes on the suite's database (SQLite file
or PostgreSQL): gunicorn workers killed with SIGKILL while eight clients create referrals, and
the mail server down while they do. Every acknowledged referral must be present exactly once
(a client whose request died retries with the same form key), and after the mail server is
back `samen worker --batch` must deliver every notification exactly once. The figures are
printed (run with -s to see them) and kept in the test report's captured output."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from samen.core.models import DailyJobRun, FormKey, OutboundMessage
from samen.core.schedule import AMSTERDAM, DAILY_JOBS
from samen.referrals.models import Referral
from tests.referrals.conftest import url
from tests.referrals.test_pages import form_fields

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 8
REFERRALS_EACH = 6
LOAD_SECONDS_AT_MOST = 60
KILL_EVERY = 1.5  # seconds between two SIGKILLs of a web worker (a fresh one warms up first)
FIRST_KILL_AFTER = 0.3  # seconds after the clients start
CSRF = "f" * 32  # an unmasked token, sent as cookie and field alike
ROOT = Path(settings.BASE_DIR).parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_url() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    port = database["PORT"] or 5432
    return f"postgres://{database['USER']}@{database['HOST']}:{port}/{database['NAME']}"


@dataclass
class Figures:
    acknowledged: list[str] = field(default_factory=list)  # form keys answered with 302
    lost_forms: int = 0  # form pages that died with their worker and were asked again
    lost_sends: int = 0  # referrals sent whose answer died with the worker: sent again
    server_errors: int = 0  # 5xx answers
    kills: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Site:
    """One gunicorn master with two workers, on the test database."""

    def __init__(self, env: dict[str, str]):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "2",
                # The application is loaded once in the master, so a killed worker is replaced
                # by a fork at once and the test can kill often within its time.
                "--preload",
                "samen.wsgi:application",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def request(self, method: str, path: str, body: str = "", cookie: str = "") -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Cookie": cookie, "Host": "127.0.0.1"}
            if body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode()
        finally:
            connection.close()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/nl/safety/")[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def _kill_workers(site: Site, stop: threading.Event, figures: Figures) -> None:
    # The first kill comes while the first requests are under way: on a quiet machine all
    # the referrals can be made within KILL_EVERY.
    wait = FIRST_KILL_AFTER
    while not stop.wait(wait):
        wait = KILL_EVERY
        workers = site.workers()
        if workers:
            try:
                os.kill(workers[figures.kills % len(workers)], signal.SIGKILL)
            except ProcessLookupError:  # it had just died
                continue
            figures.kills += 1


def _send_referrals(site: Site, cookie: str, fields: dict, figures: Figures) -> None:
    """One client: for each referral, show the form and send it until it is acknowledged,
    sending the same form (the same key) again whenever the answer was lost."""
    form = url("referrals:create")
    deadline = time.monotonic() + LOAD_SECONDS_AT_MOST
    for _ in range(REFERRALS_EACH):
        key = None
        while key is None:
            if time.monotonic() > deadline:  # the count below then shows what is missing
                return
            try:
                status, html = site.request("GET", form, cookie=cookie)
            except (OSError, http.client.HTTPException):
                with figures.lock:
                    figures.lost_forms += 1
                continue
            match = re.search(r'name="form_key" value="([^"]+)"', html)
            key = match.group(1) if status == 200 and match else None
        body = urllib.parse.urlencode(
            {**fields, "form_key": key, "csrfmiddlewaretoken": CSRF}, doseq=True
        )
        while time.monotonic() < deadline:
            try:
                status, _html = site.request("POST", form, body=body, cookie=cookie)
            except (OSError, http.client.HTTPException):
                with figures.lock:
                    figures.lost_sends += 1
                continue
            if status >= 500:
                with figures.lock:
                    figures.server_errors += 1
                time.sleep(0.2)
                continue
            assert status == 302, status
            with figures.lock:
                figures.acknowledged.append(key)
            break


def _make_due() -> None:
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def _worker_batch(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "samen.cli", "worker", "--batch", "--interval", "0"],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
    )


def test_killed_web_workers_and_a_mail_outage_lose_and_double_nothing(
    referral_world, smtp, tmp_path, capsys
):
    started = time.monotonic()
    # The daily jobs count as run today, so the workers below deliver only the referrals' mail.
    today = timezone.now().astimezone(AMSTERDAM).date()
    DailyJobRun.objects.bulk_create([DailyJobRun(job=job, day=today) for job in DAILY_JOBS])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fault_settings",
        "DATABASE_URL": _database_url(),
        "SAMEN_DATA_DIR": str(tmp_path),
        "SAMEN_TEST_SMTP_PORT": str(settings.EMAIL_PORT),  # nothing listens there yet
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    }
    cookies = []
    for _ in range(CLIENTS):
        client = Client()
        client.force_login(
            referral_world["referrer"], backend="django.contrib.auth.backends.ModelBackend"
        )
        cookies.append(f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}")
    fields = form_fields(referral_world)
    site = Site(env)
    figures = Figures()
    stop = threading.Event()
    try:
        site.wait_until_up()
        killer = threading.Thread(target=_kill_workers, args=(site, stop, figures))
        clients = [
            threading.Thread(
                target=_send_referrals, args=(site, cookie, fields, figures), daemon=True
            )
            for cookie in cookies
        ]
        for thread in clients:
            thread.start()
        killer.start()
        for thread in clients:
            thread.join(timeout=LOAD_SECONDS_AT_MOST + 30)
        stop.set()
        killer.join()
    finally:
        stop.set()
        site.stop()
    created_seconds = time.monotonic() - started

    expected = CLIENTS * REFERRALS_EACH
    assert len(figures.acknowledged) == len(set(figures.acknowledged)) == expected
    assert Referral.objects.count() == expected  # each acknowledged one, exactly once
    references = list(
        FormKey.objects.filter(purpose="referral").values_list("reference", flat=True)
    )
    assert sorted(references) == sorted(
        str(uuid) for uuid in Referral.objects.values_list("uuid", flat=True)
    )
    assert figures.kills > 0

    # The mail server is down: the worker tries every notification and keeps it for later.
    expected_mail = OutboundMessage.objects.count()
    assert expected_mail == expected  # the one receiving handler is told of each referral
    _worker_batch(env)
    pending = OutboundMessage.objects.filter(status="pending", attempts=1, last_error__gt="")
    assert pending.count() == expected_mail  # each tried once, none sent, none given up
    # The mail server is back and the retry's time has come: every notification goes out.
    recorder = smtp(refuse=False)
    _make_due()
    _worker_batch(env)
    _make_due()
    _worker_batch(env)  # one more run sends nothing twice
    sent = OutboundMessage.objects.filter(status="sent").count()
    assert sent == expected_mail
    assert len(recorder.received) == expected_mail
    assert all(b"ontvanger@example.org" in message for message in recorder.received)

    with capsys.disabled():
        print(
            f"\nfault test ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}): "
            f"{figures.kills} web workers killed; {figures.lost_sends} referral sends lost "
            f"with them and sent again with the same key, {figures.lost_forms} form pages "
            f"lost and asked again; {figures.server_errors} 5xx answers; referrals acknowledged "
            f"{len(figures.acknowledged)}, present {Referral.objects.count()}; notifications "
            f"expected {expected_mail}, marked sent {sent}, received by the mail server "
            f"{len(recorder.received)}; {created_seconds:.1f} s of load, "
            f"{time.monotonic() - started:.1f} s in all"
        )

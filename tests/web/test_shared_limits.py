"""Limits hold across processes: two gunicorn servers on one database share the counters of
rate limits, allauth's sign-in lockout, single-use form keys and used TOTP codes (issue 11,
item 5). Runs on the suite's database engine (SQLite file or a fresh PostgreSQL database)."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings

SETUP = """
from samen.accounts.models import User
from samen.directory.models import Organization
organization = Organization.objects.create(name="Gedeelde organisatie")
User.objects.create_user(username="lid@example.org", email="lid@example.org", password="juist-1234")
print(organization.uuid)
"""


@dataclass
class Servers:
    urls: list[str]
    env: dict[str, str]
    organization: str

    def django(self, code: str) -> str:
        """Run code in a fresh process against the servers' database."""
        script = "import django; django.setup()\n" + code
        result = subprocess.run(
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/nl/safety/", timeout=10)  # noqa: S310
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # first page warms up
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    data_dir = tmp_path_factory.mktemp("two-servers")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samen.settings.test",
        "SAMEN_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(Path(settings.BASE_DIR).parent),
    }
    database = settings.DATABASES["default"]
    pg_name = None
    if database["ENGINE"].endswith("postgresql"):
        import psycopg

        pg_name = f"samen_two_servers_{uuid.uuid4().hex[:8]}"
        dsn = f"host={database['HOST']} port={database['PORT'] or 5432} user={database['USER']}"
        with psycopg.connect(dsn + " dbname=postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/{pg_name}"
        )
    else:
        env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "samen.cli"]
    subprocess.run([*command, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([*command, "createcachetable"], env=env, check=True, timeout=60)
    processes, urls = [], []
    try:
        helper = Servers(urls, env, "")
        helper.organization = helper.django(SETUP)
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "samen.wsgi:application",
                    ],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_until_up(url)
        yield helper
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        if pg_name:
            import psycopg

            with psycopg.connect(dsn + " dbname=postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE "{pg_name}" WITH (FORCE)')


def _browser() -> urllib.request.OpenerDirector:
    """One visitor: cookies (for the sign-in form) shared between both servers."""
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match is not None, name
    return match.group(1)


# Both servers stand behind one host name, as behind a load balancer (allauth keys its
# sign-in counter on the site's host).
HOST = {"Host": "localhost"}


def _get(opener: urllib.request.OpenerDirector, url: str) -> str:
    request = urllib.request.Request(url, headers=HOST)  # noqa: S310
    with opener.open(request, timeout=30) as response:
        return str(response.read().decode())


def _post(opener: urllib.request.OpenerDirector, url: str, data: dict[str, str]) -> str:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=HOST)  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:
        return str(error.read().decode())


def test_suggestion_limit_and_stamps_hold_across_two_servers(servers):
    visitor = _browser()
    path = f"/en/organisations/{servers.organization}/suggest/"
    stamps = [_field(_get(visitor, servers.urls[i % 2] + path), "started") for i in range(7)]
    time.sleep(3.2)  # a person takes a few seconds to write (the form's minimum)
    answers = []
    for i, stamp in enumerate(stamps[:6]):
        data = {"text": f"Het nummer klopt niet meer ({i}).", "homepage": "", "started": stamp}
        answers.append(_post(visitor, servers.urls[i % 2] + path, data))
    refused = ["many suggestions" in answer for answer in answers]
    assert refused == [False] * 5 + [True]
    # A stamp already sent through one server is its form's key on the other too: the second
    # send is thanked again and keeps nothing.
    data = {"text": "Nog een keer hetzelfde formulier.", "homepage": "", "started": stamps[0]}
    assert "Thank you" in _post(visitor, servers.urls[1] + path, data)
    count = servers.django(
        "from samen.directory.models import ListingSuggestion;"
        "print(ListingSuggestion.objects.count())"
    )
    assert count == "5"


def test_sign_in_lockout_holds_across_two_servers(servers):
    visitor = _browser()
    login = "/en/accounts/login/"
    answers = []
    for i in range(6):
        url = servers.urls[i % 2] + login
        token = _field(_get(visitor, url), "csrfmiddlewaretoken")
        answers.append(
            _post(
                visitor,
                url,
                {"csrfmiddlewaretoken": token, "login": "lid@example.org", "password": "fout"},
            )
        )
    locked = ["Too many failed login attempts" in answer for answer in answers]
    assert locked == [False] * 5 + [True]


def test_a_totp_code_is_accepted_once_across_processes(servers):
    make = """
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from samen.accounts.models import User
secret = generate_totp_secret()
TOTP.activate(User.objects.get(email="lid@example.org"), secret)
print(secret)
"""
    secret = servers.django(make)
    # Both processes must check the code inside its 30-second window: start early in one.
    if time.time() % 30 > 12:
        time.sleep(30 - time.time() % 30)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    check = f"""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
authenticator = Authenticator.objects.get(type="totp", user__email="lid@example.org")
print(TOTP(authenticator).validate_code("{code}"))
"""
    assert (servers.django(check), servers.django(check)) == ("True", "False")

"""Production settings: `check --deploy` is clean and cookies are __Host- and session-long
(issue 11, item 9)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse


def production(
    tmp_path: Path, *args: str, audit_key: str = "a-long-random-audit-key-for-the-check-" + "y" * 30
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "samen.settings.production",
        "SAMEN_SECRET_KEY": "a-long-random-production-secret-for-the-check-" + "x" * 30,
        "SAMEN_ENCRYPTION_KEYS": "k1:7gdsgkUx_Xb6DGFsbwjX91i-6kXwl-YPNsHOcJaPqOg=",
        "SAMEN_AUDIT_KEY": audit_key,
        "SAMEN_DATA_DIR": str(tmp_path),
        "SAMEN_ALLOWED_HOSTS": "samen.example.org",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, not production
    return subprocess.run(
        [sys.executable, "-m", "samen.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean(tmp_path):
    result = production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_host_only_and_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = production(tmp_path, "shell", "-c", code)
    assert result.stdout.splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "None",
        "True",
    ], result.stderr


def test_the_sign_in_page_sets_only_a_session_long_cookie(client, db):
    response = client.get(reverse("account_login"))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_footer_says_that_signing_in_sets_a_cookie(client, db):
    html = client.get("/en/safety/").content.decode()
    assert "this site sets no cookies while you look for help" in html
    assert "Only signing in, for organisations, sets a cookie" in html


def test_production_refuses_to_start_without_a_long_audit_key(tmp_path):
    for audit_key in ("", "too-short"):
        result = production(tmp_path, "check", audit_key=audit_key)
        assert result.returncode != 0
        assert "Set SAMEN_AUDIT_KEY" in result.stderr

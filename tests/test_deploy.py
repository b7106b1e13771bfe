"""The deployment examples in deploy/ say what the settings and docs say: units that parse
and run samen's commands with the environment file, an nginx example with the request-size
limit of the settings and an access log without query strings."""

import configparser
import re
from pathlib import Path

from django.conf import settings

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text())
    return parser


def test_units_run_samens_commands_as_its_user_with_the_environment_file():
    for name, command in (("samen-web.service", "serve"), ("samen-worker.service", "worker")):
        service = unit(name)["Service"]
        assert service["ExecStart"] == f"/opt/samen/venv/bin/samen {command}"
        assert service["User"] == "samen" and service["UMask"] == "0077"
        assert service["EnvironmentFile"] == "/etc/samen/samen.env"
        assert service["Restart"] == "always"
        assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_environment_example_names_every_required_production_setting():
    names = {
        line.split("=", 1)[0]
        for line in (DEPLOY / "samen.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "SAMEN_SECRET_KEY",
        "SAMEN_ENCRYPTION_KEYS",
        "SAMEN_AUDIT_KEY",
        "SAMEN_ALLOWED_HOSTS",
        "SAMEN_DATA_DIR",
        "SAMEN_MAX_REQUEST_BYTES",
    } <= names


def test_nginx_example_limits_bodies_like_samen_and_logs_no_query_strings():
    text = (DEPLOY / "nginx-samen.conf").read_text()
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert code.count("{") == code.count("}")
    (limit,) = re.findall(r"client_max_body_size (\d+)m;", code)
    assert int(limit) * 1024 * 1024 == settings.MAX_REQUEST_BYTES
    log_format = code[code.index("log_format") : code.index(";", code.index("log_format"))]
    assert "$samen_logged_uri" in log_format
    for leaky in ("$request_uri", "$args", "$query_string", "$request ", "$remote_addr"):
        assert leaky not in log_format
    assert "ssl_certificate " in code and "location /static/" in code
    assert "location /media/logos/" in code

"""load-directory refuses what is not the facts format, and retires only when asked."""

import json

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command

from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.directory.loader import directory_load
from samen.directory.models import Service


def statuses():
    return dict(Service.objects.values_list("external_id", "status"))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        (
            "services.json",
            json.dumps([{"id": "a3b1", "organization_id": "c9", "name": "X", "status": "active"}]),
            "looks like HSDS data",
        ),
        (
            "page.json",
            json.dumps({"total_items": 1, "contents": [{"id": "a", "organization_id": "b"}]}),
            "looks like HSDS data",
        ),
        ("services.csv", "id,organization_id,name\n1,2,Dienst\n", "not a samen facts file"),
        ("other.yaml", "services:\n  - {name: Zonder id}\n", "lacks id, name or checked"),
        ("empty.yaml", "", "not a samen facts file"),
    ],
)
def test_a_file_not_in_the_facts_format_is_refused_and_nothing_changes(
    real_directory, tmp_path, name, text, says
):
    before = statuses()
    with pytest.raises(ApplicationError) as refused:
        directory_load(
            actor=SystemActor("test"), path=write(tmp_path, name, text), retire_missing=True
        )
    assert says in refused.value.message
    assert statuses() == before


def test_a_binary_file_is_refused(db, tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(ApplicationError, match="Cannot read"):
        directory_load(actor=SystemActor("test"), path=path)


def test_the_command_says_why_it_refuses(real_directory, tmp_path):
    path = write(tmp_path, "services.csv", "id,name\n1,Dienst\n")
    with pytest.raises(CommandError, match="not a samen facts file"):
        call_command("load_directory", file=path)


def test_entries_missing_from_the_file_stay_unless_retiring_is_asked(real_directory, tmp_path):
    data = yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))
    data["services"] = [e for e in data["services"] if e["id"] != "zanzu"]
    smaller = write(tmp_path, "facts.yaml", yaml.safe_dump(data, allow_unicode=True))
    report = directory_load(actor=SystemActor("test"), path=smaller)
    assert (report.retired, report.missing) == (0, 1)
    assert Service.objects.get(external_id="zanzu").status == Service.Status.ACTIVE
    report = directory_load(actor=SystemActor("test"), path=smaller, retire_missing=True)
    assert (report.retired, report.missing) == (1, 0)
    assert Service.objects.get(external_id="zanzu").status == Service.Status.INACTIVE


def test_the_command_retires_only_with_its_flag(real_directory, tmp_path, capsys):
    data = yaml.safe_load(settings.DIRECTORY_SOURCE_FILE.read_text(encoding="utf-8"))
    data["services"] = [e for e in data["services"] if e["id"] != "zanzu"]
    smaller = write(tmp_path, "facts.yaml", yaml.safe_dump(data, allow_unicode=True))
    call_command("load_directory", file=smaller)
    assert "--retire-missing" in capsys.readouterr().out
    assert Service.objects.get(external_id="zanzu").status == Service.Status.ACTIVE
    call_command("load_directory", file=smaller, retire_missing=True)
    assert Service.objects.get(external_id="zanzu").status == Service.Status.INACTIVE

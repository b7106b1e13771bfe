"""Uploading an HSDS file in the web app: preview, apply, who may, bad files."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.files import uploadhandler
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.core.models import DailyJobRun
from samen.core.schedule import AMSTERDAM, DAILY_JOBS, schedule_due_jobs
from samen.directory.models import Network, Service
from samen.imports.models import PendingImport
from tests.factories import OrganizationFactory, client_for, member
from tests.imports.test_import_hsds import EXAMPLES, OFFICIAL_ID

UPLOAD = "/en/manage/import/"
APPLY = "/en/manage/import/apply/"


def _file(content, name="services.json"):
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _example():
    return (EXAMPLES / "service_full.json").read_bytes()


def _coordinator():
    user = member("coordinator@example.org")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    Network.objects.create(name="Netwerk Utrecht").coordinators.add(user)
    return user


@pytest.fixture
def admin(db):
    return member("admin@example.org", is_staff=True)


def upload(client, content=None, name="services.json", **fields):
    data = {
        "source": "municipality",
        "language": "en",
        "file": _file(_example() if content is None else content, name),
        **fields,
    }
    return client.post(UPLOAD, data)


@pytest.mark.parametrize("who", ["admin", "coordinator"])
def test_administrators_and_coordinators_preview_then_apply(db, admin, who):
    user = admin if who == "admin" else _coordinator()
    client = client_for(user)
    assert client.get(UPLOAD).status_code == 200
    response = upload(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 new listing" in page and "Community Counselling" in page
    assert "Places: 1 new, 0 changed, 0 unchanged, 0 removed." in page
    assert not Service.objects.exists()  # only a preview
    pending = PendingImport.objects.get()
    assert bytes(pending.content) == _example()
    response = client.post(APPLY, {"pending": str(pending.uuid)}, follow=True)
    assert "Imported from municipality: 1 new" in response.content.decode()
    service = Service.objects.get()
    assert service.imported_from.source_id == OFFICIAL_ID
    assert not PendingImport.objects.exists()  # the file is not kept once applied
    entry = AuditEntry.objects.get(action="directory.imported")
    assert entry.actor_user == user


@pytest.mark.parametrize("role", ["owner", "editor", "plain", None])
def test_nobody_else_may_upload_or_apply(db, admin, role):
    organization = OrganizationFactory()
    user = (
        member(f"{role}@example.org", organization, role)
        if role in ("owner", "editor")
        else member("plain@example.org")
        if role
        else None
    )
    client = client_for(user)
    pending = PendingImport.objects.create(
        source="x", file_name="f.json", content=_example(), language="en", uploaded_by=admin
    )
    expected = 403 if user else 302
    assert client.get(UPLOAD).status_code == expected
    assert upload(client).status_code == expected
    assert client.post(APPLY, {"pending": str(pending.uuid)}).status_code == expected
    assert not Service.objects.exists()
    assert PendingImport.objects.count() == 1


def test_a_coordinator_cannot_apply_someone_elses_upload(db, admin):
    pending = PendingImport.objects.create(
        source="x", file_name="f.json", content=_example(), language="en", uploaded_by=admin
    )
    response = client_for(_coordinator()).post(APPLY, {"pending": str(pending.uuid)}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert not Service.objects.exists()


def test_a_file_with_invalid_records_shows_their_paths_and_is_not_kept(admin):
    service = json.loads(_example())
    del service["phones"][0]["number"]
    response = upload(client_for(admin), json.dumps([service]).encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert "services[0].phones[0].number: required" in page
    assert "nothing was imported" in page
    assert not PendingImport.objects.exists() and not Service.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x00\xff\xfe not text", "x.json", "is not a UTF-8 text file"),
        (b"PK\x03\x04 broken zip", "x.zip", "is not a readable zip file"),
        (b"name,id\n", "x.csv", "is neither JSON nor ndjson"),
    ],
)
def test_a_bad_file_gets_an_error_not_a_500(admin, content, name, message):
    response = upload(client_for(admin), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_csv_datapackage_uploads_as_a_zip(admin):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for table in (EXAMPLES / "csv").glob("*.csv"):
            zipped.write(table, f"csv/{table.name}")
    response = upload(client_for(admin), archive.getvalue(), "datapackage.zip")
    assert "1 new listing" in response.content.decode()


def test_a_too_large_file_is_refused_before_it_is_read(admin, settings):
    big = b" " * settings.MAX_REQUEST_BYTES
    response = upload(client_for(admin), big)
    assert response.status_code == 413
    assert "at most 3 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_the_upload_is_held_in_memory_never_in_a_temporary_file(admin, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's own handlers would spill to disk

    def refuse(*args, **kwargs):
        raise AssertionError("the upload was written to a temporary file")

    monkeypatch.setattr(uploadhandler.TemporaryUploadedFile, "__init__", refuse)
    response = upload(client_for(admin))
    assert "1 new listing" in response.content.decode()


def test_discarding_forgets_the_file(admin):
    client = client_for(admin)
    upload(client)
    pending = PendingImport.objects.get()
    client.post(APPLY, {"pending": str(pending.uuid), "discard": "1"})
    assert not PendingImport.objects.exists() and not Service.objects.exists()


def test_an_expired_upload_is_deleted_and_cannot_be_applied(admin):
    client = client_for(admin)
    upload(client)
    pending = PendingImport.objects.get()
    PendingImport.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    response = client.post(APPLY, {"pending": str(pending.uuid)}, follow=True)
    assert "no longer waiting" in response.content.decode()
    assert not PendingImport.objects.exists() and not Service.objects.exists()


def test_the_daily_job_deletes_uploads_older_than_an_hour_and_keeps_newer(admin, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(admin)
    upload(client)
    upload(client, name="second.json")
    old, fresh = PendingImport.objects.order_by("id")
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    PendingImport.objects.filter(pk=fresh.pk).update(
        created_at=timezone.now() - timedelta(minutes=59)
    )
    assert "purge-pending-imports" in DAILY_JOBS
    local = timezone.now().astimezone(AMSTERDAM)
    others = [job for job in DAILY_JOBS if job != "purge-pending-imports"]
    DailyJobRun.objects.bulk_create([DailyJobRun(job=job, day=local.date()) for job in others])
    day_end = local.replace(hour=23, minute=59)
    assert schedule_due_jobs(now=day_end) == ["purge-pending-imports"]
    assert list(PendingImport.objects.values_list("pk", flat=True)) == [fresh.pk]
    run = DailyJobRun.objects.get(job="purge-pending-imports", day=local.date())
    assert run.succeeded is True and run.finished_at is not None
    health = client_for(None).get("/readyz").json()
    assert health["daily_jobs"]["purge-pending-imports"]["succeeded"] is True


def test_an_imported_service_says_where_it_is_from(admin):
    client = client_for(admin)
    upload(client)
    client.post(APPLY, {"pending": str(PendingImport.objects.get().uuid)})
    service = Service.objects.get()
    page = client_for(None).get(f"/en/services/{service.uuid}/").content.decode()
    assert "From: municipality" in page

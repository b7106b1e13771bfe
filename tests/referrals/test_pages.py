import datetime as dt
import time

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.referrals import services, views
from samen.referrals.middleware import LAST_SEEN
from samen.referrals.models import Referral
from tests.factories import client_for, form_key, member
from tests.referrals.conftest import consent_data, handler, person_data, url

ROLES = [
    "anonymous",
    "member",
    "owner",
    "referrer",
    "colleague",
    "receiver",
    "third_handler",
    "officer",
    "coordinator",
    "admin",
]
HANDLERS = {"referrer", "colleague", "receiver", "third_handler"}
LOGIN = 302


def statuses(world, method, path, data=None):
    result = {}
    for role in ROLES:
        client = client_for(world[role])
        response = client.post(path, data or {}) if method == "post" else client.get(path)
        result[role] = response.status_code
    return result


def expect(allowed, yes=200, no=403):
    return {
        role: yes if role in allowed else (LOGIN if role == "anonymous" else no) for role in ROLES
    }


@pytest.mark.parametrize("page", ["referrals:list", "referrals:create"])
def test_only_referral_handlers_open_the_referral_pages(referral_world, page):
    assert statuses(referral_world, "get", url(page)) == expect(HANDLERS)


def test_who_may_read_a_referral(referral_world, referral):
    assert statuses(referral_world, "get", url("referrals:detail", referral.uuid)) == expect(
        {"referrer", "receiver"}, no=404
    )
    referral.shared_with_colleagues = True
    referral.save()
    assert (
        statuses(referral_world, "get", url("referrals:detail", referral.uuid))["colleague"] == 200
    )


def test_a_read_through_the_page_is_one_audit_entry_and_shows_the_details(referral_world, referral):
    client = client_for(referral_world["receiver"])  # signing in is audited too
    before = AuditEntry.objects.count()
    response = client.get(url("referrals:detail", referral.uuid))
    assert "A.B." in response.content.decode() and "0612345678" in response.content.decode()
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.last().action == "referral.read"
    assert response["Cache-Control"].startswith("max-age=0")


def test_lists_show_no_personal_data(referral_world, referral):
    html = client_for(referral_world["receiver"]).get(url("referrals:list")).content.decode()
    assert referral.reference in html and "A.B." not in html


def test_only_the_receiving_side_accepts(referral_world, referral):
    path = url("referrals:step", referral.uuid)
    codes = statuses(referral_world, "post", path, {"to": "accepted"})
    assert codes == expect({"referrer", "receiver"}, yes=302, no=404)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.events.filter(status="accepted").get().actor == referral_world["receiver"]


def test_only_the_two_sides_record_a_withdrawal_of_consent(referral_world, referral):
    for role in ROLES:
        if role in ("referrer", "receiver"):
            continue
        client_for(referral_world[role]).post(url("referrals:consent-withdraw", referral.uuid))
        assert Referral.objects.get(pk=referral.pk).person_name == "A.B.", role
    client_for(referral_world["referrer"]).post(url("referrals:consent-withdraw", referral.uuid))
    assert Referral.objects.get(pk=referral.pk).person_name == ""


def test_administrators_read_only_through_the_audited_emergency_path(referral_world, referral):
    detail = url("referrals:detail", referral.uuid)
    admin = client_for(referral_world["admin"])
    assert admin.get(detail).status_code == 404
    emergency = url("referrals:emergency", language="en")
    assert statuses(referral_world, "get", emergency) == expect({"admin"})
    reason = "De ontvangende organisatie is onbereikbaar en het is acuut."
    short = admin.post(emergency, {"reference": referral.reference, "reason": "kort"})
    assert (
        short.status_code == 200 and 'value="' + referral.reference + '"' in short.content.decode()
    )
    unknown = admin.post(emergency, {"reference": "00000000", "reason": reason})
    assert "No referral has this reference." in unknown.content.decode()
    wrong = admin.post(emergency, {"reference": "xyz", "reason": reason})
    assert "A reference is eight characters" in wrong.content.decode()
    assert admin.get(detail).status_code == 404
    done = admin.post(emergency, {"reference": referral.reference.lower(), "reason": reason})
    assert done["Location"] == url("referrals:detail", referral.uuid, language="en")
    assert admin.get(detail).status_code == 200
    grant = AuditEntry.objects.get(action="referral.emergency_access")
    assert grant.actor_user == referral_world["admin"]


def test_export_needs_a_fresh_password(referral_world, referral):
    export = url("referrals:export")
    response = client_for(referral_world["receiver"]).get(export)
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not AuditEntry.objects.filter(action="referral.exported").exists()
    for role in ("member", "owner", "admin", "coordinator", "officer"):
        assert client_for(referral_world[role]).get(export).status_code in (302, 403), role
    client = client_for(referral_world["receiver"])
    client.post(url("account_reauthenticate"), {"password": "x"})
    response = client.post(export)
    assert response.status_code == 200 and "A.B." in response.content.decode()
    exported = AuditEntry.objects.get(action="referral.exported")
    assert (exported.target_type, exported.target_id) == ("referrals.referral", str(referral.pk))


def test_the_export_downloads_only_on_post(referral_world, referral):
    client = client_for(referral_world["receiver"])
    client.post(url("account_reauthenticate"), {"password": "x"})
    page = client.get(url("referrals:export", language="en"))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "A.B." not in page.content.decode() and 'method="post"' in page.content.decode()
    assert not AuditEntry.objects.filter(action="referral.exported").exists()


def test_each_exported_referral_shows_on_the_privacy_officers_audit_page(referral_world):
    made = [
        services.referral_create(
            actor=referral_world["referrer"],
            referrer=referral_world["own"],
            receiving_organization=referral_world["other"],
            person=person_data(referral_world["need"]),
            consent=consent_data(),
        )
        for _ in range(3)
    ]
    client = client_for(referral_world["receiver"])
    client.post(url("account_reauthenticate"), {"password": "x"})
    assert client.post(url("referrals:export")).status_code == 200
    entries = AuditEntry.objects.filter(action="referral.exported")
    assert sorted(int(e.target_id) for e in entries) == sorted(r.pk for r in made)
    officer = client_for(referral_world["officer"])
    html = officer.get(url("referrals:audit", referral_world["other"].uuid)).content.decode()
    assert html.count("referral.exported") == 3


def test_only_owners_set_referral_roles(referral_world):
    page = url("referrals:roles", referral_world["own"].uuid)
    assert statuses(referral_world, "get", page) == expect({"owner"})
    editor = referral_world["editor"]
    client_for(referral_world["owner"]).post(
        page, {"accepts_referrals": "on", "handlers": [str(editor.pk)], "privacy_officers": []}
    )
    referral_world["own"].refresh_from_db()
    assert referral_world["own"].accepts_referrals
    assert editor.memberships.get().is_referral_handler
    # The referrer was not ticked: no longer a handler.
    assert not referral_world["referrer"].memberships.get().is_referral_handler


def test_figures_for_owners_handlers_officers_and_coordinators(referral_world, referral):
    allowed = {"owner", "referrer", "colleague", "receiver", "third_handler", "officer"}
    assert statuses(referral_world, "get", url("referrals:reports")) == expect(
        allowed | {"coordinator"}
    )
    html = client_for(referral_world["coordinator"]).get(url("referrals:reports")).content.decode()
    assert "Netwerk" in html and "&lt;5" in html


def test_only_the_privacy_officer_reads_the_audit_log(referral_world, referral):
    page = url("referrals:audit", referral_world["other"].uuid)
    assert statuses(referral_world, "get", page) == expect({"officer"})
    client_for(referral_world["receiver"]).get(url("referrals:detail", referral.uuid))
    html = client_for(referral_world["officer"]).get(page).content.decode()
    assert "referral.read" in html and "A.B." not in html


def test_referral_handlers_must_use_two_factor_authentication(referral_world):
    user = member("nieuw@example.org", referral_world["own"], "editor")
    user.memberships.update(is_referral_handler=True)
    response = client_for(user).get(url("referrals:list"))
    assert response.status_code == 302 and response["Location"] == url("mfa_activate_totp")


def test_handlers_are_signed_out_after_15_idle_minutes(referral_world):
    client = client_for(referral_world["referrer"])
    assert client.get(url("referrals:list")).status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 16 * 60
    session.save()
    response = client.get(url("referrals:list"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(url("referrals:list")).status_code == LOGIN


def test_a_handler_of_another_organisation_cannot_be_named_as_referrer(referral_world):
    """A forged `as` is refused with a reason, never replaced by the user's own organisation."""
    outsider = handler("buiten@example.org", referral_world["third"])
    client = client_for(outsider)
    page = client.get(url("referrals:create", language="en") + f"?as={referral_world['own'].uuid}")
    assert page.status_code == 403
    assert "You cannot act for this organisation or profile here." in page.content.decode()
    fields = {**form_fields(referral_world), "as": str(referral_world["own"].uuid)}
    response = client.post(url("referrals:create"), fields)
    assert response.status_code == 403 and 'id="quick-exit"' in response.content.decode()
    assert not Referral.objects.exists()
    # Their own organisation, named or not, still works.
    fields["as"] = str(referral_world["third"].uuid)
    fields["form_key"] = form_key("referral", outsider)
    assert client.post(url("referrals:create"), fields).status_code == 302
    assert Referral.objects.get().referring_organization == referral_world["third"]


@pytest.mark.parametrize(
    ("step", "reason", "side"),
    [
        ("declined", "no_capacity", "receiver"),
        ("withdrawn", "", "referrer"),
    ],
)
def test_each_step_only_by_its_side(referral_world, referral, step, reason, side):
    path = url("referrals:step", referral.uuid)
    for role in ROLES:
        if role == side:
            continue
        client_for(referral_world[role]).post(path, {"to": step, "reason": reason})
        assert Referral.objects.get(pk=referral.pk).status == Referral.Status.SENT, role
    client_for(referral_world[side]).post(path, {"to": step, "reason": reason})
    assert Referral.objects.get(pk=referral.pk).status == step


def form_fields(world):
    """A complete referral form, as a handler fills it in for the receiving organisation."""
    return {
        "receiving_organization": str(world["other"].uuid),
        "person_name": "Z.",
        "language": "ar",
        "needs": ["shelter"],
        "urgency": "today",
        "contact_channel": "through_referrer",
        "consent_given": "on",
        "consent_language": "ar",
        "consent_method": "verbal",
        "consent_date": str(timezone.localdate()),
        "consent_items": ["name", "language", "needs"],
    }


def test_only_handlers_can_send_a_referral(referral_world):
    fields = form_fields(referral_world)
    for role in ROLES:
        if role in HANDLERS:
            continue
        response = client_for(referral_world[role]).post(url("referrals:create"), fields)
        assert response.status_code == (LOGIN if role == "anonymous" else 403), role
    assert not Referral.objects.exists()
    fields["form_key"] = form_key("referral", referral_world["referrer"])
    response = client_for(referral_world["referrer"]).post(url("referrals:create"), fields)
    assert response.status_code == 302
    assert Referral.objects.get().receiving_organization == referral_world["other"]


def test_the_form_without_consent_keeps_the_input_and_says_why(referral_world):
    response = client_for(referral_world["referrer"]).post(
        url("referrals:create", language="en"),
        {"person_name": "Z.", "receiving_organization": str(referral_world["other"].uuid)},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'value="Z."' in html
    assert "This field is required." in html and not Referral.objects.exists()


def test_no_personal_referral_data_in_audit_logs_urls_or_mail(
    referral_world, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("DEBUG")
    referrer = client_for(referral_world["referrer"])
    receiver = client_for(referral_world["receiver"])
    fields = {
        "receiving_organization": str(referral_world["other"].uuid),
        "person_name": "Geheime Naam",
        "language": "ar",
        "needs": ["shelter"],
        "urgency": "today",
        "contact_channel": "phone",
        "contact_details": "0699999999",
        "safe_times": "Alleen dinsdag",
        "note": "Geheime notitie",
        "consent_given": "on",
        "consent_language": "ar",
        "consent_method": "written",
        "consent_date": str(timezone.localdate()),
        "consent_items": ["name", "language", "needs", "contact", "note"],
        "feedback_to_referrer": "on",
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    with django_capture_on_commit_callbacks(execute=True):
        created = referrer.post(url("referrals:create"), fields)
    referral = Referral.objects.get()
    urls = [created["Location"]]
    with django_capture_on_commit_callbacks(execute=True):
        receiver.get(url("referrals:detail", referral.uuid))
        for step in ("accepted", "contact_made"):
            urls.append(
                receiver.post(url("referrals:step", referral.uuid), {"to": step})["Location"]
            )
        referrer.post(url("referrals:consent-withdraw", referral.uuid))
    secrets = ("Geheime", "0699999999", "dinsdag")
    audit_text = " ".join(
        f"{e.action} {e.data} {e.on_behalf_of} {e.target_id}" for e in AuditEntry.objects.all()
    )
    mail_text = " ".join(f"{m.subject} {m.body}" for m in mail.outbox)
    assert len(mail.outbox) >= 4
    for secret in secrets:
        assert secret not in audit_text
        assert secret not in caplog.text
        assert secret not in mail_text
        assert all(secret not in link for link in urls)


def test_export_cells_cannot_run_as_spreadsheet_formulas(referral_world):
    services.referral_create(
        actor=referral_world["referrer"],
        referrer=referral_world["own"],
        receiving_organization=referral_world["other"],
        person=person_data(referral_world["need"], note='=HYPERLINK("http://x","y")'),
        consent=consent_data(),
    )
    client = client_for(referral_world["receiver"])
    client.post(url("account_reauthenticate"), {"password": "x"})
    rows = client.post(url("referrals:export")).content.decode().splitlines()
    assert rows[0].startswith("reference,created,from,to,status,name")
    assert "'=HYPERLINK" in rows[1] and ",=HYPERLINK" not in rows[1]


def test_emergency_access_ends_after_an_hour(referral_world, referral):
    detail = url("referrals:detail", referral.uuid)
    start = dt.datetime(2030, 5, 1, 12, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        admin = client_for(referral_world["admin"])
        admin.post(
            url("referrals:emergency"),
            {
                "reference": referral.reference,
                "reason": "De ontvangende organisatie is onbereikbaar en het is acuut.",
            },
        )
        assert admin.get(detail).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert client_for(referral_world["admin"]).get(detail).status_code == 404


def test_received_referrals_are_paged(referral_world):
    for _ in range(views.LIST_PAGE_SIZE + 3):
        services.referral_create(
            actor=referral_world["referrer"],
            referrer=referral_world["own"],
            receiving_organization=referral_world["other"],
            person=person_data(referral_world["need"]),
            consent=consent_data(),
        )
    client = client_for(referral_world["receiver"])
    first = client.get(url("referrals:list", language="en")).content.decode()
    assert first.count('href="/en/referrals/') >= views.LIST_PAGE_SIZE
    assert "Page 1 of 2" in first and "?received=2" in first
    second = client.get(url("referrals:list", language="en") + "?received=2").content.decode()
    assert "Page 2 of 2" in second
    # Fifty rows cost no more queries than three (no query per row); bad input is page 1.
    with CaptureQueriesContext(connection) as full:
        assert client.get(url("referrals:list") + "?received=nonsense").status_code == 200
    with CaptureQueriesContext(connection) as short:
        client.get(url("referrals:list") + "?received=2")
    assert len(full.captured_queries) == len(short.captured_queries)


@pytest.mark.django_db(transaction=True)  # the worker closes connections
def test_a_referral_sent_while_mail_is_down_is_saved_and_shown(referral_world, queue, smtp):
    from django.core.management import call_command

    from samen.core.models import OutboundMessage

    smtp(refuse=True)
    fields = {
        **form_fields(referral_world),
        "form_key": form_key("referral", referral_world["referrer"]),
    }
    response = client_for(referral_world["referrer"]).post(
        url("referrals:create"), fields, follow=True
    )
    assert response.status_code == 200
    assert Referral.objects.count() == 1
    call_command("worker", "--batch", "--interval", "0")
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {"pending"}

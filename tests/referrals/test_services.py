import datetime as dt

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import translation

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.core.rotation import encrypted_fields, key_usage, rotate_keys
from samen.referrals import services
from samen.referrals.models import EmergencyAccess, Referral
from samen.referrals.selectors import statistics
from tests.referrals.conftest import consent_data, person_data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refer(world, **extra):
    return services.referral_create(
        actor=world["referrer"],
        referrer=world["own"],
        receiving_organization=world["other"],
        person=extra.pop("person", person_data(world["need"])),
        consent=extra.pop("consent", consent_data()),
        **extra,
    )


def test_a_referral_without_consent_is_refused_by_the_service(referral_world):
    with pytest.raises(ApplicationError, match="consent"):
        refer(referral_world, consent=None)
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    "consent",
    [
        {"text_version": "2020-01"},
        {"text_language": "ti"},  # the Arabic text's version, recorded as Tigrinya
        {"method": "nodded"},
        {"text_language": "xx"},
        {"shared_items": ["name", "language"]},
        {"given_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
    ],
)
def test_incomplete_consent_is_refused(referral_world, consent):
    with pytest.raises(ApplicationError):
        refer(referral_world, consent=consent_data(**consent))
    assert not Referral.objects.exists()


def test_each_language_has_its_own_consent_text_version_and_digest(referral_world):
    from django.conf import settings

    from samen.referrals.consent import consent_digest, consent_text, consent_version

    codes = [code for code, _name in settings.LANGUAGES]
    texts = {code: consent_text(code) for code in codes}
    assert len(set(texts.values())) == len(codes)  # translated in every language
    assert len({consent_version(code) for code in codes}) == len(codes)
    assert all(len(consent_version(code)) <= 20 for code in codes)
    referral = refer(
        referral_world,
        consent=consent_data(text_language="ti", text_version=consent_version("ti")),
    )
    assert referral.consent.text_version == consent_version("ti")
    assert referral.consent.text_digest == consent_digest("ti")


def test_contact_details_need_consent_to_share_them(referral_world):
    items = ["name", "language", "needs"]
    with pytest.raises(ApplicationError, match="only through me"):
        refer(referral_world, consent=consent_data(shared_items=items))
    referral = refer(
        referral_world,
        consent=consent_data(shared_items=items),
        person=person_data(
            referral_world["need"],
            contact_channel="through_referrer",
            contact_details="",
            safe_times="",
            note="",
        ),
    )
    assert referral.consent.shared_items == ["language", "name", "needs"]


def test_only_handlers_of_the_referring_organisation_refer(referral_world):
    for actor in ("owner", "member", "receiver", "admin"):
        with pytest.raises(ApplicationError):
            services.referral_create(
                actor=referral_world[actor],
                referrer=referral_world["own"],
                receiving_organization=referral_world["other"],
                person=person_data(referral_world["need"]),
                consent=consent_data(),
            )


def test_only_organisations_that_receive_referrals_can_be_chosen(referral_world):
    referral_world["other"].accepts_referrals = False
    referral_world["other"].save()
    with pytest.raises(ApplicationError):
        refer(referral_world)


def test_personal_fields_are_encrypted_in_the_database(referral_world):
    referral = refer(referral_world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_name, contact_details, safe_times, note FROM referrals_referral "
            "WHERE id = %s",
            [referral.pk],
        )
        stored = cursor.fetchone()
    for value, plain in zip(
        stored,
        ["A.B.", "0612345678", "Ochtend, niet in het weekend", "Spreekt ook wat Engels"],
        strict=True,
    ):
        assert plain not in value and value.startswith("test1$")


def test_the_whole_lifecycle_with_neutral_mail(referral_world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(referral_world)
    assert [m.to for m in mail.outbox] == [["ontvanger@example.org"]]
    receiver = referral_world["receiver"]
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_read(actor=receiver, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OPENED
    for to, reason in (("accepted", ""), ("contact_made", ""), ("closed", "got_help")):
        with django_capture_on_commit_callbacks(execute=True):
            services.referral_transition(actor=receiver, referral=referral, to=to, reason=reason)
    referral.refresh_from_db()
    assert referral.status == "closed" and referral.outcome == "got_help" and referral.ended_at
    assert [e.status for e in referral.events.all()] == [
        "sent",
        "opened",
        "accepted",
        "contact_made",
        "closed",
    ]
    # Every mail is the same neutral text, with nothing about the person or the organisations.
    assert len(mail.outbox) == 5
    for message in mail.outbox:
        # In the recipient's language (Dutch, their sign-up language).
        assert message.subject == "Er is een update in samen"
        for secret in ("A.B.", "0612345678", "Andere", "Eigen", referral.reference, "shelter"):
            assert secret not in message.body and secret not in message.subject


def test_steps_out_of_order_or_by_the_wrong_side_are_refused(referral_world):
    referral = refer(referral_world)
    with pytest.raises(ApplicationError):
        services.referral_transition(
            actor=referral_world["referrer"], referral=referral, to="accepted"
        )
    with pytest.raises(ApplicationError):
        services.referral_transition(
            actor=referral_world["receiver"], referral=referral, to="closed", reason="got_help"
        )
    with pytest.raises(ApplicationError, match="reason"):
        services.referral_transition(
            actor=referral_world["receiver"], referral=referral, to="declined", reason=""
        )
    services.referral_transition(
        actor=referral_world["referrer"], referral=referral, to="withdrawn"
    )
    with pytest.raises(ApplicationError):
        services.referral_transition(
            actor=referral_world["receiver"], referral=referral, to="accepted"
        )


def test_without_feedback_consent_the_referrer_gets_no_updates(
    referral_world, django_capture_on_commit_callbacks
):
    referral = refer(referral_world, consent=consent_data(feedback_to_referrer=False))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_transition(
            actor=referral_world["receiver"], referral=referral, to="accepted"
        )
    assert mail.outbox == []


def test_every_read_is_one_audit_entry(referral_world):
    referral = refer(referral_world)
    before = AuditEntry.objects.count()
    services.referral_read(
        actor=referral_world["receiver"], referral=referral, ip_address="192.0.2.1"
    )
    services.referral_read(actor=referral_world["referrer"], referral=referral)
    reads = AuditEntry.objects.filter(action="referral.read", target_id=str(referral.pk))
    assert AuditEntry.objects.count() == before + 2 and reads.count() == 2
    first = reads.first()
    assert first.actor_user == referral_world["receiver"]
    assert first.on_behalf_of == "Andere organisatie" and first.ip_address == "192.0.2.1"


def test_withdrawing_consent_erases_the_personal_fields_at_once(referral_world):
    referral = refer(referral_world)
    services.consent_withdraw(actor=referral_world["receiver"], referral=referral)
    referral = Referral.objects.get(pk=referral.pk)
    assert (referral.person_name, referral.contact_details, referral.safe_times, referral.note) == (
        "",
        "",
        "",
        "",
    )
    assert referral.status == "withdrawn" and referral.personal_data_erased_at
    assert referral.consent.withdrawn_at is not None
    # What statistics need stays; the audit keeps that it happened, without personal data.
    assert referral.language == "ti" and list(referral.needs.all()) == [referral_world["need"]]
    entry = AuditEntry.objects.get(action="consent.withdrawn")
    assert "A.B." not in str(entry.data)


@override_settings(REFERRAL_RETENTION_DAYS=90)
def test_retention_erases_exactly_the_referrals_that_ended_long_enough_ago(referral_world):
    with time_machine.travel(dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        old = refer(referral_world)
        services.referral_transition(actor=referral_world["referrer"], referral=old, to="withdrawn")
        still_open = refer(referral_world)
    with time_machine.travel(dt.datetime(2030, 3, 15, 12, tzinfo=dt.UTC), tick=False):
        recent = refer(referral_world)
        services.referral_transition(
            actor=referral_world["receiver"], referral=recent, to="declined", reason="no_capacity"
        )
    with time_machine.travel(dt.datetime(2030, 4, 2, 12, tzinfo=dt.UTC), tick=False):
        assert services.purge_referrals(actor=SystemActor("test")) == 1
        assert services.purge_referrals(actor=SystemActor("test")) == 0
    old, still_open, recent = (Referral.objects.get(pk=r.pk) for r in (old, still_open, recent))
    assert old.person_name == "" and old.personal_data_erased_at is not None
    assert still_open.person_name == "A.B." and recent.person_name == "A.B."
    assert old.needs.count() == 1 and old.status == "withdrawn"


def test_emergency_access_needs_an_administrator_and_a_reason(referral_world):
    referral = refer(referral_world)
    with pytest.raises(ApplicationError):
        services.emergency_access_grant(
            actor=referral_world["owner"], referral=referral, reason="x" * 40
        )
    with pytest.raises(ApplicationError):
        services.emergency_access_grant(
            actor=referral_world["admin"], referral=referral, reason="nu"
        )
    services.emergency_access_grant(
        actor=referral_world["admin"],
        referral=referral,
        reason="Politie meldt acuut gevaar en de ontvangende organisatie is onbereikbaar.",
    )
    assert AuditEntry.objects.filter(action="referral.emergency_access").count() == 1


def test_the_purge_command_is_what_operators_schedule(referral_world, capsys):
    call_command("purge_referrals")
    assert "Erased the personal fields of 0 referrals." in capsys.readouterr().out


def test_every_encrypted_field_rotates_to_the_new_key_and_stays_readable(referral_world):
    referral = refer(referral_world)
    services.emergency_access_grant(
        actor=referral_world["admin"],
        referral=referral,
        reason="Acuut gevaar gemeld; de ontvangende organisatie is onbereikbaar.",
    )
    fields = {f"{model._meta.label_lower}.{field.name}" for model, field in encrypted_fields()}
    assert {
        "referrals.referral.person_name",
        "referrals.referral.contact_details",
        "referrals.referral.safe_times",
        "referrals.referral.note",
        "referrals.emergencyaccess.reason",
        "infosessions.registration.nickname",
    } <= fields
    new = ("new2", Fernet.generate_key().decode())
    old = ("test1", "7gdsgkUx_Xb6DGFsbwjX91i-6kXwl-YPNsHOcJaPqOg=")
    with override_settings(ENCRYPTION_KEYS=[new, old]):
        assert rotate_keys(actor=SystemActor("test")) == 5
    with override_settings(ENCRYPTION_KEYS=[new]):
        assert key_usage() == {"new2": 5}
        fresh = Referral.objects.get(pk=referral.pk)
        assert (fresh.person_name, fresh.note) == ("A.B.", "Spreekt ook wat Engels")
        assert EmergencyAccess.objects.get().reason.startswith("Acuut gevaar")


def test_figures_count_by_month_need_status_and_outcome_with_small_counts_hidden(referral_world):
    for _ in range(6):
        refer(referral_world)
    closed = refer(referral_world)
    for to, reason in (("accepted", ""), ("closed", "got_help")):
        services.referral_transition(
            actor=referral_world["receiver"], referral=closed, to=to, reason=reason
        )
    figures = statistics(organizations=[referral_world["other"]])
    assert figures.total.shown == "7"
    assert [(row.label, row.shown) for row in figures.by_status] == [
        ("Sent", "6"),
        ("Closed", "<5"),
    ]
    assert [(row.label, row.shown) for row in figures.by_outcome] == [("Got help", "<5")]
    assert [(row.label, row.shown) for row in figures.by_need] == [("shelter en", "7")]
    assert [row.count for row in figures.by_month] == [7]
    assert statistics(organizations=[referral_world["third"]]).total.shown == "0"

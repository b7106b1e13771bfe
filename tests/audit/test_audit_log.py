import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor, audit_record, chain_breaks
from tests.factories import member


def entries(count):
    return [
        audit_record(actor=SystemActor("test"), action="test.entry", data={"n": n})
        for n in range(count)
    ]


def test_each_entry_links_to_the_one_before(db):
    first, second, third = entries(3)
    assert first.previous_hash == "" and second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert list(chain_breaks()) == []
    call_command("audit_verify")


def raw(sql, params):
    """A change made behind the application's back (on PostgreSQL the append-only trigger is
    bypassed the way only a database superuser can)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_a_changed_entry_breaks_the_chain(db):
    _first, second, _third = entries(3)
    with transaction.atomic():
        raw("UPDATE audit_auditentry SET action = 'test.other' WHERE id = %s", [second.pk])
    assert [entry.pk for entry in chain_breaks()] == [second.pk]
    with pytest.raises(CommandError, match=f"entry {second.pk}"):
        call_command("audit_verify")


def test_a_removed_entry_breaks_the_chain(db):
    _first, second, third = entries(3)
    with transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id = %s", [second.pk])
    assert [entry.pk for entry in chain_breaks()] == [third.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_change_or_delete_audit_rows(db):
    (entry,) = entries(1)
    for statement in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_sign_in_and_failed_sign_in_are_audited_with_the_address(db):
    user = member("lid@example.org")
    user.set_password("een-lang-wachtwoord-9")
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.post("/nl/accounts/login/", {"login": "lid@example.org", "password": "fout-wachtwoord"})
    client.post(
        "/nl/accounts/login/", {"login": "lid@example.org", "password": "een-lang-wachtwoord-9"}
    )
    failed = AuditEntry.objects.get(action="auth.login_failed")
    assert failed.target_id == str(user.pk) and failed.ip_address == "192.0.2.7"
    assert "fout-wachtwoord" not in str(failed.data)
    login = AuditEntry.objects.get(action="auth.login")
    assert login.actor_user == user and login.ip_address == "192.0.2.7"
    assert list(chain_breaks()) == []

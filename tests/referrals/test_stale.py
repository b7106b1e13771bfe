"""Retention for what never ends (issue 13, item 9): a referral nobody acted on for
SAMEN_REFERRAL_STALE_DAYS is closed as "no response", both sides get the neutral update
mail, it is audited, and purge-referrals erases it after the usual retention."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.audit.services import SystemActor
from samen.core.errors import ApplicationError
from samen.core.schedule import DAILY_JOBS
from samen.referrals import services
from samen.referrals.forms import CloseForm
from samen.referrals.models import Referral
from tests.referrals.conftest import consent_data, person_data

ACTOR = SystemActor("close-stale-referrals")


def sent_days_ago(world, days, **consent):
    with time_machine.travel(timezone.now() - dt.timedelta(days=days)):
        return services.referral_create(
            actor=world["referrer"],
            referrer=world["own"],
            receiving_organization=world["other"],
            person=person_data(world["need"]),
            consent=consent_data(given_at=timezone.now(), **consent),
        )


def test_a_referral_nobody_acted_on_is_closed_as_no_response_and_both_sides_told(
    referral_world, settings
):
    assert settings.REFERRAL_STALE_DAYS == 180
    stale = sent_days_ago(referral_world, 181)
    mail.outbox.clear()
    assert services.close_stale_referrals(actor=ACTOR) == 1
    stale.refresh_from_db()
    assert stale.status == Referral.Status.CLOSED
    assert stale.outcome == Referral.Outcome.NO_RESPONSE and stale.ended_at is not None
    event = stale.events.last()
    assert (event.status, event.side, event.reason) == ("closed", "system", "no_response")
    entry = AuditEntry.objects.get(action="referral.closed")
    assert entry.actor_label == "system:close-stale-referrals"
    assert entry.data == {"reason": "no_response"}
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == ["ontvanger@example.org", "verwijzer@example.org"]
    for message in mail.outbox:  # the neutral update: no name, reference or organisation
        for secret in (stale.reference, "A.B.", "Andere organisatie", "Eigen organisatie"):
            assert secret not in message.subject + message.body
    assert services.close_stale_referrals(actor=ACTOR) == 0  # ended: left alone


def test_the_referrer_is_not_told_without_the_persons_agreement_to_feedback(referral_world):
    sent_days_ago(referral_world, 200, feedback_to_referrer=False)
    mail.outbox.clear()
    assert services.close_stale_referrals(actor=ACTOR) == 1
    assert [message.to for message in mail.outbox] == [["ontvanger@example.org"]]


def test_a_referral_acted_on_lately_or_sent_lately_stays_open(referral_world, settings):
    settings.REFERRAL_STALE_DAYS = 30
    worked_on = sent_days_ago(referral_world, 300)
    with time_machine.travel(timezone.now() - dt.timedelta(days=29)):
        services.referral_transition(
            actor=referral_world["receiver"], referral=worked_on, to=Referral.Status.ACCEPTED
        )
    recent = sent_days_ago(referral_world, 20)
    declined = sent_days_ago(referral_world, 300)
    with time_machine.travel(timezone.now() - dt.timedelta(days=299)):
        services.referral_transition(
            actor=referral_world["receiver"],
            referral=declined,
            to=Referral.Status.DECLINED,
            reason=Referral.DeclineReason.NO_CAPACITY,
        )
    assert services.close_stale_referrals(actor=ACTOR) == 0
    assert {r.status for r in Referral.objects.filter(pk__in=[worked_on.pk, recent.pk])} == {
        Referral.Status.ACCEPTED,
        Referral.Status.SENT,
    }
    # Thirty idle days after the last step it is closed too.
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert services.close_stale_referrals(actor=ACTOR) == 1
    assert Referral.objects.get(pk=worked_on.pk).outcome == Referral.Outcome.NO_RESPONSE


def test_a_closed_stale_referral_is_purged_after_the_usual_retention(referral_world):
    stale = sent_days_ago(referral_world, 181)
    assert "close-stale-referrals" in DAILY_JOBS
    assert DAILY_JOBS["close-stale-referrals"] < DAILY_JOBS["purge-referrals"]
    call_command("close_stale_referrals")
    assert services.purge_referrals(actor=ACTOR) == 0  # ended today
    with time_machine.travel(timezone.now() + dt.timedelta(days=91)):
        call_command("purge_referrals")
    stale.refresh_from_db()
    assert stale.personal_data_erased_at is not None and stale.person_name == ""
    assert AuditEntry.objects.filter(action="referral.erased", target_id=str(stale.pk)).exists()


def test_a_person_cannot_close_a_referral_as_no_response(referral_world, referral):
    services.referral_transition(
        actor=referral_world["receiver"], referral=referral, to=Referral.Status.ACCEPTED
    )
    with pytest.raises(ApplicationError):
        services.referral_transition(
            actor=referral_world["receiver"],
            referral=referral,
            to=Referral.Status.CLOSED,
            reason=Referral.Outcome.NO_RESPONSE,
        )
    assert "no_response" not in dict(CloseForm().fields["reason"].choices)

"""samen close-stale-referrals: close as "no response" the referrals nobody acted on for
SAMEN_REFERRAL_STALE_DAYS (default 180) days; purge-referrals then erases them after the usual
retention. Run daily by the worker."""

from typing import Any

from django.core.management.base import BaseCommand

from samen.audit.services import SystemActor
from samen.referrals.services import close_stale_referrals


class Command(BaseCommand):
    help = "Close as 'no response' the referrals nobody acted on for SAMEN_REFERRAL_STALE_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = close_stale_referrals(actor=SystemActor("close-stale-referrals"))
        self.stdout.write(f"Closed {count} referrals without a response.")

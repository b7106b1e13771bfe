"""samen purge-referrals: erase the personal fields of referrals that ended more than
SAMEN_REFERRAL_RETENTION_DAYS (default 90) days ago. Run daily; counts for statistics remain."""

from typing import Any

from django.core.management.base import BaseCommand

from samen.audit.services import SystemActor
from samen.referrals.services import purge_referrals


class Command(BaseCommand):
    help = "Erase personal fields of referrals past the retention period after they ended."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_referrals(actor=SystemActor("purge-referrals"))
        self.stdout.write(f"Erased the personal fields of {count} referrals.")

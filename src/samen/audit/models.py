"""Audit entries: what, when, which record, which user, on whose behalf (NEN 7513 fields).

Entries never hold personal data of the people a record is about; `data` holds ids and counts.
The log is append-only: each entry carries the hash of the one before it, so a changed or
removed row breaks the chain (`samen audit-verify`), and on PostgreSQL a trigger refuses
UPDATE and DELETE (migration 0002). Since chain version 2 the hash is an HMAC keyed with
SAMEN_AUDIT_KEY (migration 0003); entries written before keep their plain SHA-256 (version 1).
"""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=80, db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # Who acted when no user did (a console command), or the user's name at the time.
    actor_label = models.CharField(max_length=150)
    on_behalf_of = models.CharField(max_length=150, blank=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Where the request came from, when there was one.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Over the previous entry's hash and this entry's fields (see services.entry_hash):
    # version 1 a plain SHA-256, version 2 an HMAC-SHA256 keyed with SAMEN_AUDIT_KEY.
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    chain_version = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

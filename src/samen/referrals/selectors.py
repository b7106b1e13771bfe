"""Reads for referrals, scoped to the viewer. Lists never decrypt personal fields; only the
detail page does, and the view records that read (services.referral_read)."""

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from samen.accounts.models import Membership
from samen.audit.models import AuditEntry
from samen.directory.models import Organization
from samen.directory.policies import Viewer
from samen.directory.selectors import topic_options

from . import policies
from .models import Referral, ReferralEvent
from .services import PERSONAL_FIELDS

SMALL = 5


def _without_personal_fields(queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    return queryset.defer(*PERSONAL_FIELDS).select_related(
        "referring_organization", "referring_key_person", "receiving_organization"
    )


def referrals_sent(*, viewer: Viewer) -> QuerySet[Referral]:
    organizations = policies.handler_organizations(viewer)
    person = policies.referring_key_person(viewer)
    return _without_personal_fields(
        Referral.objects.filter(
            Q(referring_organization__in=organizations)
            & (Q(referring_user=viewer) | Q(shared_with_colleagues=True))
            | Q(referring_key_person=person, referring_key_person__isnull=False)
        )
    )


def referrals_received(*, viewer: Viewer) -> QuerySet[Referral]:
    organizations = policies.handler_organizations(viewer)
    return _without_personal_fields(
        Referral.objects.filter(receiving_organization__in=organizations)
    )


def referral_detail(*, viewer: Viewer, referral_uuid: UUID) -> Referral:
    referral = (
        Referral.objects.select_related(
            "referring_organization",
            "referring_key_person",
            "receiving_organization",
            "consent",
        )
        .prefetch_related("needs")
        .filter(uuid=referral_uuid)
        .first()
    )
    if referral is None or not policies.can_read_referral(viewer, referral):
        raise Http404
    return referral


def referral_by_reference(reference: str) -> Referral | None:
    """For the emergency path only: the referral whose reference (the first eight characters
    of its id) this is."""
    found = list(Referral.objects.filter(uuid__startswith=reference.strip().lower())[:2])
    return found[0] if len(found) == 1 else None


def events_visible(*, viewer: Viewer, referral: Referral) -> list[ReferralEvent]:
    """The receiving side sees the whole history; the referring side sees the receiving
    side's steps only if the person agreed to feedback."""
    events = list(referral.events.all())
    if policies.is_receiver_side(viewer, referral) or policies.referrer_sees_updates(referral):
        return events
    return [event for event in events if event.side != "receiving"]


def receiving_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(accepts_referrals=True, is_demo=False).order_by("name")


@dataclass(frozen=True)
class StatisticsRow:
    label: str
    count: int

    @property
    def shown(self) -> str:
        """Counts below 5 are shown as "<5", so nobody can be singled out."""
        return f"<{SMALL}" if 0 < self.count < SMALL else str(self.count)


@dataclass(frozen=True)
class Statistics:
    total: StatisticsRow
    by_month: list[StatisticsRow]
    by_status: list[StatisticsRow]
    by_outcome: list[StatisticsRow]
    by_need: list[StatisticsRow]


def statistics(*, organizations: QuerySet[Organization] | list[Organization]) -> Statistics:
    """Referrals sent or received by these organisations, counted; no personal data."""
    referrals = Referral.objects.filter(
        Q(referring_organization__in=organizations) | Q(receiving_organization__in=organizations)
    ).distinct()
    months = Counter(
        row["month"].strftime("%Y-%m")
        for row in referrals.annotate(month=TruncMonth("created_at")).values("month")
    )
    statuses = Counter(referrals.values_list("status", flat=True))
    outcomes = Counter(referrals.exclude(outcome="").values_list("outcome", flat=True))
    needs = Counter(
        Referral.needs.through.objects.filter(referral__in=referrals).values_list(
            "taxonomyterm__code", flat=True
        )
    )
    status_names = dict(Referral.Status.choices)
    outcome_names = dict(Referral.Outcome.choices)
    need_names = dict(topic_options())
    return Statistics(
        total=StatisticsRow("", referrals.count()),
        by_month=[StatisticsRow(month, n) for month, n in sorted(months.items())],
        by_status=[StatisticsRow(str(status_names[s]), n) for s, n in statuses.most_common()],
        by_outcome=[StatisticsRow(str(outcome_names[o]), n) for o, n in outcomes.most_common()],
        by_need=[StatisticsRow(need_names.get(code, code), n) for code, n in needs.most_common()],
    )


def audit_trail(*, organization: Organization) -> QuerySet[AuditEntry]:
    """For the organisation's privacy officer: every audit entry about its referrals, its
    members' sign-ins and failed sign-ins, and every change of who holds a role there."""
    referral_ids = Referral.objects.filter(
        Q(referring_organization=organization) | Q(receiving_organization=organization)
    ).values_list("pk", flat=True)
    member_ids = Membership.objects.filter(organization=organization).values_list(
        "user_id", flat=True
    )
    return AuditEntry.objects.filter(
        Q(target_type="referrals.referral", target_id__in=[str(pk) for pk in referral_ids])
        | Q(
            action__startswith="auth.",
            target_type="accounts.user",
            target_id__in=[str(pk) for pk in member_ids],
        )
        # Who holds which role: the owners' roles page and membership changes in the admin.
        | Q(
            action="referral.roles_updated",
            target_type="directory.organization",
            target_id=str(organization.pk),
        )
        | Q(action__startswith="admin.membership.", data__organization=organization.pk)
    ).order_by("-id")

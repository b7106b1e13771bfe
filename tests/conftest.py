"""Shared test set-up: the real directory as an opt-in fixture."""

import pytest
from django.conf import settings
from django.core.cache import caches

from samen.accounts.models import Membership
from samen.audit.services import SystemActor
from samen.directory import density
from samen.directory.loader import directory_load
from samen.directory.needs import forget_vocabulary
from samen.directory.search_sql import pg_tsquery
from samen.web import microcache
from tests.factories import OrganizationFactory, member

pytest_plugins = ["tests.mailservers"]


@pytest.fixture
def real_directory(db):  # type: ignore[no-untyped-def]
    """The real national services from the facts file, loaded the way operators load them."""
    return directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """Two organisations and one person in every role around them."""
    own = OrganizationFactory(name="Eigen organisatie")
    other = OrganizationFactory(name="Andere organisatie")
    return {
        "own": own,
        "other": other,
        "anonymous": None,
        "member": member("lid@example.org"),
        "editor": member("editor@example.org", own, Membership.Role.EDITOR),
        "owner": member("eigenaar@example.org", own, Membership.Role.OWNER),
        "other_owner": member("ander@example.org", other, Membership.Role.OWNER),
        "admin": member("beheer@example.org", is_staff=True),
    }


@pytest.fixture(autouse=True)
def _own_audit_checkpoint(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Each test's `audit-verify` keeps its checkpoint apart: a test's database starts anew."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoint"


@pytest.fixture(autouse=True)
def _fresh_caches(request):  # type: ignore[no-untyped-def]
    """Each test starts with empty caches: the vocabulary of needs, the map's density grid,
    what the micro-cache
    keeps (pages, topic options, the day-and-night lines) and, for a test that
    uses the database, the shared one in it (rate-limit counters, form stamps) — a flush after
    a transactional test leaves that table alone."""
    forget_vocabulary()
    microcache.pages.clear()
    pg_tsquery.cache_clear()
    density.forget()
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or marker:
        request.getfixturevalue("db")
    else:
        return
    caches["default"].clear()

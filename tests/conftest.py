"""Shared test set-up: the real directory as an opt-in fixture."""

import pytest
from django.conf import settings

from samen.audit.services import SystemActor
from samen.directory.services import directory_load


@pytest.fixture
def real_directory(db):  # type: ignore[no-untyped-def]
    """The real national services from the facts file, loaded the way operators load them."""
    return directory_load(actor=SystemActor("test"), path=settings.DIRECTORY_SOURCE_FILE)

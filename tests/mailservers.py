"""Real mail servers for tests (a plugin of tests/conftest.py): one that accepts or refuses
every message, one that never answers, and the database queue the worker reads."""

import socket

import pytest
from aiosmtpd.controller import Controller

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Recorder:
    """An aiosmtpd handler that accepts, or refuses every message with 554."""

    def __init__(self, refuse: bool):
        self.refuse = refuse
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 5.7.1 Transaction failed"
        self.received.append(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port; ``start(refuse=...)`` (re)starts it."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2
    running: list[Controller] = []

    def start(*, refuse: bool) -> Recorder:
        for controller in running:
            controller.stop()
        running.clear()
        recorder = Recorder(refuse)
        controller = Controller(recorder, hostname="127.0.0.1", port=settings.EMAIL_PORT)
        controller.start()
        running.append(controller)
        return recorder

    yield start
    for controller in running:
        controller.stop()


@pytest.fixture
def silent_server(settings):
    """Accepts connections and never says a word (a mail server that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = listener.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    yield
    listener.close()


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.OUTBOX_RETRY_DELAYS = (3600, 7200)

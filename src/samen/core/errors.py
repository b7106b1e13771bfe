"""The one error type for expected failures; its message is translatable and shown to the user."""

from django.core.exceptions import PermissionDenied


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Refused(PermissionDenied):
    """A refusal whose translated reason the 403 page shows (other refusals say nothing)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

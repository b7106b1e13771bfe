"""The one error type for expected failures; its message is translatable and shown to the user."""


class ApplicationError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

"""Domain errors raised by services; views turn them into form errors or 4xx pages, the CLI into exit 1."""
from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses, with a message meant for the person who made it."""

    status = 400

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class UnknownChoice(DomainError):
    """A name that is not among those offered (an export format, a mailing-service profile)."""


class Conflict(DomainError):
    status = 409


class NotEditable(Conflict):
    """The issue is ready or sent: only drafts change."""


class StaleEdit(Conflict):
    """Someone saved a newer version since this form was loaded."""

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class DuplicateURL(Conflict):
    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message, {"canonical_url": message})
        self.existing_id = existing_id


class InUse(Conflict):
    pass


class NotReady(InvalidInput):
    """The issue cannot be marked ready or sent yet: problems says what to fix."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems

"""Domain errors raised by services; views turn them into form errors or 4xx pages, the CLI into exit 1."""
from __future__ import annotations

import socket
import ssl

from flask_babel import gettext as _


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


def network_reason(exc: BaseException) -> str:
    """Why a connection failed, in the interface language: what the system says (« Name or service not
    known », « [Errno 111] Connection refused ») is English and says nothing of what to do."""
    if isinstance(exc, socket.gaierror):
        return _("no such name, or no name server answers (is this machine offline?)")
    if isinstance(exc, ConnectionRefusedError):
        return _("the connection was refused (nothing listens at that address)")
    if isinstance(exc, TimeoutError | socket.timeout):
        return _("no answer in time")
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _("its certificate is not valid for this name")
    if isinstance(exc, ssl.SSLError):
        return _("the secure connection failed")
    if isinstance(exc, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
        return _("the connection was cut")
    if isinstance(exc, OSError) and exc.errno is not None:
        return _("network error %(code)s", code=exc.errno)
    return _("the answer could not be read")

"""Shared column helpers for the models: the clock, check-constraint text, languages."""
from __future__ import annotations

from datetime import UTC, datetime

LANGUAGES = ("fr", "en")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"

"""Models of newsletters: each letter a newsroom sends (its sections, design, sender, footer, archive)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from composer.extensions import db
from composer.models.base import utcnow


class Newsletter(db.Model):  # type: ignore[name-defined,misc]
    """A newsletter: « La Matinale », « La Lettre du vendredi ». Every issue belongs to one.

    Its sections are a list of {"key", "title", "accepts": [kinds], "leads"} in the email's order (a title ""
    is the section's own label, in the issue's language); its design a preset and its options
    (composer/email/design.py); the sender and footer left empty are the publication's (/settings)."""

    __tablename__ = "newsletters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    sender_email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(5), default="fr")
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    design: Mapped[dict[str, Any]] = mapped_column(JSON)
    footer_text: Mapped[str] = mapped_column(Text, default="")
    audiences: Mapped[dict[str, str]] = mapped_column(JSON)  # mailing service → its list or audience id
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    def section_keys(self) -> list[str]:
        return [section["key"] for section in self.sections]

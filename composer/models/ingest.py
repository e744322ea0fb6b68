"""Models of imports: saved sources, import settings and past runs."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from composer.extensions import db
from composer.models.base import utcnow

if TYPE_CHECKING:
    from composer.models.accounts import User


class FeedSource(db.Model):  # type: ignore[name-defined,misc]
    """A saved import source (feed URL or WordPress site) that editors re-run with one click."""

    __tablename__ = "feed_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    format: Mapped[str] = mapped_column(String(20), default="auto")
    kind: Mapped[str] = mapped_column(String(10), default="article")
    section: Mapped[str] = mapped_column(String(100), default="")
    # One "source category = library rubrique" a line; the first category of an item that has one sets its rubrique.
    category_map: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Rubriques and categories that make an item an opinion piece, comma-separated; empty: the settings' list.
    opinion_labels: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Polled on schedule: every so many minutes (None: only when an editor runs it), next due at next_run_at.
    every_minutes: Mapped[int | None] = mapped_column(Integer)
    next_run_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class ImportSettings(db.Model):  # type: ignore[name-defined,misc]
    """How imports read their sources, one row (id 1), edited by admins at /settings/imports."""

    __tablename__ = "import_settings"
    __table_args__ = (CheckConstraint("id = 1", name="import_settings_single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_labels: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ImportRun(db.Model):  # type: ignore[name-defined,misc]
    """One import: where from, by whom, what it did, and why lines were skipped or it failed."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(1000))
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="ok")
    imported: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    messages: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    feed_source_id: Mapped[int | None] = mapped_column(ForeignKey("feed_sources.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()

    @property
    def message_list(self) -> list[str]:
        return [m for m in self.messages.split("\n") if m]

"""Model of the job queue's record: one row per piece of work run outside a request (kind, status, progress)."""
from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from composer.extensions import db
from composer.models.base import _in, utcnow

if TYPE_CHECKING:
    from composer.models.accounts import User
    from composer.models.ingest import ImportRun

JOB_KINDS = ("import", "source", "links")
JOB_STATUSES = ("queued", "running", "done", "failed")


class Job(db.Model):  # type: ignore[name-defined,misc]
    """One job: what it does (kind and its parameters), where it stands (status, done of total) and how it
    ended (a summary, or the reason it failed). The queue carries only its id: the row is the truth, so a
    job whose message was lost or whose worker died is found here and run again."""

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint(_in("status", JOB_STATUSES), name="job_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    params: Mapped[str] = mapped_column(Text, default="{}")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str] = mapped_column(String(200), default="")  # host:pid of the worker running it
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    feed_source_id: Mapped[int | None] = mapped_column(ForeignKey("feed_sources.id", ondelete="SET NULL"))
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"))
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)

    user: Mapped[User | None] = relationship()
    import_run: Mapped[ImportRun | None] = relationship()

    @property
    def parameters(self) -> dict[str, Any]:
        value = json.loads(self.params or "{}")
        return value if isinstance(value, dict) else {}

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class LinkProblem(db.Model):  # type: ignore[name-defined,misc]
    """A link of an issue that did not answer at its last check (a 4xx or 5xx, a name that does not resolve,
    a timeout), with where it is (the story's title, the intro, the footer) and why."""

    __tablename__ = "link_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(1000))
    place: Mapped[str] = mapped_column(String(300))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

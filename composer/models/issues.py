"""Models of issues: an issue, its items, frozen sent copies, revisions and who has it open."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from composer.domain import EmailItem, Section, SectionPlan, Status
from composer.extensions import db
from composer.models.base import _in, utcnow
from composer.text import slugify

if TYPE_CHECKING:
    from composer.models.accounts import User
    from composer.models.library import Article
    from composer.models.newsletters import Newsletter


class Issue(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "issues"
    __table_args__ = (CheckConstraint(_in("status", Status.values()), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    newsletter_id: Mapped[int] = mapped_column(ForeignKey("newsletters.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300), default="")
    preheader: Mapped[str] = mapped_column(String(300), default="")
    intro: Mapped[str] = mapped_column(Text, default="")
    issue_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(5), default="fr")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A sent issue is on the public web archive unless an admin took it off.
    in_archive: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __mapper_args__ = {"version_id_col": version}

    items: Mapped[list[IssueItem]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="IssueItem.position"
    )
    sent_copies: Mapped[list[SentCopy]] = relationship(back_populates="issue", cascade="all, delete-orphan")
    newsletter: Mapped[Newsletter] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])

    @property
    def section_plans(self) -> list[SectionPlan]:
        """Its newsletter's sections, in their order."""
        return [SectionPlan.from_value(value) for value in self.newsletter.sections]

    def section_headings(self) -> list[tuple[Section, str]]:
        """The sections the compose page shows, with their headings: its newsletter's, then any other that still
        holds a story (the newsletter dropped it since)."""
        shown = [(plan.section, plan.heading) for plan in self.section_plans]
        held = {item.section for item in self.items}
        return shown + [(s, str(s.label)) for s in Section if s in held and s not in {p for p, _ in shown}]

    def items_in(self, section: str) -> list[IssueItem]:
        return sorted((i for i in self.items if i.section == section), key=lambda i: i.position)

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    @property
    def slug(self) -> str:
        return slugify(self.subject or self.title)

    @property
    def archive_key(self) -> str:
        """Its address on the public archive: /archive/<date>-<slug>."""
        return f"{self.issue_date.isoformat()}-{self.slug}"


class IssueItem(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "issue_items"
    __table_args__ = (
        CheckConstraint(_in("section", Section.values()), name="section"),
        CheckConstraint("position >= 0", name="position_positive"),
        UniqueConstraint("issue_id", "article_id", name="uq_issue_items_issue_article"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="RESTRICT"), index=True)
    section: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title_override: Mapped[str | None] = mapped_column(String(300))
    teaser_override: Mapped[str | None] = mapped_column(Text)
    image_override: Mapped[str | None] = mapped_column(String(1000))
    image_override_alt: Mapped[str | None] = mapped_column(String(500))  # its own alt ("": decorative)
    image_override_width: Mapped[int | None] = mapped_column(Integer)
    image_override_height: Mapped[int | None] = mapped_column(Integer)
    image_override_bytes: Mapped[int | None] = mapped_column(Integer)

    issue: Mapped[Issue] = relationship(back_populates="items")
    # Loaded with the item (one query for an issue's items and their articles, not one per item).
    article: Mapped[Article] = relationship(lazy="joined", innerjoin=True)

    @property
    def story(self) -> EmailItem:
        """The story as it goes out (overrides applied), without tracking on its link."""
        return EmailItem.from_item(self)

    @property
    def title(self) -> str:
        """The title in this issue: the override, else the library's."""
        return self.story.title

    @property
    def has_override(self) -> bool:
        return any(v is not None for v in (self.title_override, self.teaser_override, self.image_override))


class SentCopy(db.Model):  # type: ignore[name-defined,misc]
    """What an issue looked like when it was marked sent, per mailing-service profile, frozen forever."""

    __tablename__ = "sent_copies"
    __table_args__ = (UniqueConstraint("issue_id", "profile", name="uq_sent_copies_issue_profile"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"))
    profile: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    preheader: Mapped[str] = mapped_column(String(300))
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    issue: Mapped[Issue] = relationship(back_populates="sent_copies")


class Revision(db.Model):  # type: ignore[name-defined,misc]
    """What an issue or an article was after one save: who, when, which action, and the whole state (JSON)."""

    __tablename__ = "revisions"
    __table_args__ = (
        CheckConstraint("(issue_id IS NULL) <> (article_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(Text)

    user: Mapped[User | None] = relationship()


class IssuePresence(db.Model):  # type: ignore[name-defined,misc]
    """Who has an issue's compose page open, as last seen (a soft lock: it warns, never blocks)."""

    __tablename__ = "issue_presence"

    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ActionKey(db.Model):  # type: ignore[name-defined,misc]
    """An action of the web interface already applied, by the random key its form carried: a double click or a
    form sent again gets the first answer (where it led) instead of applying twice. Kept a day."""

    __tablename__ = "action_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    result_url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

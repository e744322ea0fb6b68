"""Database models: users, the content library (articles) and newsletter issues with their items."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship, with_loader_criteria
from werkzeug.security import check_password_hash, generate_password_hash

from composer.extensions import db
from composer.text import fold, slugify

ROLES = ("editor", "admin")
KINDS = ("article", "opinion")
STATUSES = ("draft", "ready", "sent")
SECTIONS = ("lead", "news", "opinions", "related")
LANGUAGES = ("fr", "en")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class User(UserMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10), default="editor")
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def display_name(self) -> str:
        return self.name or self.email


class Article(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_empty"),
        # The library's order (newest first, then id): one index serves it without sorting the archive.
        Index("ix_articles_published_at_id", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), default="article")
    title: Mapped[str] = mapped_column(String(300))
    lead: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    section: Mapped[str] = mapped_column(String(100), default="", index=True)
    canonical_url: Mapped[str | None] = mapped_column(String(1000), unique=True)
    image_url: Mapped[str] = mapped_column(String(1000), default="")
    image_alt: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(5), default="fr")
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Where an import found it, and what it looked like then: a re-import updates it only if the
    # editor has not changed it in Composer since (version still imported_version).
    guid: Mapped[str | None] = mapped_column(String(1000), index=True)
    imported_checksum: Mapped[str | None] = mapped_column(String(64))
    imported_version: Mapped[int | None] = mapped_column(Integer)
    # Accent- and case-folded copies that the search queries and the full-text index read, kept in step with the
    # article by every flush (see _keep_search_columns): no save, import or restore of a revision can forget them.
    search_title: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    search_tags: Mapped[str] = mapped_column(Text, default="")
    # In the trash since then (restorable for TRASH_DAYS, then purged); None for a live article.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    deleted_by: Mapped[User | None] = relationship()
    # Its tags in the editor's order (set through composer.library, which finds or makes each Tag); read when
    # asked for, or for a whole list at once with selectinload(Article.tag_links) where a list shows them.
    tag_links: Mapped[list[ArticleTag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleTag.position")

    # Optimistic locking: every UPDATE says "WHERE version = <the one I read>" and bumps it.
    __mapper_args__ = {"version_id_col": version}

    @property
    def tag_list(self) -> list[str]:
        return [link.tag.name for link in sorted(self.tag_links, key=lambda link: link.position or 0)]

    @property
    def tags(self) -> str:
        """The tags as an editor types them: « Mali, Kidal »."""
        return ", ".join(self.tag_list)

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None


def search_columns(title: str, lead: str, body: str, author: str, section: str, tags: list[str]) -> dict[str, str]:
    """The folded copies of an article that search reads: its title, its tags (« |mali|securite| », the way the
    index weighs them) and all its text."""
    return {
        "search_title": fold(title),
        "search_tags": "|" + "|".join(fold(t) for t in tags) + "|",
        "search_text": " ".join(fold(part) for part in (title, lead, body, author, ", ".join(tags), section)),
    }


@event.listens_for(Session, "before_flush")
def _keep_search_columns(session: Session, _context: Any, _instances: Any) -> None:
    """Before anything is written, every new or changed article (its tags included) gets its search columns
    computed again; the full-text index follows them (SQLite triggers, PostgreSQL's generated column)."""
    articles = {obj for obj in (*session.new, *session.dirty) if isinstance(obj, Article)}
    articles.update(obj.article for obj in (*session.new, *session.dirty, *session.deleted)
                    if isinstance(obj, ArticleTag) and obj.article is not None)
    deleted = set(session.deleted)
    for article in articles - deleted:
        links = sorted((link for link in article.tag_links if link not in deleted),
                       key=lambda link: link.position or 0)
        columns = search_columns(article.title or "", article.lead or "", article.body or "", article.author or "",
                                 article.section or "", [link.tag.name for link in links])
        for name, value in columns.items():
            if getattr(article, name) != value:
                setattr(article, name, value)


class Tag(db.Model):  # type: ignore[name-defined,misc]
    """A tag as written (« Sécurité »); the library's tag filter matches its folded form (« securite »), so
    « sécurité » and « Sécurité », two tags, are one filter."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    folded: Mapped[str] = mapped_column(Text, index=True)


class ArticleTag(db.Model):  # type: ignore[name-defined,misc]
    """One tag of one article, at its place among the article's tags."""

    __tablename__ = "article_tags"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="RESTRICT"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    article: Mapped[Article] = relationship(back_populates="tag_links")
    tag: Mapped[Tag] = relationship(lazy="joined", innerjoin=True)


class Issue(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "issues"
    __table_args__ = (CheckConstraint(_in("status", STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
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
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    deleted_by: Mapped[User | None] = relationship(foreign_keys=[deleted_by_id])

    def items_in(self, section: str) -> list[IssueItem]:
        return sorted((i for i in self.items if i.section == section), key=lambda i: i.position)

    @property
    def is_editable(self) -> bool:
        return self.status == "draft"

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
        CheckConstraint(_in("section", SECTIONS), name="section"),
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

    issue: Mapped[Issue] = relationship(back_populates="items")
    # Loaded with the item (one query for an issue's items and their articles, not one per item).
    article: Mapped[Article] = relationship(lazy="joined", innerjoin=True)

    @property
    def title(self) -> str:
        return self.title_override or self.article.title

    @property
    def teaser(self) -> str:
        return self.teaser_override if self.teaser_override is not None else self.article.lead

    @property
    def image_url(self) -> str:
        return self.image_override or self.article.image_url

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


class BrandSettings(db.Model):  # type: ignore[name-defined,misc]
    """The publication's brand for the email, one row (id 1), edited by admins at /settings."""

    __tablename__ = "brand_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_name: Mapped[str] = mapped_column(String(200))
    logo_url: Mapped[str] = mapped_column(String(1000), default="")
    accent_color: Mapped[str] = mapped_column(String(7))
    postal_address: Mapped[str] = mapped_column(String(500))
    footer_text: Mapped[str] = mapped_column(Text, default="")
    sender_email: Mapped[str] = mapped_column(String(254))
    unsubscribe_url: Mapped[str] = mapped_column(String(1000))
    view_online_url: Mapped[str] = mapped_column(String(1000), default="")
    site_url: Mapped[str] = mapped_column(String(1000), default="")
    utm_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    utm_source: Mapped[str] = mapped_column(String(100), default="newsletter")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    FIELDS: ClassVar[tuple[str, ...]] = (
        "publication_name", "logo_url", "accent_color", "postal_address", "footer_text", "sender_email",
        "unsubscribe_url", "view_online_url", "site_url", "utm_enabled", "utm_source",
    )

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}


class FeedSource(db.Model):  # type: ignore[name-defined,misc]
    """A saved import source (feed URL or WordPress site) that editors re-run with one click."""

    __tablename__ = "feed_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    format: Mapped[str] = mapped_column(String(20), default="auto")
    kind: Mapped[str] = mapped_column(String(10), default="article")
    section: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


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
    messages: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    feed_source_id: Mapped[int | None] = mapped_column(ForeignKey("feed_sources.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship()

    @property
    def message_list(self) -> list[str]:
        return [m for m in self.messages.split("\n") if m]


class ApiToken(db.Model):  # type: ignore[name-defined,misc]
    """A personal API token: only its SHA-256 is stored; it acts with its user's role."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class ServiceAccount(db.Model):  # type: ignore[name-defined,misc]
    """Credentials for a mailing service's API; the secret is stored encrypted (composer/esp.py)."""

    __tablename__ = "service_accounts"
    __table_args__ = (CheckConstraint("service IN ('listmonk', 'mailchimp', 'brevo')", name="service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(20), unique=True)
    base_url: Mapped[str] = mapped_column(String(500), default="")
    username: Mapped[str] = mapped_column(String(200), default="")
    secret_encrypted: Mapped[str] = mapped_column(Text)
    secret_hint: Mapped[str] = mapped_column(String(8), default="")
    list_ids: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CampaignPush(db.Model):  # type: ignore[name-defined,misc]
    """A draft campaign created (or tried) in a mailing service for an issue: one per issue and service."""

    __tablename__ = "campaign_pushes"
    __table_args__ = (UniqueConstraint("issue_id", "service", name="uq_campaign_pushes_issue_service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(20))
    campaign_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="failed")  # created | failed
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


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


# Articles and issues in the trash are left out of every query (joins and subqueries included) unless it is run
# with .execution_options(include_trashed=True): the trash page, the purge, and the look-ups that must see
# every row (a URL already taken, an import's earlier copy). What an object already loaded refers to is never
# hidden: a sent issue keeps its stories, and refreshing a trashed row still works.
TRASHABLE = (Article, Issue)
_OUT_OF_THE_TRASH = tuple(  # made once: the criterion has no parameter, and every query uses it
    with_loader_criteria(model, model.deleted_at.is_(None), include_aliases=True, propagate_to_loaders=False)
    for model in TRASHABLE)


@event.listens_for(Session, "do_orm_execute")
def _leave_out_the_trash(state: ORMExecuteState) -> None:
    if (not state.is_select or state.is_column_load or state.is_relationship_load
            or state.execution_options.get("include_trashed", False)):
        return
    state.statement = state.statement.options(*_OUT_OF_THE_TRASH)

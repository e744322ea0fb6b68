"""Models of the content library: articles, tags, and the search columns kept by a flush event."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from composer.domain import Kind
from composer.extensions import db
from composer.models.base import _in, utcnow
from composer.text import fold

if TYPE_CHECKING:
    from composer.models.accounts import User


class Article(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint(_in("kind", Kind.values()), name="kind"),
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
    image_width: Mapped[int | None] = mapped_column(Integer)  # real size and weight, measured (None: unknown)
    image_height: Mapped[int | None] = mapped_column(Integer)
    image_bytes: Mapped[int | None] = mapped_column(Integer)
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

"""Content library services: search, create, update and delete articles. No request objects here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from composer import search
from composer.errors import DuplicateURL, InUse, InvalidInput, StaleEdit
from composer.extensions import commit_or_stale, db, get_by_id
from composer.models import KINDS, LANGUAGES, Article, IssueItem, utcnow
from composer.sanitize import clean_html
from composer.text import fold, nfc, words

PER_PAGE = 50


@dataclass
class ArticleData:
    """What an editor, an import or the API may set on an article."""

    title: str
    kind: str = "article"
    lead: str = ""
    body: str = ""
    author: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    image_url: str = ""
    image_alt: str = ""
    language: str = "fr"
    published_at: datetime | None = None


@dataclass
class SearchQuery:
    q: str = ""
    kind: str = ""
    section: str = ""
    tag: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def terms(self) -> list[str]:
        return words(self.q)


def search_statement(query: SearchQuery, ranked: bool = True) -> Select[tuple[Article]]:
    """Every article that contains all words of the query (accents and case ignored) and passes the filters,
    most relevant first (title, then tags and author, then lead, then body), newest first among equals."""
    stmt = select(Article)
    score = None
    if query.terms:
        stmt, score = search.matching(stmt, query.terms, ranked)
    if query.kind:
        stmt = stmt.where(Article.kind == query.kind)
    if query.section:
        stmt = stmt.where(Article.section == query.section)
    if query.tag:
        stmt = stmt.where(Article.search_tags.like(f"%|{fold(query.tag.strip())}|%"))
    if query.date_from:
        stmt = stmt.where(Article.published_at >= datetime.combine(query.date_from, time.min))
    if query.date_to:
        stmt = stmt.where(Article.published_at <= datetime.combine(query.date_to, time.max))
    newest = (Article.published_at.desc(), Article.id.desc())
    if score is None:
        return stmt.order_by(*newest)
    return stmt.order_by(score.desc(), *newest)


def like_statement(query: SearchQuery) -> Select[tuple[Article]]:
    """The same search with LIKE over the folded text: no index can serve it. Kept as the benchmark's baseline."""
    stmt = select(Article)
    for term in query.terms:
        stmt = stmt.where(Article.search_text.like(f"%{term}%"))
    return stmt.order_by(Article.published_at.desc(), Article.id.desc())


@dataclass
class Page:
    """One page of search results and where it stands among them."""

    items: list[Article]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def search_articles(query: SearchQuery, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of results, and how many there are (counted without computing relevance)."""
    window = search_statement(query).limit(per_page).offset((page - 1) * per_page)
    items: list[Article] = list(db.session.scalars(window))
    counting = search_statement(query, ranked=False).with_only_columns(Article.id).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counting)) or 0
    return Page(items, total, page, per_page)


def list_sections() -> list[str]:
    rows = db.session.scalars(select(Article.section).where(Article.section != "").distinct())
    return sorted(rows, key=fold)


def list_tags(recent: int = 2000) -> list[str]:
    """The tags in current use (on the most recent articles), for the filter's suggestions: reading every
    article's tags on each library page would grow with the archive."""
    seen: dict[str, str] = {}
    newest = select(Article.tags).where(Article.tags != "").order_by(Article.published_at.desc()).limit(recent)
    for tags in db.session.scalars(newest):
        for tag in tags.split(","):
            tag = tag.strip()
            if tag:
                seen.setdefault(fold(tag), tag)
    return sorted(seen.values(), key=fold)


def is_web_url(url: str, schemes: tuple[str, ...] = ("http", "https")) -> bool:
    """An absolute URL with one of the schemes and a host (a malformed one such as "http://[" is not)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return False
    return parts.scheme in schemes and bool(parts.hostname)


def validate(data: ArticleData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not nfc(data.title).strip():
        errors["title"] = _("A title is required.")
    if data.kind not in KINDS:
        errors["kind"] = _("Kind must be one of: %(kinds)s.", kinds=", ".join(KINDS))
    if data.language not in LANGUAGES:
        errors["language"] = _("Language must be one of: %(languages)s.", languages=", ".join(LANGUAGES))
    if data.canonical_url and not is_web_url(data.canonical_url):
        errors["canonical_url"] = _("The URL must start with http:// or https://.")
    if data.image_url and not is_web_url(data.image_url):
        errors["image_url"] = _("The image URL must start with http:// or https://.")
    return errors


def apply_data(article: Article, data: ArticleData) -> None:
    """Set an article's fields from data: text in NFC, body sanitized, search columns refreshed."""
    article.kind = data.kind
    article.title = nfc(data.title.strip())
    article.lead = nfc(data.lead.strip())
    article.body = clean_html(nfc(data.body))
    article.author = nfc(data.author.strip())
    article.section = nfc(data.section.strip())
    article.tags = ", ".join(dict.fromkeys(nfc(t.strip()) for t in data.tags if t.strip()))
    article.canonical_url = nfc(data.canonical_url).strip() if data.canonical_url else None
    article.image_url = nfc(data.image_url).strip()
    article.image_alt = nfc(data.image_alt.strip())
    article.language = nfc(data.language)
    article.published_at = data.published_at or article.published_at or utcnow()
    article.refresh_search()


def _check_unique_url(url: str | None, article_id: int | None) -> None:
    if not url:
        return
    existing = db.session.scalar(select(Article).where(Article.canonical_url == url.strip()))
    if existing is not None and existing.id != article_id:
        raise DuplicateURL(
            _("Another article (#%(id)s) already has this URL.", id=existing.id), existing_id=existing.id
        )


def create_article(data: ArticleData) -> Article:
    errors = validate(data)
    if errors:
        raise InvalidInput(_("The article has errors."), errors)
    _check_unique_url(data.canonical_url, None)
    article = Article()
    apply_data(article, data)
    db.session.add(article)
    db.session.commit()
    return article


def update_article(article: Article, data: ArticleData, expected_version: int | None = None) -> Article:
    errors = validate(data)
    if errors:
        raise InvalidInput(_("The article has errors."), errors)
    if expected_version is not None and expected_version != article.version:
        raise StaleEdit(
            _("Someone else saved this article while you were editing it."), current_version=article.version
        )
    _check_unique_url(data.canonical_url, article.id)
    apply_data(article, data)
    commit_or_stale(_("Someone else saved this article while you were editing it."))
    return article


def delete_article(article: Article) -> None:
    uses = db.session.scalar(select(func.count()).select_from(IssueItem).where(IssueItem.article_id == article.id))
    if uses:
        raise InUse(_("This article is used in %(count)s issue(s); remove it from them first.", count=uses))
    db.session.delete(article)
    db.session.commit()


def get_article(article_id: int) -> Article | None:
    return get_by_id(Article, article_id)

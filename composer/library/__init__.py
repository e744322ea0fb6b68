"""Content library services: search, create, update and delete articles. No request objects here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import ColumnElement, Select, event, func, literal, select, union_all
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from composer import revisions, trash
from composer.domain import Kind
from composer.errors import DuplicateURL, InUse, InvalidInput, NotFound, StaleEdit
from composer.extensions import commit_or_stale, db, get_by_id
from composer.library import search
from composer.models import LANGUAGES, Article, ArticleTag, Issue, IssueItem, Tag, User, utcnow
from composer.sanitize import clean_html
from composer.text import fold, nfc, words

PER_PAGE = 50
MAX_PAGE = 100_000  # a page number past this is read as this one (the API refuses it)
MAX_TERMS = 20  # a search reads this many words, no more: 2 000 words would hold the database for seconds


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
        return words(self.q)[:MAX_TERMS]

    @property
    def words_dropped(self) -> bool:
        return len(words(self.q)) > MAX_TERMS


def search_statement(query: SearchQuery, ranked: bool = True) -> Select[tuple[Article]]:
    """Every article that contains all words of the query (accents and case ignored) and passes the filters,
    most relevant first (title, then tags and author, then lead, then body), newest first among equals."""
    conditions: list[ColumnElement[bool]] = []
    if query.kind:
        conditions.append(Article.kind == query.kind)
    if query.section:
        conditions.append(Article.section == query.section)
    if query.tag:
        tagged = select(ArticleTag.article_id).join(Tag).where(Tag.folded == fold(query.tag.strip()))
        conditions.append(Article.id.in_(tagged))
    if query.date_from:
        conditions.append(Article.published_at >= datetime.combine(query.date_from, time.min))
    if query.date_to:
        conditions.append(Article.published_at <= datetime.combine(query.date_to, time.max))
    stmt = select(Article).where(*conditions)
    score = None
    if query.terms:
        stmt, score = search.matching(stmt, query.terms, ranked, conditions=conditions)
    newest = (Article.published_at.desc(), Article.id.desc())
    if score is None:
        return stmt.order_by(*newest)
    return stmt.order_by(score.desc(), *newest)


@dataclass
class Page:
    """One page of search results and where it stands among them."""

    items: list[Article]
    total: int
    page: int
    per_page: int
    # A search by words ranks the newest matches only: when that many matched, older ones exist beyond them.
    capped: bool = False

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


def search_articles(query: SearchQuery, page: int = 1, per_page: int = PER_PAGE, with_tags: bool = False) -> Page:
    """One page of results, and how many there are (with_tags: each article's tags read too, in one more query).
    A search by words ranks a bounded set of candidates, so the page and the count come from one query; browsing
    counts apart (a count over the whole archive must not hold up the first page's index read)."""
    offset = (page - 1) * per_page
    statement = search_statement(query)
    if with_tags:
        statement = statement.options(selectinload(Article.tag_links))
    if query.terms:
        rows = db.session.execute(statement.add_columns(func.count().over().label("total"))
                                  .limit(per_page).offset(offset)).all()
        if rows or page == 1:
            total = rows[0].total if rows else 0
            return Page([row[0] for row in rows], total, page, per_page, capped=total >= search.CANDIDATES)
    items: list[Article] = list(db.session.scalars(statement.limit(per_page).offset(offset)))
    counting = search_statement(query, ranked=False).with_only_columns(Article.id).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counting)) or 0
    return Page(items, total, page, per_page)


@dataclass
class FilterChoices:
    sections: list[str]
    tags: list[str]


def filter_choices(recent: int = 2000, selected: SearchQuery | None = None, with_tags: bool = True) -> FilterChoices:
    """The rubriques and (unless with_tags is false) tags in current use on the most recent articles, for the
    library's filters: reading every article on each library page would grow with the archive. What the editor
    has selected is always offered."""
    newest = (select(Article.id, Article.section)
              .order_by(Article.published_at.desc(), Article.id.desc()).limit(recent).cte("newest"))
    # One query: the rubriques of those articles, then (from each article to its tags by the key) their tags.
    parts = [select(literal("section"), newest.c.section).group_by(newest.c.section)]
    if with_tags:
        parts.append(select(literal("tag"), Tag.name).select_from(newest)
                     .join(ArticleTag, ArticleTag.article_id == newest.c.id).join(Tag, Tag.id == ArticleTag.tag_id)
                     .group_by(Tag.name))
    sections: set[str] = set()
    raw_tags: set[str] = set()
    for kind, name in db.session.execute(union_all(*parts)):
        (sections if kind == "section" else raw_tags).add(name)
    if selected is not None:
        sections.add(selected.section)
        raw_tags.add(selected.tag)
    seen: dict[str, str] = {}
    for tag in sorted(t.strip() for t in raw_tags):  # folding each distinct spelling once
        if tag:
            seen.setdefault(fold(tag), tag)
    return FilterChoices(sorted((s for s in sections if s), key=fold), sorted(seen.values(), key=fold))


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
    if data.kind not in Kind.values():
        errors["kind"] = _("Kind must be one of: %(kinds)s.", kinds=", ".join(Kind.values()))
    if data.language not in LANGUAGES:
        errors["language"] = _("Language must be one of: %(languages)s.", languages=", ".join(LANGUAGES))
    if data.canonical_url and not is_web_url(data.canonical_url):
        errors["canonical_url"] = _("The URL must start with http:// or https://.")
    if data.image_url and not is_web_url(data.image_url):
        errors["image_url"] = _("The image URL must start with http:// or https://.")
    return errors


def apply_data(article: Article, data: ArticleData) -> None:
    """Set an article's fields from data: text in NFC, body sanitized (the search columns follow at flush)."""
    article.kind = data.kind
    article.title = nfc(data.title.strip())
    article.lead = nfc(data.lead.strip())
    article.body = clean_html(nfc(data.body))
    article.author = nfc(data.author.strip())
    article.section = nfc(data.section.strip())
    set_tags(article, data.tags)
    article.canonical_url = nfc(data.canonical_url).strip() if data.canonical_url else None
    image_url = nfc(data.image_url).strip()
    if image_url != article.image_url:  # a new image: its size is measured anew (composer/ingest/images.py)
        article.image_width = article.image_height = article.image_bytes = None
    article.image_url = image_url
    article.image_alt = nfc(data.image_alt.strip())
    article.language = nfc(data.language)
    article.published_at = data.published_at or article.published_at or utcnow()


def set_tags(article: Article, names: list[str]) -> None:
    """Give the article these tags, in this order (text in NFC; a comma separates tags, as in the form; the
    same tag twice is kept once); tags new to the library are made."""
    wanted = list(dict.fromkeys(nfc(part.strip()) for name in names for part in name.split(",") if part.strip()))
    current = {link.tag.name: link for link in article.tag_links}
    links = []
    for position, tag in enumerate(_tags_named(wanted)):
        link = current.get(tag.name) or ArticleTag(tag=tag)
        link.position = position
        links.append(link)
    article.tag_links = links


TAGS_SEEN = "composer.tags"  # session.info: the Tags this transaction has read or made, by name


def _tags_named(names: list[str]) -> list[Tag]:
    """The Tag of each name, made for the names the library has not seen (an import running at the same time
    may make the same one: the database keeps one). Nothing of the article being edited is flushed meanwhile,
    or its version would move twice in one save. An import reads each tag once (tags are never deleted)."""
    found: dict[str, Tag] = db.session.info.setdefault(TAGS_SEEN, {})
    unknown = [name for name in names if name not in found]
    if unknown:
        with db.session.no_autoflush:
            found.update((tag.name, tag) for tag in db.session.scalars(select(Tag).where(Tag.name.in_(unknown))))
            missing = [name for name in unknown if name not in found]
            if missing:
                insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
                db.session.execute(insert(Tag).on_conflict_do_nothing(index_elements=["name"]),
                                   [{"name": name, "folded": fold(name)} for name in missing])
                found.update((tag.name, tag)
                             for tag in db.session.scalars(select(Tag).where(Tag.name.in_(missing))))
    return [found[name] for name in names]


@event.listens_for(Session, "after_transaction_end")
def _forget_tags_seen(session: Session, _transaction: Any) -> None:
    session.info.pop(TAGS_SEEN, None)  # a tag made in a transaction rolled back is gone


def _check_unique_url(url: str | None, article_id: int | None) -> None:
    if not url:
        return
    existing = db.session.scalar(select(Article).where(Article.canonical_url == url.strip())
                                 .execution_options(include_trashed=True))  # the trash holds its URL too
    if existing is not None and existing.id != article_id:
        raise DuplicateURL(
            _("Another article (#%(id)s) already has this URL.", id=existing.id), existing_id=existing.id
        )


def create_article(data: ArticleData, user: User | None = None) -> Article:
    errors = validate(data)
    if errors:
        raise InvalidInput(_("The article has errors."), errors)
    _check_unique_url(data.canonical_url, None)
    article = Article()
    apply_data(article, data)
    db.session.add(article)
    revisions.record_article(article, user, "created")
    db.session.commit()
    return article


def update_article(article: Article, data: ArticleData, expected_version: int | None = None,
                   user: User | None = None, action: str = "saved") -> Article:
    errors = validate(data)
    if errors:
        raise InvalidInput(_("The article has errors."), errors)
    if expected_version is not None and expected_version != article.version:
        raise StaleEdit(
            _("Someone else saved this article while you were editing it."), current_version=article.version
        )
    _check_unique_url(data.canonical_url, article.id)
    apply_data(article, data)
    revisions.record_article(article, user, action)
    commit_or_stale(_("Someone else saved this article while you were editing it."))
    return article


def drafts_using(article: Article) -> list[Issue]:
    """The issues not yet sent that hold the article (it cannot go to the trash while they do)."""
    return list(db.session.scalars(
        select(Issue).where(Issue.status != "sent", Issue.items.any(IssueItem.article_id == article.id))
        .order_by(Issue.issue_date.desc(), Issue.id.desc())))


def trash_article(article: Article, user: User | None = None) -> None:
    """Move an article to the trash (restorable for TRASH_DAYS). Issues still being made must let go of it
    first; a sent issue keeps its frozen copy, so an article it used may go to the trash (but is never purged)."""
    drafts = drafts_using(article)
    if drafts:
        raise InUse(ngettext("This article is in an issue being prepared (%(titles)s); remove it from there first.",
                             "This article is in %(num)s issues being prepared (%(titles)s); remove it from them "
                             "first.", len(drafts), titles=", ".join(f"« {issue.title} »" for issue in drafts)))
    trash.put_in(article, user)
    commit_or_stale(_("Someone else saved this article meanwhile; reload it and try again."))


def restore_article(article: Article, user: User | None = None) -> None:
    trash.take_out(article, user)
    commit_or_stale(_("Someone else saved this article meanwhile; reload it and try again."))


def restore_article_revision(article: Article, revision_id: int, expected_version: int | None,
                             user: User | None = None) -> Article:
    """Bring back what an article was at one revision, as a new save (the later revisions stay)."""
    revision = revisions.get_revision(revision_id=revision_id, article=article)
    if revision is None:
        raise NotFound(_("This article has no revision #%(id)s.", id=revision_id))
    state = revisions.state_of(revision)
    published = state.get("published_at")
    data = ArticleData(
        title=state["title"], kind=state["kind"], lead=state["lead"], body=state["body"], author=state["author"],
        section=state["section"], tags=state["tags"].split(","), canonical_url=state["canonical_url"],
        image_url=state["image_url"], image_alt=state["image_alt"], language=state["language"],
        published_at=datetime.fromisoformat(published) if published else None)
    return update_article(article, data, expected_version, user, action=f"restored:{revision.id}")


def get_article(article_id: int, include_trashed: bool = False) -> Article:
    """The article, or NotFound (which the web and the API answer with a 404): one in the trash is not found
    unless include_trashed."""
    article: Article | None = get_by_id(Article, article_id, include_trashed)
    if article is None:
        raise NotFound(_("There is no article #%(id)s.", id=article_id))
    return article

"""Importing articles into the library: sources (RSS/Atom, WordPress, CSV/JSON, pasted text) parse into
records; apply_records() writes them, all or nothing, idempotently, never overwriting an editor's work."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from composer import library, revisions
from composer.domain import Kind
from composer.errors import DomainError
from composer.extensions import db
from composer.models import Article, ImportRun, User
from composer.sanitize import clean_html, html_to_text
from composer.text import french_typography, nfc

FORMATS = ("rss", "atom", "wordpress", "csv", "json", "text", "page")
# A tag of sanitized HTML (attribute values are double-quoted by the sanitizer).
_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def typographic_html(html: str) -> str:
    """French typography on the text of an HTML fragment, never inside its tags (a link's address keeps its
    apostrophes)."""
    return "".join(part if part.startswith("<") else french_typography(part) for part in re.split(f"({_TAG.pattern})",
                                                                                                 html))


def normalise_text(text: str, language: str) -> str:
    """Plain text as every way in stores it: NFC, entities decoded, French typography for French text."""
    text = nfc(html_to_text(text)).strip()
    return french_typography(text) if language == "fr" else text


def normalise_html(html: str, language: str) -> str:
    html = clean_html(nfc(html))
    return typographic_html(html) if language == "fr" else html


class ImportFailed(DomainError):
    """The source as a whole could not be read: nothing is written."""

    status = 422


@dataclass
class Record(library.ArticleData):
    """One article as a source describes it, before it meets the library: the article's fields, plus where
    it stands in the source (for messages) and the source's own id."""

    line: str = ""  # "ligne 7", "entrée 3"
    guid: str | None = None

    def normalised(self) -> Record:
        """Text in NFC with entities decoded, HTML bodies sanitized, leads as plain text; French text with
        French typography (’, non-breaking spaces before : ; ! ? » and after «). Pasted, imported and
        URL-added articles all pass through here."""
        language = self.language or "fr"
        return Record(
            title=normalise_text(self.title, language),
            line=self.line,
            kind=self.kind if self.kind in Kind.values() else Kind.ARTICLE.value,
            lead=normalise_text(self.lead, language),
            body=normalise_html(self.body, language),
            author=nfc(html_to_text(self.author)).strip(),
            section=nfc(html_to_text(self.section)).strip(),
            tags=[nfc(html_to_text(t)).strip() for t in self.tags if t and t.strip()],
            canonical_url=nfc(self.canonical_url or "").strip() or None,
            guid=nfc(self.guid or "").strip() or None,
            image_url=nfc(self.image_url or "").strip(),
            image_alt=normalise_text(self.image_alt or "", language),
            language=language,
            published_at=self.published_at,
        )

    def checksum(self) -> str:
        data = asdict(self)
        data.pop("line")
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()



def describe_counts(imported: int, updated: int, unchanged: int, skipped: int) -> str:
    """« 3 importés, 1 ignoré. » — the counts that are not zero, in the interface's language."""
    parts = [text for count, text in (
        (imported, ngettext("%(num)s imported", "%(num)s imported", imported)),
        (updated, ngettext("%(num)s updated", "%(num)s updated", updated)),
        (unchanged, ngettext("%(num)s unchanged", "%(num)s unchanged", unchanged)),
        (skipped, ngettext("%(num)s skipped", "%(num)s skipped", skipped)),
    ) if count]
    return (", ".join(parts) + ".") if parts else _("Nothing to import: the source holds no article.")


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0  # already in the library exactly as the source has it
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """For scripts (the command line): every count, always in the same order."""
        return (f"imported {self.imported}, updated {self.updated}, unchanged {self.unchanged}, "
                f"skipped {self.skipped}")

    def describe(self) -> str:
        return describe_counts(self.imported, self.updated, self.unchanged, self.skipped)

    def skip(self, message: str) -> None:
        self.skipped += 1
        self.messages.append(message)


@dataclass
class _Written:
    """The articles this import has added or changed so far, by URL and by GUID: found here without writing
    them out first, so that the whole import is written at once."""

    by_url: dict[str, Article] = field(default_factory=dict)
    by_guid: dict[str, Article] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        if article.canonical_url:
            self.by_url[article.canonical_url] = article
        if article.guid:
            self.by_guid[article.guid] = article


def _existing(record: Record, written: _Written) -> Article | None:
    mine = (record.canonical_url and written.by_url.get(record.canonical_url)) \
        or (record.guid and written.by_guid.get(record.guid))
    if mine:
        db.session.flush()  # an item met again in the same source: it is written first, then updated as usual
        return mine
    with db.session.no_autoflush:
        if record.canonical_url:
            found = db.session.scalar(select(Article).where(Article.canonical_url == record.canonical_url)
                                      .execution_options(include_trashed=True))
            if found is not None:
                return found
        if record.guid:
            return db.session.scalar(select(Article).where(Article.guid == record.guid).limit(1)
                                     .execution_options(include_trashed=True))
    return None


def apply_records(records: list[Record], default_kind: str | None = None, default_section: str | None = None,
                  result: ImportResult | None = None, user: User | None = None) -> ImportResult:
    """Write the records in one transaction: new ones added, changed ones updated, the rest skipped
    with a reason. An article written in Composer, or edited there since its import, is kept and reported,
    never overwritten."""
    result = result or ImportResult()
    seen: set[str] = set()
    written: list[Article] = []
    so_far = _Written()
    try:
        for raw in records:
            if default_kind and raw.kind == "article":
                raw.kind = default_kind
            if default_section and not raw.section:
                raw.section = default_section
            record = raw.normalised()
            key = record.canonical_url or record.guid or ""
            if key and key in seen:
                result.skip(_("%(line)s: the same link or GUID appears twice in the source", line=record.line))
                continue
            seen.add(key)
            errors = library.validate(record)
            if errors:
                result.skip(f"{record.line}: " + "; ".join(errors.values()))
                continue
            checksum = record.checksum()
            article = _existing(record, so_far)
            if article is None:
                article = Article(guid=record.guid, imported_checksum=checksum, imported_version=1)
                library.apply_data(article, record)
                db.session.add(article)
                written.append(article)
                so_far.add(article)
                result.imported += 1
            elif article.imported_checksum == checksum:
                result.unchanged += 1  # as the last import left it: nothing to write
            elif article.imported_checksum is None:
                # Written in Composer (or by the API), never imported: the source never changes it.
                result.skip(_("%(line)s: « %(title)s » was written in Composer; the editor's version is kept",
                              line=record.line, title=article.title))
            elif article.imported_version is not None and article.version != article.imported_version:
                result.skip(_("%(line)s: « %(title)s » was edited in Composer; the editor's version is kept",
                              line=record.line, title=article.title))
            else:
                library.apply_data(article, record)
                article.guid = article.guid or record.guid
                # This UPDATE moves the version on by one: that next version is the one this import wrote.
                article.imported_checksum, article.imported_version = checksum, article.version + 1
                written.append(article)
                so_far.add(article)
                result.updated += 1
        revisions.record_articles(written, user, "imported")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def record_run(source: str, fmt: str, result: ImportResult | None, user: User | None,
               error: str | None = None, feed_source_id: int | None = None) -> ImportRun:
    run = ImportRun(source=source[:1000], format=fmt, user=user, feed_source_id=feed_source_id,
                    status="failed" if error else "ok")
    if result is not None:
        run.imported, run.updated, run.skipped = result.imported, result.updated, result.skipped
        run.unchanged = result.unchanged
        run.messages = "\n".join(result.messages)
    if error:
        run.messages = error
    db.session.add(run)
    db.session.commit()
    return run

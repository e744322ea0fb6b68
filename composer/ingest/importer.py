"""Run one import from a file or URL: fetch, sniff the format, parse, write, and keep a record of it."""
from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Mapping as Settings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask_babel import gettext as _
from sqlalchemy import select

from composer.extensions import db
from composer.ingest import FORMATS, ImportFailed, ImportResult, Record, apply_records, record_run
from composer.ingest.blocks import Block
from composer.ingest.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, Deadline, Fetched, fetch
from composer.ingest.mapping import Mapping
from composer.ingest.page import read_page
from composer.ingest.paste import PastedArticle
from composer.ingest.rss import parse_feed
from composer.ingest.tabular import parse_csv, parse_json
from composer.ingest.text import parse_text_file
from composer.ingest.wordpress import fetch_posts, parse_posts
from composer.models import Article, FeedSource, ImportRun, User

# Formats whose items carry the source's own categories (rubrique, tags, opinion or not).
CATEGORISED = ("rss", "atom", "wordpress", "page")
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class ImportOptions:
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    # Reading a path on the server's disk is for the command line only: the web form, saved sources and the
    # API fetch http(s) addresses, never a file of the server (/proc/self/environ, the app's sources…).
    allow_files: bool = False
    # The longest the fetches of one import may take together (FETCH_DEADLINE): a feed that sends a byte
    # every few seconds cannot hold a web worker for minutes.
    deadline: float = DEFAULT_DEADLINE

    @classmethod
    def from_config(cls, config: Settings[str, Any]) -> ImportOptions:
        """What the app's settings let imports do: INGEST_ALLOW_PRIVATE, INGEST_MAX_BYTES and FETCH_DEADLINE."""
        allow = str(config["INGEST_ALLOW_PRIVATE"]).strip().lower() in ("1", "true", "yes", "on")
        return cls(allow_private=allow, max_bytes=int(config["INGEST_MAX_BYTES"]),
                   deadline=float(config["FETCH_DEADLINE"]))


def is_web_address(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def not_web_address(source: str) -> ImportFailed:
    return ImportFailed(_("only http and https addresses can be imported, not %(url)s", url=source[:80]))



def sniff(data: bytes, name: str = "", content_type: str = "") -> str:
    """The format of a source from its name, content type and first bytes."""
    lowered = name.lower().split("?")[0]
    for suffix, fmt in ((".csv", "csv"), (".txt", "text"), (".rss", "rss"), (".atom", "atom"), (".xml", "rss")):
        if lowered.endswith(suffix):
            return fmt
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    markup = head.lower()
    if head.startswith(b"<") and not any(tag in markup for tag in (b"<rss", b"<feed", b"<rdf:rdf")) and (
            markup.startswith((b"<!doctype html", b"<html")) or "html" in content_type):
        return "page"
    if head.startswith(b"<") or "xml" in content_type or "rss" in content_type or "atom" in content_type:
        return "atom" if b"<feed" in head else "rss"
    if head.startswith((b"[", b"{")) or "json" in content_type:
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            return "json"
        if isinstance(parsed, list) and parsed and isinstance(parsed[0], dict) \
                and isinstance(parsed[0].get("title"), dict):
            return "wordpress"
        return "json"
    first_line = head.split(b"\n", 1)[0].lower()
    if b"title" in first_line and (b"," in first_line or b";" in first_line):
        return "csv"
    return "text"


def _not_a_page(fmt: str, source: str) -> str:
    """A web page is read as one article only when asked (--format page, « Ajouter depuis une adresse »): given
    where a feed was expected (a site's home page), it is a mistake to say, not an article to make."""
    if fmt == "page":
        raise ImportFailed(_("%(source)s is a web page, not a feed; to add its article, choose the format "
                             "« page » (flask import URL --format page) or « Add from an address » in the library",
                             source=source[:120]))
    return fmt


def _parse(fmt: str, data: bytes, base_url: str = "", content_type: str = "") -> tuple[list[Record], list[str]]:
    if fmt == "page":
        return [read_page(data, base_url, content_type)[0].record("page")], []
    if fmt in ("rss", "atom"):
        return parse_feed(data, base_url), []
    if fmt == "wordpress":
        return parse_posts(data)
    if fmt == "csv":
        return parse_csv(data)
    if fmt == "json":
        return parse_json(data)
    return parse_text_file(data), []


def load_source(source: str, fmt: str | None, options: ImportOptions) -> tuple[list[Record], list[str], str]:
    if fmt and fmt not in FORMATS:
        raise ImportFailed(_("unknown format %(format)s; choose one of: %(formats)s", format=fmt,
                                   formats=", ".join(FORMATS)))

    deadline = Deadline(options.deadline)

    def get(url: str) -> Fetched:
        return _get(url, options, PAGE_ACCEPT if fmt == "page" else "*/*", deadline)

    if is_web_address(source):
        if fmt == "wordpress":
            return *fetch_posts(source, get), fmt
        fetched = get(source)
        fmt = fmt or _not_a_page(sniff(fetched.content, fetched.url, fetched.content_type), fetched.url)
        if fmt == "wordpress" and fetched.headers.get("x-wp-totalpages", "1") not in ("", "0", "1"):
            return *fetch_posts(source, get), fmt
        records, problems = _parse(fmt, fetched.content, fetched.url, fetched.content_type)
        return records, problems, fmt
    if "://" in source or not options.allow_files:
        raise not_web_address(source)
    path = Path(source)
    try:
        if path.stat().st_size > options.max_bytes:
            raise ImportFailed(_("%(name)s is over the %(kb)s KB limit", name=path.name, kb=options.max_bytes // 1024))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(_("cannot read %(path)s: %(reason)s", path=source, reason=exc.strerror)) from exc
    fmt = fmt or _not_a_page(sniff(data, path.name), source)
    records, problems = _parse(fmt, data)
    return records, problems, fmt


UPLOAD_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".csv", ".txt", ".tsv")
# What people upload by mistake, recognised by its first bytes.
BINARY_SIGNATURES = ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP (Word, Excel, OpenDocument)"), (b"\x89PNG", "PNG"),
                     (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"\xd0\xcf\x11\xe0", "Office 97–2003"))


def check_upload(data: bytes, name: str) -> str | None:
    """Why an uploaded file cannot be imported (wrong kind of file), or None."""
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    for signature, label in BINARY_SIGNATURES:
        if data.startswith(signature):
            return _("%(name)s is a %(kind)s file. Export it as CSV, JSON or text, or give the feed's address.",
                     name=name, kind=label)
    if suffix not in UPLOAD_SUFFIXES:
        return _("%(name)s: Composer imports %(suffixes)s files.", name=name, suffixes=", ".join(UPLOAD_SUFFIXES))
    if b"\x00" in data[:8192]:
        return _("%(name)s is not a text file.", name=name)
    return None


def import_bytes(data: bytes, name: str, fmt: str | None, kind: str | None, section: str | None,
                 user: User | None, options: ImportOptions) -> tuple[ImportResult, ImportRun]:
    """An uploaded file: same rules as a file on disk, and it must be a text format we read."""
    error = check_upload(data, name)
    if len(data) > options.max_bytes:
        error = _("%(name)s is over the %(kb)s KB limit", name=name, kb=options.max_bytes // 1024)
    if error:
        record_run(name, fmt or "?", None, user, error=error)
        raise ImportFailed(error)
    fmt = fmt or sniff(data, name)
    try:
        records, problems = _parse(fmt, data)
    except ImportFailed as exc:
        record_run(name, fmt, None, user, error=exc.message)
        raise
    return _write(name, fmt, records, problems, kind, section, user, None)


def run_import(source: str, fmt: str | None, kind: str | None, section: str | None, user: User | None,
               options: ImportOptions, feed_source_id: int | None = None,
               on_read: Callable[[int], None] | None = None) -> tuple[ImportResult, ImportRun]:
    """Fetch and read the source, then write it in one transaction. on_read(n) hears how many items were read,
    before the write begins (a job's progress)."""
    try:
        records, problems, fmt = load_source(source, fmt, options)
    except ImportFailed as exc:
        record_run(source, fmt or "?", None, user, error=exc.message, feed_source_id=feed_source_id)
        raise
    if on_read is not None:
        on_read(len(records) + len(problems))
    return _write(source, fmt, records, problems, kind, section, user, feed_source_id)


def _write(source: str, fmt: str, records: list[Record], problems: list[str], kind: str | None,
           section: str | None, user: User | None, feed_source_id: int | None) -> tuple[ImportResult, ImportRun]:
    if fmt in CATEGORISED:
        saved = db.session.get(FeedSource, feed_source_id) if feed_source_id else None
        mapping = Mapping.for_source(saved)
        for record in records:
            mapping.apply(record)
    result = ImportResult(skipped=len(problems), messages=list(problems))
    if fmt == "page":  # one article from its page: one already in the library is opened, never rewritten
        known = existing_article(source, *(r.canonical_url for r in records))
        if known is not None:
            result.unchanged += 1
            result.messages.append(_("« %(title)s » is already in the library (#%(id)s)", title=known.title,
                                     id=known.id))
            records = []
    apply_records(records, kind, section, result, user)
    return result, record_run(source, fmt, result, user, feed_source_id=feed_source_id)


def _get(url: str, options: ImportOptions, accept: str = "*/*", deadline: Deadline | None = None) -> Fetched:
    """Every import fetches through the project's one fetcher (composer/ingest/fetch.py), within one deadline."""
    return fetch(url, max_bytes=options.max_bytes, allow_private=options.allow_private, accept=accept,
                 deadline=deadline or Deadline(options.deadline))


def url_variants(url: str) -> list[str]:
    """The ways one article's address is written: with or without its fragment, tracking parameters and
    trailing slash."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(("utm_", "xtor", "fbclid", "gclid"))])
    bare = urlunsplit(parts._replace(query=query, fragment=""))
    other = bare[:-1] if bare.endswith("/") else bare + "/"
    return list(dict.fromkeys([url, bare, other]))


def existing_article(*urls: str | None) -> Article | None:
    """The library's article for one of these addresses (in the trash too: its address is still taken)."""
    variants = [v for url in urls if url for v in url_variants(url)]
    if not variants:
        return None
    return db.session.scalar(select(Article).where(Article.canonical_url.in_(variants)).limit(1))


@dataclass
class PageDraft:
    """An article read from its page, for the editor to review before it is saved."""

    article: PastedArticle
    blocks: list[Block]
    meta: dict[str, Any]
    url: str


def read_url(url: str, options: ImportOptions) -> PageDraft:
    """Fetch one article's page and read it; its kind from its rubrique and categories (the opinion list of
    the import settings)."""
    if not url.strip().startswith(("http://", "https://")):
        raise ImportFailed(_("only http and https addresses can be imported, not %(url)s", url=url[:80]))
    fetched = _get(url.strip(), options, PAGE_ACCEPT)
    if sniff(fetched.content, "", fetched.content_type) != "page":
        raise ImportFailed(_("%(url)s is not a web page (%(type)s)", url=fetched.url[:120],
                             type=fetched.content_type or "?"))
    article, blocks, meta = read_page(fetched.content, fetched.url, fetched.content_type)
    if article.kind == "article" and Mapping.for_source(None).is_opinion([article.section, *article.tags]):
        article.kind = meta["kind"] = "opinion"
    return PageDraft(article, blocks, meta, fetched.url)

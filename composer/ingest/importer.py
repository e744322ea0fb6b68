"""Run one import from a file or URL: fetch, sniff the format, parse, write, and keep a record of it."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _

from composer.ingest import FORMATS, ImportFailed, ImportResult, Record, apply_records, record_run
from composer.ingest.fetch import DEFAULT_MAX_BYTES, Fetched, fetch
from composer.ingest.rss import parse_feed
from composer.ingest.tabular import parse_csv, parse_json
from composer.ingest.text import parse_text_file
from composer.ingest.wordpress import fetch_posts, parse_posts
from composer.models import ImportRun, User


@dataclass(frozen=True)
class ImportOptions:
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> ImportOptions:
        """What the app's settings let imports do: INGEST_ALLOW_PRIVATE and INGEST_MAX_BYTES."""
        allow = str(config["INGEST_ALLOW_PRIVATE"]).strip().lower() in ("1", "true", "yes", "on")
        return cls(allow_private=allow, max_bytes=int(config["INGEST_MAX_BYTES"]))


def sniff(data: bytes, name: str = "", content_type: str = "") -> str:
    """The format of a source from its name, content type and first bytes."""
    lowered = name.lower().split("?")[0]
    for suffix, fmt in ((".csv", "csv"), (".txt", "text"), (".rss", "rss"), (".atom", "atom"), (".xml", "rss")):
        if lowered.endswith(suffix):
            return fmt
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or "xml" in content_type or "rss" in content_type or "atom" in content_type:
        return "atom" if b"<feed" in head else "rss"
    if head.startswith((b"[", b"{")) or "json" in content_type:
        try:
            parsed = json.loads(data)
        except ValueError:
            return "json"
        if isinstance(parsed, list) and parsed and isinstance(parsed[0], dict) \
                and isinstance(parsed[0].get("title"), dict):
            return "wordpress"
        return "json"
    first_line = head.split(b"\n", 1)[0].lower()
    if b"title" in first_line and (b"," in first_line or b";" in first_line):
        return "csv"
    return "text"


def _parse(fmt: str, data: bytes, base_url: str = "") -> tuple[list[Record], list[str]]:
    if fmt in ("rss", "atom"):
        return parse_feed(data, base_url), []
    if fmt == "wordpress":
        return parse_posts(data), []
    if fmt == "csv":
        return parse_csv(data)
    if fmt == "json":
        return parse_json(data)
    return parse_text_file(data), []


def load_source(source: str, fmt: str | None, options: ImportOptions) -> tuple[list[Record], list[str], str]:
    if fmt and fmt not in FORMATS:
        raise ImportFailed(_("unknown format %(format)s; choose one of: %(formats)s", format=fmt,
                                   formats=", ".join(FORMATS)))

    def get(url: str) -> Fetched:
        return fetch(url, max_bytes=options.max_bytes, allow_private=options.allow_private)

    if source.startswith(("http://", "https://")):
        if fmt == "wordpress":
            return fetch_posts(source, get), [], fmt
        fetched = get(source)
        fmt = fmt or sniff(fetched.content, fetched.url, fetched.content_type)
        if fmt == "wordpress" and fetched.headers.get("x-wp-totalpages", "1") not in ("", "0", "1"):
            return fetch_posts(source, get), [], fmt
        records, problems = _parse(fmt, fetched.content, fetched.url)
        return records, problems, fmt
    if "://" in source:
        raise ImportFailed(_("only http and https addresses can be imported, not %(url)s", url=source[:80]))
    path = Path(source)
    try:
        if path.stat().st_size > options.max_bytes:
            raise ImportFailed(_("%(name)s is over the %(kb)s KB limit", name=path.name, kb=options.max_bytes // 1024))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(_("cannot read %(path)s: %(reason)s", path=source, reason=exc.strerror)) from exc
    fmt = fmt or sniff(data, path.name)
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
               options: ImportOptions, feed_source_id: int | None = None) -> tuple[ImportResult, ImportRun]:
    try:
        records, problems, fmt = load_source(source, fmt, options)
    except ImportFailed as exc:
        record_run(source, fmt or "?", None, user, error=exc.message, feed_source_id=feed_source_id)
        raise
    return _write(source, fmt, records, problems, kind, section, user, feed_source_id)


def _write(source: str, fmt: str, records: list[Record], problems: list[str], kind: str | None,
           section: str | None, user: User | None, feed_source_id: int | None) -> tuple[ImportResult, ImportRun]:
    result = ImportResult(skipped=len(problems), messages=list(problems))
    apply_records(records, kind, section, result, user)
    return result, record_run(source, fmt, result, user, feed_source_id=feed_source_id)

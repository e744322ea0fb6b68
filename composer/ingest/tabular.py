"""CSV and JSON files with the article fields as columns or keys (see README for the exact names)."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record

COLUMNS = ("title", "kind", "lead", "body", "author", "section", "tags", "url", "guid", "image_url",
           "image_alt", "published", "language")


class RowError(ValueError):
    pass


def _date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        raise RowError(f"date {value!r} is not ISO 8601 (2026-11-24 or 2026-11-24T08:30)") from None


def row_record(row: dict[str, Any], line: str) -> Record:
    for key in COLUMNS:  # JSON may hold anything: each field must be text (a number will do), tags a list
        value = row.get(key)
        if key == "tags":
            if value is not None and not isinstance(value, str) and not (
                    isinstance(value, list) and all(isinstance(t, str) for t in value)):
                raise RowError(f"tags must be a list of text or text separated by commas, not {value!r:.40}")
        elif value is not None and not isinstance(value, str | int | float):
            raise RowError(f"{key} must be text, not {type(value).__name__}")
    get = lambda key: str(row.get(key) or "").strip()  # noqa: E731
    tags = row.get("tags") or []
    if isinstance(tags, str):
        tags = [t for part in tags.split(";") for t in part.split(",")]
    return Record(
        title=get("title"), line=line, kind=get("kind") or "article", lead=get("lead"), body=get("body"),
        author=get("author"), section=get("section"), tags=[str(t) for t in tags],
        canonical_url=get("url") or None,
        guid=get("guid") or None, image_url=get("image_url"), image_alt=get("image_alt"),
        published_at=_date(get("published")), language=get("language") or "fr",
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(_("the file is not UTF-8 text (byte %(n)s)", n=exc.start)) from exc


def parse_csv(data: bytes) -> tuple[list[Record], list[str]]:
    """Records from the valid rows, and one message per invalid row (by line number)."""
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames or "title" not in [f.strip().lower() for f in reader.fieldnames]:
        raise ImportFailed(_("the CSV file has no 'title' column (see README for the columns)"))
    records, problems = [], []
    try:
        for row in reader:
            line = f"ligne {reader.line_num}"
            clean = {(k or "").strip().lower(): v for k, v in row.items()}
            try:
                records.append(row_record(clean, line))
            except RowError as exc:
                problems.append(f"{line}: {exc}")
    except csv.Error as exc:  # a field past the reader's limit (128 KB), a stray NUL…
        raise ImportFailed(_("the CSV file cannot be read after line %(n)s (%(reason)s)", n=reader.line_num,
                             reason=exc)) from exc
    return records, problems


def parse_json(data: bytes) -> tuple[list[Record], list[str]]:
    try:
        items = json.loads(_decode(data))
    except (ValueError, RecursionError) as exc:  # nested a million deep: not JSON we read
        raise ImportFailed(_("the file is not valid JSON (%(reason)s)", reason=exc)) from exc
    if isinstance(items, dict) and isinstance(items.get("articles"), list):
        items = items["articles"]
    if not isinstance(items, list):
        raise ImportFailed(_("the JSON file must hold a list of articles"))
    records, problems = [], []
    for number, item in enumerate(items, start=1):
        line = f"élément {number}"
        if not isinstance(item, dict):
            problems.append(f"{line}: not an object")
            continue
        try:
            records.append(row_record(item, line))
        except RowError as exc:
            problems.append(f"{line}: {exc}")
    return records, problems

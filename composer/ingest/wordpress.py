"""WordPress REST API posts (/wp-json/wp/v2/posts?_embed), page by page."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record
from composer.ingest.fetch import Fetched

MAX_PAGES = 20
PER_PAGE = 50


def api_url(url: str, page: int) -> str:
    """The posts endpoint for a site URL or an API URL, with _embed, per_page and page set."""
    parts = urlsplit(url)
    path = parts.path
    if "/wp-json/" not in path:
        path = path.rstrip("/") + "/wp-json/wp/v2/posts"
    query = dict(parse_qsl(parts.query))
    query.update({"_embed": "1", "per_page": query.get("per_page", str(PER_PAGE)), "page": str(page)})
    return urlunsplit(parts._replace(path=path, query=urlencode(query)))


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("rendered", ""))
    return str(value or "")


class PostError(ValueError):
    """One post that cannot be read: reported by its number, the others are imported."""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(post: dict[str, Any], key: str) -> str | None:
    value = post.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise PostError(f"{key} must be text, not {type(value).__name__}")


def post_record(post: dict[str, Any], number: int) -> Record:
    if not isinstance(post, dict):
        raise PostError("not a JSON object")
    found = post.get("_embedded")
    embedded: dict[str, Any] = found if isinstance(found, dict) else {}
    authors = _list(embedded.get("author"))
    terms = [term for group in _list(embedded.get("wp:term")) for term in _list(group) if isinstance(term, dict)]
    categories = [str(t.get("name", "")) for t in terms if t.get("taxonomy") == "category" and t.get("name")]
    media = (_list(embedded.get("wp:featuredmedia")) or [{}])[0] or {}
    date = _text(post, "date_gmt") or _text(post, "date")
    try:
        published = datetime.fromisoformat(date) if date else None
    except ValueError:
        published = None
    return Record(
        title=_rendered(post.get("title")),
        line=f"article {number}",
        lead=_rendered(post.get("excerpt")),
        body=_rendered(post.get("content")),
        author=str(authors[0].get("name", "")) if authors and isinstance(authors[0], dict) else "",
        section=categories[0] if categories else "",
        tags=[str(t.get("name", "")) for t in terms if isinstance(t, dict)],
        canonical_url=_text(post, "link"),
        guid=_rendered(post.get("guid")) or None,
        image_url=str(media.get("source_url", "")) if isinstance(media, dict) else "",
        image_alt=str(media.get("alt_text", "")) if isinstance(media, dict) else "",
        published_at=published,
    )


def parse_posts(data: bytes, start: int = 1) -> tuple[list[Record], list[str]]:
    """Records from the readable posts, and one message per post that is not (by its number)."""
    try:
        posts = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # nested a million deep: not JSON we read
        raise ImportFailed(_("the WordPress answer is not JSON (%(reason)s)", reason=exc)) from exc
    if not isinstance(posts, list):
        raise ImportFailed(_("the WordPress answer is not a list of posts"))
    records, problems = [], []
    for n, post in enumerate(posts):
        try:
            records.append(post_record(post, start + n))
        except PostError as exc:
            problems.append(f"article {start + n}: {exc}")
    return records, problems


def fetch_posts(url: str, get: Callable[[str], Fetched],
                max_pages: int = MAX_PAGES) -> tuple[list[Record], list[str]]:
    """Every post of the site, following X-WP-TotalPages up to max_pages pages."""
    records: list[Record] = []
    problems: list[str] = []
    page, total = 1, 1
    while page <= min(total, max_pages):
        fetched = get(api_url(url, page))
        found, unreadable = parse_posts(fetched.content, start=len(records) + len(problems) + 1)
        records.extend(found)
        problems.extend(unreadable)
        header = fetched.headers.get("x-wp-totalpages", "1")
        total = int(header) if header.isdigit() else 1
        page += 1
    return records, problems

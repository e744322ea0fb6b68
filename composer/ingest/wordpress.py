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


def post_record(post: dict[str, Any], number: int) -> Record:
    if not isinstance(post, dict):
        raise ImportFailed(f"post {number} is not a JSON object")
    embedded = post.get("_embedded") or {}
    authors = embedded.get("author") or []
    terms = [term for group in embedded.get("wp:term") or [] for term in (group or []) if isinstance(term, dict)]
    categories = [str(t.get("name", "")) for t in terms if t.get("taxonomy") == "category" and t.get("name")]
    media = (embedded.get("wp:featuredmedia") or [{}])[0] or {}
    date = post.get("date_gmt") or post.get("date")
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
        tags=[str(t.get("name", "")) for t in terms],
        canonical_url=post.get("link") or None,
        guid=_rendered(post.get("guid")) or None,
        image_url=str(media.get("source_url", "")) if isinstance(media, dict) else "",
        image_alt=str(media.get("alt_text", "")) if isinstance(media, dict) else "",
        published_at=published,
    )


def parse_posts(data: bytes, start: int = 1) -> list[Record]:
    try:
        posts = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(_("the WordPress answer is not JSON (%(reason)s)", reason=exc)) from exc
    if not isinstance(posts, list):
        raise ImportFailed(_("the WordPress answer is not a list of posts"))
    return [post_record(post, start + n) for n, post in enumerate(posts)]


def fetch_posts(url: str, get: Callable[[str], Fetched], max_pages: int = MAX_PAGES) -> list[Record]:
    """Every post of the site, following X-WP-TotalPages up to max_pages pages."""
    records: list[Record] = []
    page, total = 1, 1
    while page <= min(total, max_pages):
        fetched = get(api_url(url, page))
        records.extend(parse_posts(fetched.content, start=len(records) + 1))
        header = fetched.headers.get("x-wp-totalpages", "1")
        total = int(header) if header.isdigit() else 1
        page += 1
    return records

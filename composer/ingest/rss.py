"""RSS 2.0 and Atom feeds, read with feedparser after a check that refuses XML entity tricks."""
from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException
from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record

RELATIVE_HREF = re.compile(r'\b(href|src)="(/[^"]*)"')
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


def refuse_xml_tricks(data: bytes) -> None:
    """Entity declarations (billion laughs, external entities) are refused before any parser expands them:
    seen in the bytes themselves (a feed the strict parser gives up on early may still be read by feedparser,
    which would expand them), then by a parser that forbids them."""
    if b"<!entity" in data.replace(b"\x00", b"").lower():  # NUL bytes: UTF-16 and UTF-32
        raise ImportFailed(_("the feed declares XML entities (%(kind)s); refused", kind="ENTITY"))
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        kind = exc.__class__.__name__
        raise ImportFailed(_("the feed declares XML entities (%(kind)s); refused", kind=kind)) from exc
    except SafeET.ParseError:
        pass  # not well-formed XML: feedparser decides below whether it is still a readable feed
    except (ValueError, LookupError) as exc:  # an encoding the parser cannot read ("UTF-32", "x-unknown")
        raise ImportFailed(_("the feed declares an encoding Composer cannot read (%(reason)s)", reason=exc)) from exc


def feed_language(code: str) -> str:
    """« fr-FR », « en-gb »… as the library's fr or en; anything else is taken as French, the default."""
    return "en" if str(code).strip().lower().startswith("en") else "fr"


def _date(entry: Any) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None)


def _image(entry: Any) -> str:
    for media in entry.get("media_content", []):
        if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/"):
            return str(media.get("url", ""))
    for thumb in entry.get("media_thumbnail", []):
        if thumb.get("url"):
            return str(thumb["url"])
    for enclosure in entry.get("enclosures", []):
        if str(enclosure.get("type", "")) in IMAGE_TYPES:
            return str(enclosure.get("href", ""))
    return ""


class _Images(HTMLParser):
    """The images of an HTML body, in order, as (address, alt text); lazy-loading placeholders and
    tracking pixels left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        a = {k: v or "" for k, v in attrs}
        src = a.get("src", "")
        if not src or src.startswith("data:"):
            src = a.get("data-src") or a.get("data-lazy-src") or ""
        if src and "1" not in (a.get("width"), a.get("height")):
            self.found.append((src.strip(), a.get("alt", "").strip()))


def _body_images(html: str) -> list[tuple[str, str]]:
    parser = _Images()
    parser.feed(html)
    parser.close()
    return parser.found


def _image_and_alt(entry: Any, body: str, site: str) -> tuple[str, str]:
    """The entry's image from its media or enclosure, else the first image of its body (as WordPress feeds
    give the featured image); its alt text from the body's <img> of the same address."""
    images = [(urljoin(site, src) if site and "://" not in src else src, alt) for src, alt in _body_images(body)]
    image = _image(entry)
    if image and site and "://" not in image:
        image = urljoin(site, image)
    if not image:
        return images[0] if images else ("", "")
    return image, next((alt for src, alt in images if src == image), "")


def parse_feed(data: bytes, base_url: str = "") -> list[Record]:
    refuse_xml_tricks(data)
    # Relative links are resolved against the site (the channel's <link>), not the feed's own address,
    # which may be a CDN or a feed proxy.
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception", "")) or "no items"
        if parsed.get("bozo") or not parsed.get("version"):
            raise ImportFailed(_("this is not a readable RSS or Atom feed (%(reason)s)", reason=reason[:120]))
        return []
    site = parsed.feed.get("link", "") or base_url
    language = feed_language(parsed.feed.get("language", ""))
    records = []
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else ""
        summary = entry.get("summary", "")
        link = entry.get("link", "")
        if link and site and "://" not in link:
            link = urljoin(site, link)
        image, alt = _image_and_alt(entry, body, site)
        categories = list(dict.fromkeys(t.get("term", "").strip() for t in entry.get("tags", [])
                                        if t.get("term", "").strip()))
        if site:
            body = RELATIVE_HREF.sub(lambda m: f'{m.group(1)}="{urljoin(site, m.group(2))}"', body)
        records.append(Record(
            title=entry.get("title", ""),
            line=f"entrée {number}",
            lead=summary if summary != body else "",
            body=body or (f"<p>{summary}</p>" if summary and "<" not in summary else summary),
            author=entry.get("author", ""),
            section=categories[0] if categories else "",  # the first category is the rubrique, all are tags
            tags=categories,
            canonical_url=link or None,
            guid=entry.get("id") or None,
            image_url=image,
            image_alt=alt,
            published_at=_date(entry),
            language=feed_language(entry.get("language", "")) if entry.get("language") else language,
        ))
    return records

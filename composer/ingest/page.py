"""One article from its web page: the body extracted by trafilatura, read like a paste (so the chrome that
trafilatura keeps is dropped the same way), and the metadata from JSON-LD (extruct), OpenGraph and the page's
<meta> and <link> tags, htmldate for a date the page does not declare."""
from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from composer.ingest import ImportFailed
from composer.ingest.blocks import Block, html_blocks
from composer.ingest.chrome import AUTHOR_END, key, word_count
from composer.ingest.paste import PastedArticle, read_blocks
from composer.text import fold, nfc

ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "opinionnewsarticle", "analysisnewsarticle",
                 "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report"}
OPINION_TYPES = {"opinionnewsarticle"}
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([a-zA-Z0-9_-]+)""", re.I)
FRENCH = {"le", "la", "les", "des", "du", "et", "est", "une", "un", "dans", "pour", "que", "qui", "sur", "au", "aux"}
ENGLISH = {"the", "and", "of", "to", "is", "in", "that", "for", "on", "with", "was", "are", "by", "from"}


def decode(data: bytes, content_type: str = "") -> str:
    """The page's text, in the charset its headers or its <meta> declare (UTF-8 otherwise)."""
    declared = re.search(r"charset=([\w-]+)", content_type or "")
    found = CHARSET.search(data[:4096])
    for charset in (declared.group(1) if declared else None, found.group(1).decode() if found else None, "utf-8"):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("utf-8", errors="replace")


def _json_ld(html: str, url: str) -> list[dict[str, Any]]:
    from extruct.jsonld import JsonLdExtractor  # loaded when a page is read, not with the app

    try:
        found = JsonLdExtractor().extract(html, base_url=url)
    except (ValueError, TypeError, etree.LxmlError):
        return []
    items: list[dict[str, Any]] = []
    stack = list(found)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            items.append(item)
            stack.extend(g for g in ([item.get("@graph")] if item.get("@graph") else []))
    return items


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", "")
    return {str(v).lower() for v in (value if isinstance(value, list) else [value])}


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("url") or value.get("@id") or "")
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return nfc(str(value or "")).strip()


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _list(v)]
    if isinstance(value, dict):
        return [_text(value)] if _text(value) else []
    return [t.strip() for t in re.split(r"\s*[,;]\s*", str(value or "")) if t.strip()]


def _moment(value: str) -> datetime | None:
    """An ISO 8601 date or date-time as stored: naive UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


class Meta(dict[str, Any]):
    """The page's metadata, by field, in order of trust (the first value found is kept)."""

    def offer(self, name: str, value: Any) -> None:
        if value and not self.get(name):
            self[name] = value


def _head(root: Any, url: str) -> dict[str, list[str]]:
    """<meta property|name=…> and <link rel=…> values, every one kept (article:tag repeats)."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if name and content and content.strip():
            found.setdefault(name, []).append(nfc(content.strip()))
    for link in root.iter("link"):
        rel = (link.get("rel") or "").strip().lower()
        if rel in ("canonical", "amphtml") and link.get("href"):
            found.setdefault(f"link:{rel}", []).append(urljoin(url, link.get("href").strip()))
    html = root if root.tag == "html" else root.getroottree().getroot()
    if html is not None and html.get("lang"):
        found["html:lang"] = [html.get("lang")]
    return found


def _image_of(value: Any, url: str) -> tuple[str, str]:
    if isinstance(value, list):
        return _image_of(value[0], url) if value else ("", "")
    if isinstance(value, dict):
        return urljoin(url, _text(value.get("url") or value.get("contentUrl") or value.get("@id"))), \
            _text(value.get("caption") or value.get("description"))
    return (urljoin(url, str(value).strip()), "") if value else ("", "")


def metadata(html: str, url: str) -> Meta:
    meta = Meta()
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return meta
    head = _head(root, url)
    first = {k: v[0] for k, v in head.items()}
    articles = [i for i in _json_ld(html, url) if _types(i) & ARTICLE_TYPES]
    if articles:
        item = articles[0]
        meta.offer("title", _text(item.get("headline") or item.get("name")))
        meta.offer("lead", _text(item.get("description")))
        authors = item.get("author") or item.get("creator")
        meta.offer("author", ", ".join(_text(a) for a in (authors if isinstance(authors, list) else [authors])
                                       if _text(a)))
        meta.offer("published_at", _moment(_text(item.get("datePublished") or item.get("dateCreated"))))
        sections = _list(item.get("articleSection"))
        meta.offer("section", sections[0] if sections else "")
        meta.offer("tags", _list(item.get("keywords")))
        meta.offer("image", _image_of(item.get("image") or item.get("thumbnailUrl"), url))
        page = item.get("mainEntityOfPage")
        meta.offer("canonical_url",
                   _text(page.get("@id") if isinstance(page, dict) else page) or _text(item.get("url")))
        meta.offer("language", _text(item.get("inLanguage")))
        if _types(item) & OPINION_TYPES:
            meta["kind"] = "opinion"
    crumbs = [i for i in _json_ld(html, url) if "breadcrumblist" in _types(i)] if not meta.get("section") else []
    if crumbs:
        names = [_text(e.get("name") or e.get("item")) for e in crumbs[0].get("itemListElement") or []
                 if isinstance(e, dict)]
        names = [n for n in names[1:] if n and fold(n) != fold(meta.get("title", ""))]
        meta.offer("section", names[-1] if names else "")
    meta.offer("title", first.get("og:title") or first.get("twitter:title"))
    meta.offer("lead", first.get("og:description") or first.get("description") or first.get("twitter:description"))
    meta.offer("author", next((a for a in head.get("article:author", []) + head.get("author", [])
                               if "://" not in a), ""))
    meta.offer("published_at", _moment(first.get("article:published_time", "")))
    meta.offer("section", first.get("article:section"))
    meta.offer("tags", head.get("article:tag") or _list(first.get("news_keywords", "")))
    image = first.get("og:image") or first.get("og:image:url") or first.get("twitter:image")
    if image:
        meta.offer("image", (urljoin(url, image), ""))
    meta["image_alt"] = first.get("og:image:alt") or first.get("twitter:image:alt") or ""
    canonical = first.get("link:canonical") or first.get("og:url")
    if canonical:
        meta["canonical_url"] = canonical  # the page's own word over the JSON-LD's (an AMP page points home)
    meta.offer("language", first.get("html:lang") or first.get("og:locale") or first.get("content-language"))
    meta["keywords"] = _list(first.get("keywords", ""))
    return meta


def guess_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text.lower()[:5000])
    french = sum(w in FRENCH for w in words)
    english = sum(w in ENGLISH for w in words)
    return "en" if english > french else "fr"


def _html_date(html: str) -> datetime | None:
    from htmldate import find_date  # loaded when a page is read, not with the app

    try:
        found = find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None
    return datetime.fromisoformat(found) if found else None


def _author(name: str) -> str:
    name = re.sub(r"^(par|by)\s+", "", name.strip(), flags=re.I)
    return AUTHOR_END.sub("", name).strip() if word_count(name) > 1 else name


def overlay(article: PastedArticle, meta: dict[str, Any]) -> PastedArticle:
    """The page's declared metadata over what its text gave (a declared title wins over an <h1>)."""
    for name in ("title", "author", "section", "canonical_url", "image_url", "image_alt", "kind", "language"):
        if meta.get(name):
            setattr(article, name, meta[name])
    if meta.get("published_at"):
        article.published_at = datetime.fromisoformat(meta["published_at"])
    if meta.get("tags"):
        article.tags = list(dict.fromkeys([*meta["tags"], *article.tags]))
    return article


def page_meta(html: str, url: str, text: PastedArticle, blocks: list[Block],
              images: list[tuple[str, str]]) -> dict[str, Any]:
    """What overlay() sets, as JSON-ready values (the review form carries them to « remettre »)."""
    found = metadata(html, url)
    image_url, caption = found.get("image") or (text.image_url, "")
    alt = found.get("image_alt") or next((a for src, a in images if src == image_url and a), "") or caption \
        or next((b.text for b in blocks if b.kind == "caption" and b.image and b.image[0] == image_url), "")
    published = found.get("published_at") or text.published_at or _html_date(html)
    language = str(found.get("language") or "")[:2].lower() or guess_language(text.body)
    canonical = found.get("canonical_url") or url
    return {
        "title": found.get("title") or text.title,
        "lead": found.get("lead") or "",
        "author": _author(found.get("author") or "") or text.author,
        "section": found.get("section") or text.section,
        "tags": list(dict.fromkeys([*(found.get("tags") or []), *(text.tags or found.get("keywords", [])[:10])])),
        "published_at": published.isoformat() if published else None,
        "canonical_url": canonical if canonical.startswith(("http://", "https://")) else url,
        "image_url": image_url if image_url.startswith(("http://", "https://")) else "",
        "image_alt": alt,
        "language": language if language in ("fr", "en") else "fr",
        "kind": found.get("kind") or "",
    }


def article_blocks(html: str, url: str) -> list[Block]:
    """The article's blocks as trafilatura extracts them (links, lists, quotes and intertitles kept)."""
    import trafilatura  # loaded when a page is read, not with the app

    extracted = trafilatura.extract(html, url=url or None, output_format="html", include_links=True,
                                    include_formatting=True, include_tables=False, include_comments=False,
                                    include_images=False, with_metadata=False)
    return html_blocks(extracted, url)[0] if extracted else []


def _region(page: list[Block], extracted: list[Block]) -> list[Block]:
    """The page's own blocks from the first to the last paragraph trafilatura took for the article: its choice of
    where the article stands, with every heading and quote the page has there (trafilatura drops some)."""
    keys = [key(b.text) for b in page]
    texts = [key(b.text) for b in extracted if word_count(b.text) >= 5]
    start = next((keys.index(t) for t in texts if t in keys), None)
    end = next((len(keys) - 1 - keys[::-1].index(t) for t in reversed(texts) if t in keys), None)
    if start is None or end is None or end < start:
        return []
    return [replace(b, index=n) for n, b in enumerate(page[start:end + 1])]


def read_page(data: bytes, url: str, content_type: str = "") -> tuple[PastedArticle, list[Block], dict[str, Any]]:
    """The article of a fetched page, the blocks its body was read from and its metadata (both carried by the
    review form, so that « remettre » reads the same page again without fetching it)."""
    html = decode(data, content_type)
    page_blocks, page_images = html_blocks(html, url)
    try:  # the page read as a paste: its author line, tags, picture…
        whole = read_blocks(page_blocks, page_images)
    except ImportFailed:
        whole = PastedArticle(title="")
    extracted = article_blocks(html, url)
    blocks = _region(page_blocks, extracted) or extracted or page_blocks
    meta = page_meta(html, url, whole, page_blocks, page_images)
    return reread(blocks, meta), blocks, meta


def reread(blocks: list[Block], meta: dict[str, Any], keep: Collection[int] = ()) -> PastedArticle:
    """The article from the extracted body's blocks and the page's metadata: the title and chapô the page
    declares are taken out of the body where the body repeats them."""
    article = read_blocks(blocks, [], keep, title=str(meta.get("title") or "") or None,
                          lead=str(meta.get("lead") or "") or None)
    return overlay(article, {k: v for k, v in meta.items() if k != "lead"})


def dump_meta(meta: dict[str, Any]) -> str:
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))


def load_meta(data: str) -> dict[str, Any]:
    meta = json.loads(data) if data else {}
    if not isinstance(meta, dict):
        raise ValueError("not an object")
    return {k: v for k, v in meta.items() if isinstance(k, str)}


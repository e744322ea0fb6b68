"""Images in the email: each one's box in its slot, from its measured size (never a guessed height); the
rendition Composer serves when it has a public address; and the weight of an email's images.

The top story's slot is 552 px wide and 16:9 (552 × 310): a rendition is made to that shape (cropped or
letterboxed, see renditions.py). Without one, the original is shown at its own ratio: full width when it is
landscape (4:3 or wider), else centred at the slot's height on the page colour, so a portrait photo is
neither squashed nor a whole screen tall. The logo keeps its ratio inside 200 × 60 px.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from sqlalchemy import func, select

from composer.extensions import db
from composer.models import Article, BrandSettings, EmailImage, IssueItem

PUBLIC_PATH = "/archive/images/"
LEAD_WIDTH, LEAD_HEIGHT = 552, 310  # 16:9
LANDSCAPE = 4 / 3
LOGO_BOX = (200, 60)
IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')




@dataclass(frozen=True)
class Picture:
    src: str
    width: int
    height: int | None  # None: the size is unknown, the client keeps the image's own ratio (height:auto)
    alt: str
    fluid: bool = True  # fills the column (and shrinks with it on a phone); False: centred at its own width


@dataclass(frozen=True)
class Served:
    """A rendition as the email links to it."""

    url: str
    width: int
    height: int


def lead_picture(src: str, alt: str, width: int | None, height: int | None,
                 served: Served | None = None) -> Picture:
    if served is not None:
        shown = min(LEAD_WIDTH, served.width)
        return Picture(served.url, shown, round(shown * served.height / served.width), alt)
    if not width or not height:
        return Picture(src, LEAD_WIDTH, None, alt)
    ratio = width / height
    if ratio >= LANDSCAPE:
        shown = min(LEAD_WIDTH, width)
        return Picture(src, shown, round(shown / ratio), alt, fluid=shown == LEAD_WIDTH)
    tall = min(LEAD_HEIGHT, height)
    return Picture(src, round(tall * ratio), tall, alt, fluid=False)


def logo_picture(src: str, alt: str, width: int, height: int, served: Served | None = None) -> Picture:
    if served is not None:
        src, width, height = served.url, served.width, served.height
    if not width or not height:
        return Picture(src, LOGO_BOX[0], None, alt, fluid=False)
    scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height, 1.0)
    return Picture(src, max(1, round(width * scale)), max(1, round(height * scale)), alt, fluid=False)


def served_renditions(base_url: str, urls: set[str], slot: str) -> dict[str, Served]:
    """The latest rendition for the slot of each source URL, as served under base_url (PUBLIC_URL)."""
    if not base_url or not urls:
        return {}
    rows = db.session.execute(
        select(EmailImage.source_url, EmailImage.key, EmailImage.width, EmailImage.height)
        .where(EmailImage.source_url.in_(urls), EmailImage.slot == slot).order_by(EmailImage.id))
    return {source: Served(f"{base_url}{PUBLIC_PATH}{key}", width, height) for source, key, width, height in rows}


@dataclass(frozen=True)
class Weight:
    images: int
    total_bytes: int  # of the images whose weight is known
    unknown: int  # images whose weight Composer has not measured


def weigh(html: str) -> Weight:
    """What a reader downloads for the email's images: each distinct image once."""
    sources = {unescape(src) for src in IMG_SRC.findall(html)}
    if not sources:
        return Weight(0, 0, 0)
    known: dict[str, int] = {}
    keys = {src.rsplit("/", 1)[-1]: src for src in sources if PUBLIC_PATH in src}
    if keys:
        for key, size in db.session.execute(select(EmailImage.key, func.length(EmailImage.content))
                                            .where(EmailImage.key.in_(keys))):
            known[keys[key]] = int(size)
    rest = sources - set(known)
    if rest:
        for statement in (select(Article.image_url, Article.image_bytes).where(Article.image_url.in_(rest)),
                          select(IssueItem.image_override, IssueItem.image_override_bytes)
                          .where(IssueItem.image_override.in_(rest)),
                          select(BrandSettings.logo_url, BrandSettings.logo_bytes)
                          .where(BrandSettings.logo_url.in_(rest))):
            for src, size in db.session.execute(statement):
                if src and size:
                    known[src] = int(size)
    return Weight(len(sources), sum(known.values()), len(sources - set(known)))

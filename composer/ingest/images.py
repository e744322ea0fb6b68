"""Learning an image's real size: fetched through the project's fetcher (composer/ingest/fetch.py), read with
Pillow, stored on the article (or the issue item that overrides it, or the brand's logo), with its email
rendition (composer/email/renditions.py) kept for Composer to serve.

Called when an article gains or changes its image (the article form, the API), when a story joins an issue
or gets an image of its own there, when the logo changes, and by `flask --app app measure-images`. A size
that cannot be learned stays unknown: the email then shows the image at its own ratio (height:auto) and
the failure is reported, never raised. The sizes are written with plain UPDATEs: measuring is not an
editor's change, so it neither bumps an article's version (a colleague's open form still saves) nor adds
a revision.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select, update

from composer.email import renditions
from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.fetch import DEFAULT_DEADLINE, Deadline, fetch
from composer.models import Article, BrandSettings, EmailImage, Issue, IssueItem

MAX_BYTES = 15 * 1024 * 1024
TIMEOUT = 8.0
# An image that could not be fetched is not tried again for this long by the same process (every action on
# an issue measures its top stories: a dead or slow image host must not slow each of them down).
RETRY_AFTER = 600.0
_failed: dict[str, float] = {}
_failed_lock = threading.Lock()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Learned:
    width: int
    height: int
    size_bytes: int


def enabled(config: Mapping[str, Any]) -> bool:
    """IMAGE_MEASURE (default on) lets Composer fetch images; the test configuration turns it off."""
    return bool(config.get("IMAGE_MEASURE", True))


def _allow_private(config: Mapping[str, Any]) -> bool:
    return str(config.get("INGEST_ALLOW_PRIVATE", "")).lower() in ("1", "true", "yes")


def deadline(config: Mapping[str, Any]) -> Deadline:
    """The time all the images of one action may take together (FETCH_DEADLINE)."""
    return Deadline(float(config.get("FETCH_DEADLINE") or DEFAULT_DEADLINE))


def learn(url: str, slot: str, config: Mapping[str, Any], within: Deadline | None = None) -> Learned:
    """Fetch the image, read its upright size, keep its rendition for the slot. Raises ImportFailed."""
    fetched = fetch(url, max_bytes=MAX_BYTES, allow_private=_allow_private(config), timeout=TIMEOUT,
                    deadline=within or deadline(config), accept="image/jpeg, image/png, image/gif, image/webp;q=0.8")
    try:
        measured, rendition = renditions.make(slot, fetched.content)
    except renditions.UnreadableImage as exc:
        raise ImportFailed(_("%(url)s is not an image Composer can read: %(reason)s", url=url[:100],
                             reason=exc)) from exc
    if db.session.scalar(select(EmailImage.id).where(EmailImage.key == rendition.key)) is None:
        db.session.add(EmailImage(key=rendition.key, source_url=url, slot=slot, width=rendition.width,
                                  height=rendition.height, content_type=rendition.content_type,
                                  content=rendition.content))
    return Learned(measured.width, measured.height, len(fetched.content))


def _attempt(url: str, slot: str, config: Mapping[str, Any], again: bool,
             within: Deadline | None) -> tuple[Learned | None, str | None]:
    with _failed_lock:
        failed_at = _failed.get(url)
    if within is not None and not again and failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER:
        return None, None  # an issue's images, measured at each action: reported when it failed, tried later
    if within is not None and within.expired():
        return None, None  # the action's time for images is spent: measured at a later one
    try:
        learned = learn(url, slot, config, within)
    except ImportFailed as exc:
        log.info("image size unknown for %s: %s", url, exc.message)
        with _failed_lock:
            _failed[url] = time.monotonic()
        return None, exc.message
    with _failed_lock:
        _failed.pop(url, None)
    return learned, None


def article_image(article: Article, config: Mapping[str, Any], again: bool = False,
                  within: Deadline | None = None) -> str | None:
    """Measure the article's image if its size is unknown (or again); returns why it could not, or None."""
    url = article.image_url
    if not url or not enabled(config) or (article.image_width and not again):
        return None
    learned, problem = _attempt(url, "lead", config, again, within)
    if learned is not None:
        db.session.execute(update(Article).where(Article.id == article.id, Article.image_url == url).values(
            image_width=learned.width, image_height=learned.height, image_bytes=learned.size_bytes))
    db.session.commit()
    return problem


def item_image(item: IssueItem, config: Mapping[str, Any], again: bool = False,
               within: Deadline | None = None) -> str | None:
    """Measure the image an issue item shows: its own (an override), else its article's."""
    url = item.image_override
    if not url:
        return article_image(item.article, config, again, within)
    if not enabled(config) or (item.image_override_width and not again):
        return None
    learned, problem = _attempt(url, "lead", config, again, within)
    if learned is not None:
        db.session.execute(update(IssueItem).where(IssueItem.id == item.id, IssueItem.image_override == url)
                           .values(image_override_width=learned.width, image_override_height=learned.height,
                                   image_override_bytes=learned.size_bytes))
    db.session.commit()
    return problem


def issue_images(issue: Issue, config: Mapping[str, Any], again: bool = False) -> list[str]:
    """Measure every top-story image of the issue whose size is unknown, all within one FETCH_DEADLINE;
    returns the problems met (an image that failed lately is not tried again, one past the time is left
    for a later action)."""
    within = deadline(config)
    problems = [item_image(item, config, again, within) for item in issue.items_in("lead")]
    return [p for p in problems if p]


def logo(config: Mapping[str, Any], again: bool = False) -> str | None:
    """Measure the saved logo if its size is unknown."""
    row = db.session.get(BrandSettings, 1)
    if row is None or not row.logo_url or not enabled(config) or (row.logo_width and not again):
        return None
    learned, problem = _attempt(row.logo_url, "logo", config, again, None)
    if learned is not None:
        db.session.execute(update(BrandSettings).where(BrandSettings.id == 1,
                                                       BrandSettings.logo_url == row.logo_url)
                           .values(logo_width=learned.width, logo_height=learned.height,
                                   logo_bytes=learned.size_bytes))
    db.session.commit()
    return problem

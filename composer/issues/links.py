"""The links of an issue (stories, intro, footer) and their check before sending: each fetched through the
hardened fetcher (HEAD, then GET when HEAD is refused or redirects), broken ones recorded for « Avant l’envoi »."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from composer.domain import email_items
from composer.email.brand import Brand
from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.fetch import Deadline, request
from composer.models import Issue, LinkProblem, utcnow

HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
BARE_URL = re.compile(r"https?://[^\s<>\"']+")
LINK_TIMEOUT = 10.0  # the longest one link may take to answer (FETCH_DEADLINE, when shorter)
PARALLEL = 6
MAX_LINKS = 300  # checked per issue, in the email's order: 20 000 links would hold a worker for hours


@dataclass(frozen=True)
class Link:
    url: str
    place: str  # the story's title, « intro » or « footer »
    article_id: int | None = None


def _urls_in(text: str) -> list[str]:
    found = [unescape(u) for u in HREF.findall(text or "")] + BARE_URL.findall(text or "")
    return [u.strip() for u in found if u.strip().lower().startswith(("http://", "https://"))]


def issue_links(issue: Issue, brand: Brand) -> list[Link]:
    """Every http(s) link the email carries, each once, where it first appears."""
    links: dict[str, Link] = {}
    for story in email_items(issue):
        if story.url:
            links.setdefault(story.url, Link(story.url, story.title, story.article_id))
    for url in _urls_in(issue.intro):
        links.setdefault(url, Link(url, _("the intro")))
    for url in [*_urls_in(brand.footer_text), brand.site_url, brand.unsubscribe_url]:
        if url and url.lower().startswith(("http://", "https://")):
            links.setdefault(url, Link(url, _("the footer")))
    return list(links.values())


def link_problem(url: str, config: Mapping[str, Any]) -> str | None:
    """Why the link is broken (a 4xx or 5xx status, no such host, no answer in time), or None when it answers."""
    seconds = min(LINK_TIMEOUT, float(config["FETCH_DEADLINE"]))
    allow = bool(config["INGEST_ALLOW_PRIVATE"])  # the same test-only allowance as imports
    try:
        answer = request("HEAD", url, allow_private=allow, timeout=seconds, deadline=Deadline(seconds))
        if answer.status >= 300:  # redirected, or HEAD refused or failed: ask as a browser does (redirects followed)
            answer = request("GET", url, allow_private=allow, timeout=seconds, deadline=Deadline(seconds))
    except ImportFailed as exc:
        return exc.message
    if answer.status >= 400:
        return f"{answer.status} {answer.reason}".strip()
    return None


def check_links(issue: Issue, brand: Brand, config: Mapping[str, Any],
                progress: Callable[[int, int], None] | None = None) -> list[LinkProblem]:
    """Check every link of the issue (a few at a time) and keep the broken ones, replacing the last check's."""
    links = issue_links(issue, brand)[:MAX_LINKS]
    if progress:
        progress(0, len(links))
    problems: list[LinkProblem] = []
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def check(link: Link) -> str | None:
        with app.app_context():  # reasons in the app's language
            return link_problem(link.url, config)

    with ThreadPoolExecutor(PARALLEL) as pool:
        for done, (link, reason) in enumerate(zip(links, pool.map(check, links), strict=True), start=1):
            if reason:
                problems.append(LinkProblem(issue_id=issue.id, url=link.url[:1000], place=link.place[:300],
                                            article_id=link.article_id, reason=reason, checked_at=utcnow()))
            if progress:
                progress(done, len(links))
    db.session.execute(delete(LinkProblem).where(LinkProblem.issue_id == issue.id))
    db.session.add_all(problems)
    db.session.commit()
    return problems


def broken_links(issue: Issue, brand: Brand) -> list[LinkProblem]:
    """The last check's broken links that the issue still carries."""
    current = {link.url for link in issue_links(issue, brand)}
    found = db.session.scalars(select(LinkProblem).where(LinkProblem.issue_id == issue.id).order_by(LinkProblem.id))
    return [problem for problem in found if problem.url in current]

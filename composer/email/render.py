"""The one render path: an issue and a profile in, the email's HTML and plain text out.

Preview, every export, the API and the frozen copy of a sent issue all come from render_issue().
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from composer.email.brand import Brand
from composer.email.inliner import Inliner, shapes_in
from composer.email.profiles import Profile, get_profile
from composer.models import SECTIONS, Issue
from composer.sanitize import html_to_text
from composer.text import slugify

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "email"

SECTION_TITLES = {
    "fr": {"lead": "À la une", "news": "Actualités", "opinions": "Opinions", "related": "Du même sujet"},
    "en": {"lead": "Top story", "news": "News", "opinions": "Opinion", "related": "Related"},
}
WORDING = {
    "fr": {
        "read": "Lire l’article",
        "view_online": "Voir cette lettre dans le navigateur",
        "unsubscribe": "Se désinscrire",
        "unsubscribe_line": "Pour vous désinscrire",
        "opinion": "Opinion",
    },
    "en": {
        "read": "Read the story",
        "view_online": "View this email in your browser",
        "unsubscribe": "Unsubscribe",
        "unsubscribe_line": "To unsubscribe",
        "opinion": "Opinion",
    },
}

_BLANK_LINES = re.compile(r">\s*\n\s*<")


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    preheader: str
    html: str
    text: str
    profile: str

    @property
    def size_bytes(self) -> int:
        return len(self.html.encode("utf-8"))


@dataclass(frozen=True)
class EmailItem:
    section: str
    kind: str
    title: str
    teaser: str
    url: str
    image_url: str
    image_alt: str
    author: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wrap"] = _wrap
    return env


def _wrap(text: str, width: int = 72, indent: str = "") -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(
        textwrap.fill(p, width=width, initial_indent=indent, subsequent_indent=indent,
                      break_long_words=False, break_on_hyphens=False)
        for p in paragraphs
    )


@lru_cache(maxsize=16)
def inliner_for(brand: Brand) -> Inliner:
    """Premailer runs once per brand (its colours are in the stylesheet), not once per email."""
    return Inliner(stylesheet(brand), shapes_in(TEMPLATE_DIR))


def add_utm(url: str, params: dict[str, str]) -> str:
    """url with the UTM parameters appended; its own query (including its own utm_*) and fragment kept.
    Only http(s) links get them: never mailto: nor a merge tag."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    existing = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in existing}
    extra = [(key, value) for key, value in params.items() if key not in present and value]
    return urlunsplit(parts._replace(query=urlencode(existing + extra)))


def email_items(issue: Issue, brand: Brand | None = None) -> dict[str, list[EmailItem]]:
    """The issue's items as plain values, per section, in stored order, overrides applied."""
    sections: dict[str, list[EmailItem]] = {s: [] for s in SECTIONS}
    campaign = slugify(issue.subject or issue.title)
    for section in SECTIONS:
        for item in issue.items_in(section):
            article = item.article
            url = article.canonical_url or ""
            if brand is not None and brand.utm_enabled and url:
                url = add_utm(url, {"utm_source": brand.utm_source, "utm_medium": "email",
                                    "utm_campaign": campaign, "utm_content": section})
            sections[section].append(
                EmailItem(
                    section=section,
                    kind=article.kind,
                    title=item.title,
                    teaser=item.teaser,
                    url=url,
                    image_url=item.image_url if item.image_url.startswith("https://") else "",
                    image_alt=article.image_alt if not item.image_override else item.title,
                    author=article.author,
                )
            )
    return sections


def _links(profile: Profile, brand: Brand, language: str) -> tuple[str, str]:
    """The unsubscribe and view-online hrefs: the profile's merge tags, else the brand's URLs ("" = no link)."""
    unsubscribe = profile.unsubscribe_tag(language) or brand.unsubscribe_url
    view_online = brand.view_online_url if profile.view_online is None else profile.view_online
    return unsubscribe, view_online


def render_issue(issue: Issue, profile: str | Profile, brand: Brand) -> RenderedEmail:
    """The email exactly as recipients get it. A sent issue returns the copy frozen when it was sent."""
    prof = profile if isinstance(profile, Profile) else get_profile(profile)
    if issue.status == "sent":
        for copy in issue.sent_copies:
            if copy.profile == prof.name:
                return RenderedEmail(copy.subject, copy.preheader, copy.html, copy.text, prof.name)
    return render_fresh(issue, prof, brand)


def email_context(issue: Issue, profile: Profile, brand: Brand) -> dict[str, Any]:
    """Everything the email templates show, as plain values."""
    language = issue.language if issue.language in SECTION_TITLES else "fr"
    unsubscribe, view_online = _links(profile, brand, language)
    if profile.name == "generic" and brand.archive_base_url:
        view_online = f"{brand.archive_base_url}/archive/{issue.archive_key}"
    return {
        "lang": language,
        "subject": issue.subject or issue.title,
        "preheader": issue.preheader,
        "intro_html": issue.intro,
        "intro_text": html_to_text(issue.intro),
        "date_label": format_date(issue.issue_date, "full", locale=language),
        "sections": [(s, SECTION_TITLES[language][s]) for s in SECTIONS],
        "items": email_items(issue, brand),
        "brand": brand,
        "words": WORDING[language],
        "unsubscribe_url": unsubscribe,
        "view_online_url": view_online,
    }


def stylesheet(brand: Brand) -> str:
    return _environment().get_template("styles.css").render(brand=brand)


def render_fresh(issue: Issue, profile: Profile, brand: Brand) -> RenderedEmail:
    context = email_context(issue, profile, brand)
    env = _environment()
    inliner = inliner_for(brand)
    html = inliner.inline(env.get_template("issue.html").render(context, head_css=inliner.head_css))
    html = _BLANK_LINES.sub("><", html)
    text = env.get_template("issue.txt").render(context).strip() + "\n"
    return RenderedEmail(context["subject"], issue.preheader, html, text, profile.name)

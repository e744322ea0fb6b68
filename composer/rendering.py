"""The one render path: an issue and a profile in, the email's HTML and plain text out.

Preview, every export, the API and the frozen copy of a sent issue all come from render_issue().
"""
from __future__ import annotations

import logging
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import cssutils
from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from premailer import Premailer

from composer.brand import Brand
from composer.models import SECTIONS, Issue
from composer.profiles import Profile, get_profile
from composer.sanitize import html_to_text
from composer.text import slugify

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "email"

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

# Merge tags such as "{{ unsubscribe }}" would be percent-encoded by the HTML serializer inside href;
# they travel through inlining as these placeholders and are put back byte for byte afterwards.
_PLACEHOLDER = "https://merge-tag.composer.invalid/{}"
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


def _configure_css_serializer() -> None:
    # Six-digit colours (EMAIL.md rule 8): cssutils would otherwise shorten #111111 to #111.
    cssutils.ser.prefs.minimizeColorHash = False
    cssutils.log.setLevel(logging.CRITICAL)


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


def _links(profile: Profile, brand: Brand, language: str) -> tuple[str, str, dict[str, str]]:
    """The unsubscribe and view-online hrefs for the template, and placeholder → merge tag."""
    restore: dict[str, str] = {}
    unsubscribe = brand.unsubscribe_url
    tag = profile.unsubscribe_tag(language)
    if tag:
        unsubscribe = _PLACEHOLDER.format("unsubscribe")
        restore[unsubscribe] = tag
    view_online = brand.view_online_url
    if profile.view_online == "":
        view_online = ""
    elif profile.view_online:
        view_online = _PLACEHOLDER.format("view-online")
        restore[view_online] = profile.view_online
    return unsubscribe, view_online, restore


def inline_css(html: str) -> str:
    _configure_css_serializer()
    return Premailer(
        html,
        allow_network=False,
        allow_loading_external_files=False,
        keep_style_tags=False,
        remove_classes=False,
        strip_important=False,
        disable_validation=True,
        disable_link_rewrites=True,
        # Our width/height attributes are what Outlook reads; CSS "100%"/"auto" must not replace them.
        disable_basic_attributes=["width", "height"],
        cssutils_logging_level=logging.CRITICAL,
    ).transform()


def render_issue(issue: Issue, profile: str | Profile, brand: Brand) -> RenderedEmail:
    """The email exactly as recipients get it. A sent issue returns the copy frozen when it was sent."""
    prof = profile if isinstance(profile, Profile) else get_profile(profile)
    if issue.status == "sent":
        for copy in issue.sent_copies:
            if copy.profile == prof.name:
                return RenderedEmail(copy.subject, copy.preheader, copy.html, copy.text, prof.name)
    return render_fresh(issue, prof, brand)


def render_fresh(issue: Issue, profile: Profile, brand: Brand) -> RenderedEmail:
    language = issue.language if issue.language in SECTION_TITLES else "fr"
    unsubscribe, view_online, restore = _links(profile, brand, language)
    subject = issue.subject or issue.title
    context = {
        "lang": language,
        "subject": subject,
        "preheader": issue.preheader,
        "intro_html": issue.intro,
        "intro_text": html_to_text(issue.intro),
        "date_label": format_date(issue.issue_date, "full", locale=language),
        "sections": [(s, SECTION_TITLES[language][s]) for s in SECTIONS],
        "items": email_items(issue, brand),
        "brand": brand,
        "words": WORDING[language],
        "unsubscribe_url": unsubscribe,
        "text_unsubscribe_url": profile.unsubscribe_tag(language) or brand.unsubscribe_url,
        "view_online_url": view_online,
        "text_view_online_url": (profile.view_online if profile.view_online is not None
                                 else brand.view_online_url),
    }
    env = _environment()
    html = inline_css(env.get_template("issue.html").render(context))
    html = _BLANK_LINES.sub("><", html)
    for placeholder, tag in restore.items():
        html = html.replace(placeholder, tag)
    text = env.get_template("issue.txt").render(context).strip() + "\n"
    return RenderedEmail(subject, issue.preheader, html, text, profile.name)

"""The one render path: an issue and a profile in, the email's HTML and plain text out.

Preview, every export, the API and the frozen copy of a sent issue all come from render_issue().
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from flask_babel import force_locale, get_translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from composer.domain import EmailItem, Kind, Section, Status, email_items
from composer.email.brand import Brand
from composer.email.inliner import Inliner, shapes_in
from composer.email.profiles import Profile, get_profile
from composer.models import Issue
from composer.sanitize import html_to_text

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "email"
# The languages an email is written in; an issue in another one goes out in the first.
EMAIL_LANGUAGES = ("fr", "en")

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
    env.globals.update(Section=Section, Kind=Kind)
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


def utm_parameters(issue: Issue, brand: Brand | None) -> dict[str, str] | None:
    """The UTM parameters the brand adds to the issue's article links (None: it adds none)."""
    if brand is None or not brand.utm_enabled:
        return None
    return {"utm_source": brand.utm_source, "utm_medium": "email", "utm_campaign": issue.slug}


def email_sections(issue: Issue, brand: Brand | None = None) -> dict[Section, list[EmailItem]]:
    """The issue's stories as they go out, per section, in stored order."""
    sections: dict[Section, list[EmailItem]] = {section: [] for section in Section}
    for story in email_items(issue, utm_parameters(issue, brand)):
        sections[story.section].append(story)
    return sections


def translator(language: str) -> Callable[..., str]:
    """gettext in that language, from the interface's catalogues (composer/translations), whatever the
    language of the page or command that renders: `_("Unsubscribe")`, `_("Sent %(n)s", n=2)`."""
    with force_locale(language):
        translations = get_translations()

    def gettext(message: str, **variables: Any) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    return gettext


def _links(profile: Profile, brand: Brand, language: str) -> tuple[str, str]:
    """The unsubscribe and view-online hrefs: the profile's merge tags, else the brand's URLs ("" = no link)."""
    unsubscribe = profile.unsubscribe_tag(language) or brand.unsubscribe_url
    view_online = brand.view_online_url if profile.view_online is None else profile.view_online
    return unsubscribe, view_online


def render_issue(issue: Issue, profile: str | Profile, brand: Brand) -> RenderedEmail:
    """The email exactly as recipients get it. A sent issue returns the copy frozen when it was sent."""
    prof = profile if isinstance(profile, Profile) else get_profile(profile)
    if issue.status == Status.SENT:
        for copy in issue.sent_copies:
            if copy.profile == prof.name:
                return RenderedEmail(copy.subject, copy.preheader, copy.html, copy.text, prof.name)
    return render_fresh(issue, prof, brand)


def email_context(issue: Issue, profile: Profile, brand: Brand) -> dict[str, Any]:
    """Everything the email templates show, as plain values, its wording in the issue's language."""
    language = issue.language if issue.language in EMAIL_LANGUAGES else EMAIL_LANGUAGES[0]
    unsubscribe, view_online = _links(profile, brand, language)
    if profile.name == "generic" and brand.archive_base_url:
        view_online = f"{brand.archive_base_url}/archive/{issue.archive_key}"
    with force_locale(language):
        headings = [(section, str(section.label)) for section in Section]
        opinion = str(Kind.OPINION.label)
    return {
        "lang": language,
        "_": translator(language),
        "subject": issue.subject or issue.title,
        "preheader": issue.preheader,
        "intro_html": issue.intro,
        "intro_text": html_to_text(issue.intro),
        "date_label": format_date(issue.issue_date, "full", locale=language),
        "sections": headings,
        "items": email_sections(issue, brand),
        "opinion_label": opinion,
        "brand": brand,
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

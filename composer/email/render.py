"""The one render path: an issue and a profile in, the email's HTML and plain text out.

Preview, every export, the API and the frozen copy of a sent issue all come from render_issue().
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.dates import format_date
from flask_babel import force_locale, gettext
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from composer.email import images, plaintext, richtext
from composer.email.brand import Brand
from composer.email.inliner import Inliner, shapes_in
from composer.email.profiles import Profile, get_profile
from composer.models import SECTIONS, Issue
from composer.text import first_of_month, french_typography, slugify

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
TOC_ABOVE = 15  # « Au sommaire » for issues of more than this many stories (an option of the brand settings)


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
    picture: images.Picture | None = None  # the top story's image in its slot
    anchor: str = ""  # its id, for « Au sommaire »


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wrap"] = plaintext.wrap
    env.filters["bullet"] = plaintext.bullet
    env.globals["link"] = plaintext.link
    env.globals["heading"] = plaintext.heading
    return env


@lru_cache(maxsize=16)
def inliner_for(brand: Brand) -> Inliner:
    """Premailer runs once per brand (its colours are in the stylesheet), not once per email."""
    return Inliner(stylesheet(brand), shapes_in(TEMPLATE_DIR) | richtext.SHAPES)


def _same(text: str) -> str:
    return text


def typography_for(language: str) -> Callable[[str], str]:
    """French typography (’, non-breaking spaces before : ; ! ? » and after «) for a French issue only."""
    return french_typography if language == "fr" else _same


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


def email_items(issue: Issue, brand: Brand | None = None,
                typography: Callable[[str], str] = _same) -> dict[str, list[EmailItem]]:
    """The issue's items as plain values, per section, in stored order, overrides applied; the top stories'
    images sized from their measured size (through Composer's renditions when it has a public address)."""
    sections: dict[str, list[EmailItem]] = {s: [] for s in SECTIONS}
    campaign = slugify(issue.subject or issue.title)
    leads = issue.items_in("lead")
    base = brand.archive_base_url if brand is not None else ""
    served = images.served_renditions(base, {i.image_url for i in leads if i.image_url}, "lead")
    number = 0
    for section in SECTIONS:
        for item in leads if section == "lead" else issue.items_in(section):
            article = item.article
            number += 1
            url = article.canonical_url or ""
            if brand is not None and brand.utm_enabled and url:
                url = add_utm(url, {"utm_source": brand.utm_source, "utm_medium": "email",
                                    "utm_campaign": campaign, "utm_content": section})
            # Composer's rendition (served over https at PUBLIC_URL), else the original if it is on https.
            rendition = served.get(item.image_url) if section == "lead" else None
            image_url = item.image_url if rendition or item.image_url.startswith("https://") else ""
            # An image set for this issue has its own alt text (empty: decorative), never the headline.
            alt = typography(item.image_override_alt or "" if item.image_override else article.image_alt)
            picture = None
            if section == "lead" and image_url:
                width, height = ((item.image_override_width, item.image_override_height) if item.image_override
                                 else (article.image_width, article.image_height))
                picture = images.lead_picture(image_url, alt, width, height, rendition)
            sections[section].append(
                EmailItem(
                    section=section,
                    kind=article.kind,
                    title=typography(item.title),
                    teaser=typography(item.teaser),
                    url=url,
                    image_url=picture.src if picture else image_url,
                    image_alt=alt,
                    author=typography(article.author),
                    picture=picture,
                    anchor=f"s{number}",
                )
            )
    return sections


def _links(profile: Profile, brand: Brand, issue: Issue) -> tuple[str, str]:
    """The unsubscribe and view-online hrefs: the profile's merge tags, else the brand's URLs ("" = no link).
    The generic profile's view-in-browser opens this issue: on the public archive when Composer has a public
    address, else at the brand's page with the issue's key where it says {key} (or added at its end)."""
    language = issue.language if issue.language in SECTION_TITLES else "fr"
    unsubscribe = profile.unsubscribe_tag(language) or brand.unsubscribe_url
    view_online = brand.view_online_url if profile.view_online is None else profile.view_online
    if profile.view_online is None and brand.archive_base_url:
        view_online = f"{brand.archive_base_url}/archive/{issue.archive_key}"
    elif profile.view_online is None and view_online:
        view_online = (view_online.replace("{key}", issue.archive_key) if "{key}" in view_online
                       else f"{view_online.rstrip('/')}/{issue.archive_key}")
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
    typography = typography_for(language)
    unsubscribe, view_online = _links(profile, brand, issue)
    items = email_items(issue, brand, typography)
    stories = [item for section in SECTIONS for item in items[section]]
    intro = richtext.normalise(issue.intro, typography)
    date_label = format_date(issue.issue_date, "full", locale=language)
    with force_locale(language):
        toc_title = gettext("In this issue")
    logo = None
    if brand.logo_url:
        served = images.served_renditions(brand.archive_base_url, {brand.logo_url}, "logo").get(brand.logo_url)
        logo = images.logo_picture(brand.logo_url, brand.publication_name, brand.logo_width, brand.logo_height,
                                   served)
    return {
        "lang": language,
        "subject": typography(issue.subject or issue.title),
        "preheader": typography(issue.preheader),
        "intro_html": intro.html,
        "intro_text": intro.text,
        "date_label": first_of_month(date_label, issue.issue_date.day) if language == "fr" else date_label,
        "sections": [(s, SECTION_TITLES[language][s]) for s in SECTIONS],
        "items": items,
        "toc": stories if brand.table_of_contents and len(stories) > TOC_ABOVE else [],
        "toc_title": toc_title,
        "brand": brand,
        "logo": logo,
        "postal_address": typography(brand.postal_address),
        "footer_text": typography(brand.footer_text),
        "words": WORDING[language],
        "unsubscribe_url": unsubscribe,
        "view_online_url": view_online,
        "guard": profile.view_online_guard,
        "client_css": client_css(brand),
    }


def stylesheet(brand: Brand) -> str:
    return _environment().get_template("styles.css").render(brand=brand)


@lru_cache(maxsize=16)
def client_css(brand: Brand) -> str:
    """Rules no inliner can apply, kept as they are in the <style> after the @media rules: the colour scheme
    the email supports, and Outlook.com's dark mode (it marks what it recolours with data-ogsc/data-ogsb)."""
    return _environment().get_template("clients.css").render(brand=brand).strip()


def render_fresh(issue: Issue, profile: Profile, brand: Brand) -> RenderedEmail:
    context = email_context(issue, profile, brand)
    env = _environment()
    inliner = inliner_for(brand)
    html = inliner.inline(env.get_template("issue.html").render(context, head_css=inliner.head_css))
    html = _BLANK_LINES.sub("><", html)
    text = env.get_template("issue.txt").render(context).strip() + "\n"
    return RenderedEmail(context["subject"], context["preheader"], html, text, profile.name)

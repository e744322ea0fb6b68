"""The one render path: an issue and a profile in, the email's HTML and plain text out.

Preview, every export, the API and the frozen copy of a sent issue all come from render_issue().
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from flask_babel import force_locale, get_translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from composer.domain import EmailItem, Kind, Section, Status, email_items
from composer.email import images, plaintext, richtext
from composer.email.brand import Brand, for_newsletter
from composer.email.design import Design, design_from, sizes, spacing
from composer.email.inliner import Inliner, shapes_in
from composer.email.profiles import Profile, get_profile
from composer.models import LANGUAGES, Issue
from composer.text import first_of_month, french_typography

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "email"

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
    env.globals.update(Section=Section, Kind=Kind)
    return env


@lru_cache(maxsize=16)
def inliner_for(brand: Brand, design: Design = Design()) -> Inliner:  # noqa: B008 (a frozen dataclass)
    """Premailer runs once per brand and design (colours and type are in the stylesheet), not once per email."""
    return Inliner(stylesheet(brand, design), shapes_in(TEMPLATE_DIR) | richtext.SHAPES)


def _same(text: str) -> str:
    return text


def typography_for(language: str) -> Callable[[str], str]:
    """French typography (’, non-breaking spaces before : ; ! ? » and after «) for a French issue only."""
    return french_typography if language == "fr" else _same


def utm_parameters(issue: Issue, brand: Brand | None) -> dict[str, str] | None:
    """The UTM parameters the brand adds to the issue's article links (None: it adds none)."""
    if brand is None or not brand.utm_enabled:
        return None
    return {"utm_source": brand.utm_source, "utm_medium": "email", "utm_campaign": issue.slug}


def email_sections(issue: Issue, brand: Brand | None = None,
                   typography: Callable[[str], str] = _same) -> dict[Section, list[EmailItem]]:
    """The issue's stories as they go out, per section, in stored order, set in the issue's typography; the top
    stories' images sized from their measured size (through Composer's renditions when it has a public address)."""
    sections: dict[Section, list[EmailItem]] = {section: [] for section in Section}
    stories = email_items(issue, utm_parameters(issue, brand))
    base = brand.archive_base_url if brand is not None else ""
    served = images.served_renditions(
        base, {s.image_chosen for s in stories if s.section == Section.LEAD and s.image_chosen}, "lead")
    for story in stories:
        # Composer's rendition (served over https at PUBLIC_URL), else the original if it is on https.
        rendition = served.get(story.image_chosen) if story.section == Section.LEAD else None
        image_url = story.image_chosen if rendition else story.image_url
        alt = typography(story.image_alt)
        picture = None
        if story.section == Section.LEAD and image_url:
            picture = images.lead_picture(image_url, alt, story.image_width, story.image_height, rendition)
        sections[story.section].append(replace(
            story, title=typography(story.title), teaser=typography(story.teaser), author=typography(story.author),
            image_url=picture.src if picture else image_url, image_alt=alt, picture=picture))
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


def _links(profile: Profile, brand: Brand, issue: Issue, language: str) -> tuple[str, str]:
    """The unsubscribe and view-online hrefs: the profile's merge tags, else the brand's URLs ("" = no link).
    The generic profile's view-in-browser opens this issue: on the public archive when Composer has a public
    address, else at the brand's page with the issue's key where it says {key} (or added at its end)."""
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
    if issue.status == Status.SENT:
        for copy in issue.sent_copies:
            if copy.profile == prof.name:
                return RenderedEmail(copy.subject, copy.preheader, copy.html, copy.text, prof.name)
    return render_fresh(issue, prof, brand)


def email_context(issue: Issue, profile: Profile, brand: Brand) -> dict[str, Any]:
    """Everything the email templates show, as plain values, its wording in the issue's language; brand is the
    publication's as the issue's newsletter sends it (for_newsletter)."""
    design = design_from(issue.newsletter.design)
    plans = issue.section_plans
    language = issue.language if issue.language in LANGUAGES else LANGUAGES[0]  # else the first
    typography = typography_for(language)
    unsubscribe, view_online = _links(profile, brand, issue, language)
    items = email_sections(issue, brand, typography)
    order = [plan.section for plan in plans] + [s for s in Section if s not in {p.section for p in plans}]
    stories = [item for section in order for item in items[section]]
    intro = richtext.normalise(issue.intro, typography)
    date_label = format_date(issue.issue_date, "full", locale=language)
    gettext = translator(language)
    with force_locale(language):
        titles = {plan.section: plan.heading for plan in plans}
        headings = [(section, titles.get(section) or str(section.label)) for section in order]
        opinion = str(Kind.OPINION.label)
    logo = None
    if brand.logo_url:
        served = images.served_renditions(brand.archive_base_url, {brand.logo_url}, "logo").get(brand.logo_url)
        logo = images.logo_picture(brand.logo_url, brand.publication_name, brand.logo_width, brand.logo_height,
                                   served)
    return {
        "lang": language,
        "_": gettext,
        "subject": typography(issue.subject or issue.title),
        "preheader": typography(issue.preheader),
        "intro_html": intro.html,
        "intro_text": intro.text,
        "date_label": first_of_month(date_label, issue.issue_date.day) if language == "fr" else date_label,
        "sections": headings,
        "items": items,
        "toc": stories if brand.table_of_contents and len(stories) > TOC_ABOVE else [],
        "toc_title": gettext("In this issue"),
        "opinion_label": opinion,
        "brand": brand,
        "design": design,
        "space": spacing(design),
        "masthead_name": brand.publication_name if design.header == "logo" else issue.newsletter.name,
        "logo": logo,
        "postal_address": typography(brand.postal_address),
        "footer_text": typography(brand.footer_text),
        "unsubscribe_url": unsubscribe,
        "view_online_url": view_online,
        "guard": profile.view_online_guard,
        "client_css": client_css(brand),
    }


def stylesheet(brand: Brand, design: Design = Design()) -> str:  # noqa: B008 (a frozen dataclass)
    return _environment().get_template("styles.css").render(brand=brand, design=design, size=sizes(design))


@lru_cache(maxsize=16)
def client_css(brand: Brand) -> str:
    """Rules no inliner can apply, kept as they are in the <style> after the @media rules: the colour scheme
    the email supports, and Outlook.com's dark mode (it marks what it recolours with data-ogsc/data-ogsb)."""
    return _environment().get_template("clients.css").render(brand=brand).strip()


def render_fresh(issue: Issue, profile: Profile, brand: Brand) -> RenderedEmail:
    brand = for_newsletter(brand, issue.newsletter)
    context = email_context(issue, profile, brand)
    env = _environment()
    inliner = inliner_for(brand, context["design"])
    html = inliner.inline(env.get_template("issue.html").render(context, head_css=inliner.head_css))
    html = _BLANK_LINES.sub("><", html)
    text = env.get_template("issue.txt").render(context).strip() + "\n"
    return RenderedEmail(context["subject"], context["preheader"], html, text, profile.name)

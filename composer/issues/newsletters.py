"""Newsletters: create and edit them (admins), the first one, and the checks on their sections and design."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from composer.domain import Kind, Section, SectionPlan, default_sections
from composer.email import design as designs
from composer.email.brand import current_brand
from composer.errors import InvalidInput, NotFound, StaleEdit
from composer.extensions import commit_or_stale, db, get_by_id
from composer.models import LANGUAGES, Newsletter, utcnow
from composer.text import nfc, slugify

SERVICES = ("listmonk", "mailchimp", "brevo")
EMAIL = re.compile(r"[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+")


@dataclass
class NewsletterData:
    name: str
    language: str = "fr"
    sender_name: str = ""
    sender_email: str = ""
    footer_text: str = ""
    sections: list[dict[str, Any]] | None = None  # None: today's four
    design: dict[str, Any] = field(default_factory=lambda: {"preset": "classique"})
    audiences: dict[str, str] = field(default_factory=dict)


def list_newsletters() -> list[Newsletter]:
    """Every newsletter, the first first (there is always one: see default_newsletter)."""
    default_newsletter()
    return list(db.session.scalars(select(Newsletter).order_by(Newsletter.id)))


def get_newsletter(newsletter_id: int) -> Newsletter:
    newsletter = get_by_id(Newsletter, newsletter_id)
    if newsletter is None:
        raise NotFound(_("There is no newsletter #%(id)s.", id=newsletter_id))
    return newsletter


def by_slug(slug: str) -> Newsletter | None:
    return db.session.scalar(select(Newsletter).where(Newsletter.slug == slug))


def default_newsletter() -> Newsletter:
    """The first newsletter (the migration makes it from the brand settings); made the same way, with today's
    sections and the « Classique » design, and saved at once, on a database that has none (emptied, or restored
    from a backup made before newsletters)."""
    first = db.session.scalar(select(Newsletter).order_by(Newsletter.id).limit(1))
    if first is None:
        name = current_brand().publication_name
        first = Newsletter(name=name, slug=slugify(name, 100), sender_name="", sender_email="", language="fr",
                           sections=[plan.as_value() for plan in default_sections()],
                           design={"preset": "classique"}, footer_text="", audiences={})
        db.session.add(first)
        db.session.commit()
    return first


def _sections(values: list[dict[str, Any]] | None, errors: dict[str, str]) -> list[dict[str, Any]]:
    if values is None:
        return [plan.as_value() for plan in default_sections()]
    plans: list[SectionPlan] = []
    for number, value in enumerate(values, start=1):
        key = str(value.get("key") or "")
        accepts = value.get("accepts") or list(Kind.values())
        if key not in Section.values():
            errors["sections"] = _("Section %(n)s: the key must be one of %(keys)s.", n=number,
                                   keys=", ".join(Section.values()))
        elif any(plan.section == key for plan in plans):
            errors["sections"] = _("Section %(key)s is listed twice.", key=key)
        elif not isinstance(accepts, list) or any(k not in Kind.values() for k in accepts):
            errors["sections"] = _("Section %(key)s: it accepts %(kinds)s.", key=key, kinds=", ".join(Kind.values()))
        elif not isinstance(value.get("leads", 0), int) or not 0 <= int(value.get("leads") or 0) <= 20:
            errors["sections"] = _("Section %(key)s: the number of lead stories goes from 0 to 20.", key=key)
        else:
            plans.append(SectionPlan.from_value({**value, "title": nfc(str(value.get("title") or "")).strip()[:100]}))
    if not plans and "sections" not in errors:
        errors["sections"] = _("A newsletter needs at least one section.")
    return [plan.as_value() for plan in plans]


def _validate(data: NewsletterData, newsletter: Newsletter | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = nfc(data.name).strip()
    if not name:
        errors["name"] = _("The newsletter needs a name.")
    slug = slugify(name, 100)
    taken = db.session.scalar(select(func.count()).select_from(Newsletter).where(
        Newsletter.slug == slug, Newsletter.id != (newsletter.id if newsletter else 0)))
    if name and taken:
        errors["name"] = _("Another newsletter already has this name.")
    if data.language not in LANGUAGES:
        errors["language"] = _("Language must be one of: %(languages)s.", languages=", ".join(LANGUAGES))
    sender = data.sender_email.strip()
    if sender and not EMAIL.fullmatch(sender):
        errors["sender_email"] = _("Use an email address such as desinscription@example.org.")
    for name_, value in (("sender_name", data.sender_name), ("name", data.name)):
        if "\r" in value or "\n" in value:
            errors[name_] = _("No line break here: it is one line of the email's headers.")
    sections = _sections(data.sections, errors)
    errors.update(designs.validate(data.design, _))
    unknown = set(data.audiences) - set(SERVICES)
    if unknown:
        errors["audiences"] = _("Unknown mailing service %(service)s.", service=", ".join(sorted(unknown)))
    if errors:
        raise InvalidInput(_("The newsletter has errors."), errors)
    # A newsletter keeps its address when renamed: its archive and feed are linked to and subscribed to.
    return {"name": name, "slug": newsletter.slug if newsletter is not None else slug,
            "language": data.language, "sender_name": nfc(data.sender_name).strip(),
            "sender_email": sender, "footer_text": nfc(data.footer_text).strip(), "sections": sections,
            "design": designs.stored(data.design),
            "audiences": {k: str(v).strip() for k, v in data.audiences.items() if str(v).strip()}}


def create_newsletter(data: NewsletterData) -> Newsletter:
    newsletter = Newsletter(**_validate(data, None))
    db.session.add(newsletter)
    db.session.commit()
    return newsletter


def update_newsletter(newsletter: Newsletter, data: NewsletterData, expected_version: int | None) -> Newsletter:
    values = _validate(data, newsletter)
    if expected_version is not None and expected_version != newsletter.version:
        raise StaleEdit(_("Someone else saved this newsletter while you were editing it."), newsletter.version)
    for name, value in values.items():
        setattr(newsletter, name, value)
    newsletter.updated_at = utcnow()
    commit_or_stale(_("Someone else saved this newsletter at the same moment. Nothing was saved."))
    return newsletter


def data_of(newsletter: Newsletter) -> NewsletterData:
    """A newsletter's values as a change starts from them (a PATCH changes only what it gives)."""
    return NewsletterData(name=newsletter.name, language=newsletter.language, sender_name=newsletter.sender_name,
                          sender_email=newsletter.sender_email, footer_text=newsletter.footer_text,
                          sections=list(newsletter.sections), design=dict(newsletter.design),
                          audiences=dict(newsletter.audiences))

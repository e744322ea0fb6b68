"""Brand settings service: read and save the one settings row, with a version check like issues."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from composer.email.colors import HEX, contrast
from composer.errors import InvalidInput, StaleEdit
from composer.extensions import commit_or_stale, db
from composer.library import is_web_url
from composer.models import BrandSettings, User, utcnow

URL_FIELDS = ("logo_url", "unsubscribe_url", "view_online_url", "site_url")


def saved_brand_values() -> dict[str, Any]:
    try:
        row = db.session.get(BrandSettings, 1)
    except SQLAlchemyError:  # a database without the table yet (before init-db): use the defaults
        db.session.rollback()
        return {}
    return row.values() if row else {}


def validate(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(values.get("publication_name", "")).strip():
        errors["publication_name"] = _("The publication needs a name.")
    if not str(values.get("postal_address", "")).strip():
        errors["postal_address"] = _("A postal address is required in the footer by anti-spam laws.")
    color = str(values.get("accent_color", ""))
    if not HEX.match(color):
        errors["accent_color"] = _("Use a six-digit colour such as #b3261e.")
    elif contrast(color, "#ffffff") < 4.5:
        errors["accent_color"] = _("White text on this colour is hard to read (contrast %(ratio).1f:1, "
                                   "4.5:1 needed). Choose a darker colour.", ratio=contrast(color, "#ffffff"))
    for name in URL_FIELDS:
        value = str(values.get(name, "")).strip()
        if value and not is_web_url(value, ("https",)):
            errors[name] = _("Use an absolute https:// address.")
    mailbox = str(values.get("unsubscribe_email") or "").strip()
    if mailbox and not re.fullmatch(r"[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+", mailbox):
        errors["unsubscribe_email"] = _("Use an email address such as desinscription@example.org.")
    if not str(values.get("unsubscribe_url", "")).strip():
        errors["unsubscribe_url"] = _("An unsubscribe address is required.")
    return errors


def save_brand(values: dict[str, Any], expected_version: int | None, user: User | None) -> BrandSettings:
    errors = validate(values)
    if errors:
        raise InvalidInput(_("The settings have errors."), errors)
    row = db.session.get(BrandSettings, 1)
    if row is None:
        row = BrandSettings(id=1)
        db.session.add(row)
    elif expected_version is not None and expected_version != row.version:
        raise StaleEdit(_("Someone else saved the settings while you were editing them."), row.version)
    if (values.get("logo_url") or "").strip() != (row.logo_url or ""):
        row.logo_width = row.logo_height = row.logo_bytes = None  # a new logo: its size is measured anew
    for name, value in values.items():
        if name in BrandSettings.FIELDS:
            if value is None and name not in ("utm_enabled", "table_of_contents"):
                value = ""
            setattr(row, name, value.strip() if isinstance(value, str) else bool(value) if value is None else value)
    row.updated_at = utcnow()
    row.updated_by = user
    commit_or_stale(_("Someone else saved the settings at the same moment. Nothing was saved."))
    return row

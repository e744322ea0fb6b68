"""The publication's brand settings that the email needs (name, colours, address, links)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

DEFAULTS: dict[str, Any] = {
    "publication_name": "Horizon Sahel",
    "logo_url": "",
    "accent_color": "#b3261e",
    "postal_address": "12 avenue de l’Indépendance, 01 BP 1234 Ouagadougou 01, Burkina Faso",
    "footer_text": "Vous recevez cette lettre parce que vous êtes abonné·e à Horizon Sahel.",
    "sender_email": "lettre@example.org",
    "unsubscribe_url": "https://example.org/desinscription",
    "view_online_url": "https://example.org/lettre",
    "site_url": "https://example.org/",
}


@dataclass(frozen=True)
class Brand:
    publication_name: str
    logo_url: str
    accent_color: str
    postal_address: str
    footer_text: str
    sender_email: str
    unsubscribe_url: str
    view_online_url: str
    site_url: str

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> Brand:
        merged = {**DEFAULTS, **(values or {})}
        return cls(**{f.name: str(merged[f.name]) for f in fields(cls)})


def current_brand() -> Brand:
    """The brand of the running app: BRAND in its configuration over the defaults."""
    from flask import current_app

    return Brand.from_mapping(current_app.config.get("BRAND"))

"""The publication's brand settings that the email needs (name, colours, address, links, UTM tags).

They live in the database (one row, edited by an admin at /settings); BRAND in the configuration gives
the values used until an admin saves the page.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from composer.email.colors import readable_on

if TYPE_CHECKING:
    from composer.models import Newsletter

DEFAULTS: dict[str, Any] = {
    "publication_name": "Horizon Sahel",
    "logo_url": "",
    "accent_color": "#b3261e",
    "postal_address": "12 avenue de l’Indépendance, 01 BP 1234 Ouagadougou 01, Burkina Faso",
    "footer_text": "Vous recevez cette lettre parce que vous êtes abonné·e à Horizon Sahel.",
    "sender_email": "lettre@example.org",
    "sender_name": "",
    "unsubscribe_url": "https://example.org/desinscription",
    "view_online_url": "https://example.org/lettre",
    "site_url": "https://example.org/",
    "utm_enabled": False,
    "utm_source": "newsletter",
    "archive_base_url": "",
    "unsubscribe_email": "",
    "table_of_contents": True,
    "logo_width": 0,
    "logo_height": 0,
    "logo_bytes": 0,
}
NUMBERS = ("logo_width", "logo_height", "logo_bytes")


@dataclass(frozen=True)
class Brand:
    publication_name: str
    logo_url: str
    accent_color: str
    postal_address: str
    footer_text: str
    sender_email: str
    sender_name: str  # the From name; "" is the publication's name
    unsubscribe_url: str
    view_online_url: str
    site_url: str
    utm_enabled: bool
    utm_source: str
    archive_base_url: str  # the app's public address (PUBLIC_URL): "view in browser" then opens the archive
    unsubscribe_email: str  # offered as mailto: in the .eml's List-Unsubscribe ("" = none)
    table_of_contents: bool  # « Au sommaire » at the top of issues of more than 15 stories
    logo_width: int  # the logo's measured size and weight; 0 = unknown
    logo_height: int
    logo_bytes: int

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> Brand:
        merged = {**DEFAULTS, **(values or {})}
        coerced: dict[str, Any] = {f.name: str(merged[f.name]) for f in fields(cls)}
        coerced["utm_enabled"] = bool(merged["utm_enabled"])
        coerced["table_of_contents"] = bool(merged["table_of_contents"])
        for name in NUMBERS:
            coerced[name] = int(merged[name] or 0)
        return cls(**coerced)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def accent_on_dark(self) -> str:
        """The accent colour lightened until it reads on the dark-mode card background."""
        return readable_on(self.accent_color, "#1e1e1e")


def for_newsletter(brand: Brand, newsletter: Newsletter | None) -> Brand:
    """The publication's brand as one newsletter goes out: its sender, footer and accent colour where it has its
    own (empty: the publication's)."""
    if newsletter is None:
        return brand
    accent = (newsletter.design or {}).get("accent_color") or brand.accent_color
    return replace(brand, sender_email=newsletter.sender_email or brand.sender_email,
                   sender_name=newsletter.sender_name or brand.sender_name,
                   footer_text=newsletter.footer_text or brand.footer_text, accent_color=accent)


def current_brand() -> Brand:
    """The brand of the running app: the saved settings, else BRAND in the configuration, else defaults."""
    from flask import current_app

    from composer.email.brand_settings import saved_brand_values

    return Brand.from_mapping({**(current_app.config.get("BRAND") or {}), **saved_brand_values(),
                               "archive_base_url": (current_app.config.get("PUBLIC_URL") or "").rstrip("/")})

"""Models of delivery: brand settings, mailing-service accounts and the campaigns pushed there."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from composer.extensions import db
from composer.models.base import utcnow

if TYPE_CHECKING:
    from composer.models.accounts import User


class BrandSettings(db.Model):  # type: ignore[name-defined,misc]
    """The publication's brand for the email, one row (id 1), edited by admins at /settings."""

    __tablename__ = "brand_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_name: Mapped[str] = mapped_column(String(200))
    logo_url: Mapped[str] = mapped_column(String(1000), default="")
    accent_color: Mapped[str] = mapped_column(String(7))
    postal_address: Mapped[str] = mapped_column(String(500))
    footer_text: Mapped[str] = mapped_column(Text, default="")
    sender_email: Mapped[str] = mapped_column(String(254))
    unsubscribe_url: Mapped[str] = mapped_column(String(1000))
    view_online_url: Mapped[str] = mapped_column(String(1000), default="")
    site_url: Mapped[str] = mapped_column(String(1000), default="")
    utm_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    utm_source: Mapped[str] = mapped_column(String(100), default="newsletter")
    unsubscribe_email: Mapped[str] = mapped_column(String(254), default="", server_default="")  # mailto:
    table_of_contents: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    logo_width: Mapped[int | None] = mapped_column(Integer)
    logo_height: Mapped[int | None] = mapped_column(Integer)
    logo_bytes: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    FIELDS: ClassVar[tuple[str, ...]] = (
        "publication_name", "logo_url", "accent_color", "postal_address", "footer_text", "sender_email",
        "unsubscribe_url", "view_online_url", "site_url", "utm_enabled", "utm_source", "unsubscribe_email",
        "table_of_contents",
    )
    MEASURED: ClassVar[tuple[str, ...]] = ("logo_width", "logo_height", "logo_bytes")

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS + self.MEASURED}


class ServiceAccount(db.Model):  # type: ignore[name-defined,misc]
    """Credentials for a mailing service's API; the secret is stored encrypted (composer/esp.py)."""

    __tablename__ = "service_accounts"
    __table_args__ = (CheckConstraint("service IN ('listmonk', 'mailchimp', 'brevo')", name="service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(20), unique=True)
    base_url: Mapped[str] = mapped_column(String(500), default="")
    username: Mapped[str] = mapped_column(String(200), default="")
    secret_encrypted: Mapped[str] = mapped_column(Text)
    secret_hint: Mapped[str] = mapped_column(String(8), default="")
    list_ids: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CampaignPush(db.Model):  # type: ignore[name-defined,misc]
    """A draft campaign created (or tried) in a mailing service for an issue: one per issue and service."""

    __tablename__ = "campaign_pushes"
    __table_args__ = (UniqueConstraint("issue_id", "service", name="uq_campaign_pushes_issue_service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="CASCADE"), index=True)
    service: Mapped[str] = mapped_column(String(20))
    campaign_id: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="failed")  # created | failed
    message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

class EmailImage(db.Model):  # type: ignore[name-defined,misc]
    """An image made for the email from a source image (renditions.py), served publicly at
    /archive/images/<key>. Never changed nor deleted: a sent issue's frozen HTML keeps pointing at it."""

    __tablename__ = "email_images"
    __table_args__ = (Index("ix_email_images_source", "source_url", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # content hash + extension
    source_url: Mapped[str] = mapped_column(String(1000))
    slot: Mapped[str] = mapped_column(String(20))  # "lead" (16:9, 552 px) or "logo" (ratio kept)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

"""Personal API tokens: create (the secret is shown once), look up by hash, revoke."""
from __future__ import annotations

import hashlib
import secrets

from flask_babel import gettext as _
from sqlalchemy import select

from composer.errors import NotFound
from composer.extensions import db, get_by_id
from composer.models import ApiToken, User, utcnow
from composer.text import nfc

PREFIX = "cmp_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for user; returns the row and the secret, which is never stored nor shown again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=nfc(name).strip()[:100] or _("API token"), token_hash=_hash(secret),
                     prefix=secret[:10])
    db.session.add(token)
    db.session.commit()
    return token, secret


def user_for_token(secret: str) -> User | None:
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked_at is not None or token.user.disabled_at is not None:
        return None
    token.last_used_at = utcnow()
    db.session.commit()
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                          ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)))


def revoke_token(user: User, token_id: int) -> None:
    token = get_by_id(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound(_("There is no such token."))
    token.revoked_at = utcnow()
    db.session.commit()

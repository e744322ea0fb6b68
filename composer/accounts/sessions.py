"""Server-side sessions: the signed cookie carries a random id, and a session counts only while its row is in
user_sessions. Logout ends one; a role or password change, or disabling the user, ends all of theirs."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, session
from sqlalchemy import delete, select

from composer.extensions import db
from composer.models import User, UserSession, utcnow

KEY = "sid"


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def _lifetime() -> timedelta:
    lifetime = current_app.permanent_session_lifetime
    return lifetime if isinstance(lifetime, timedelta) else timedelta(seconds=int(lifetime))


def begin(user: User) -> None:
    """A new session for user in this browser: everything the cookie held before (its CSRF token too) is
    dropped, so a session id or token known before login is worth nothing after it."""
    end_current()
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # Flask-WTF's copy of the old token
    sid = secrets.token_urlsafe(32)
    # Sessions past their lifetime open nothing any more: the table keeps only the ones that could.
    db.session.execute(delete(UserSession).where(UserSession.created_at <= utcnow() - _lifetime()))
    db.session.add(UserSession(id=_hash(sid), user_id=user.id))
    db.session.commit()
    session[KEY] = sid


def user_of_current(user_id: str) -> User | None:
    """The user this browser's session belongs to, if that session still exists, is not older than the
    session lifetime, and the user is not disabled."""
    sid = session.get(KEY)
    if not isinstance(sid, str) or not user_id.isdigit():
        return None
    user: User | None = db.session.scalar(
        select(User).join(UserSession, UserSession.user_id == User.id).where(
            UserSession.id == _hash(sid), User.id == int(user_id), User.disabled_at.is_(None),
            UserSession.created_at > utcnow() - _lifetime()))
    return user


def end_current() -> None:
    sid = session.pop(KEY, None)
    if isinstance(sid, str):
        db.session.execute(delete(UserSession).where(UserSession.id == _hash(sid)))
        db.session.commit()


def end_all(user: User) -> None:
    """Every session of the user ends (the caller commits)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))

"""User accounts: creation with validated email, role and password; disabling, enabling, deleting; changing
one's password. Every change of who someone is (role, password, disabled) ends their sessions."""
from __future__ import annotations

import functools
import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from composer.accounts import sessions
from composer.domain import Role
from composer.errors import Conflict, InvalidInput, NotFound, StaleEdit
from composer.extensions import commit_or_stale, db
from composer.models import (
    ApiToken,
    Article,
    BrandSettings,
    ImportRun,
    Issue,
    Revision,
    User,
    utcnow,
)

MIN_PASSWORD = 10
MIN_STRENGTH = 2  # zxcvbn's score, 0–4: under 2 is guessed in well under a day offline


def create_user(email: str, password: str, role: str = "editor", name: str = "") -> User:
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(_("Invalid email address: %(reason)s", reason=str(exc)), {"email": str(exc)}) from exc
    if role not in Role.values():
        raise InvalidInput(_("Unknown role %(role)s; choose editor or admin.", role=role), {"role": role})
    check_password_policy(password, email)
    if db.session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise Conflict(_("A user with the email %(email)s already exists.", email=email), {"email": "exists"})
    user = User(email=email, role=role, name=name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@functools.cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_password_policy(password: str, email: str = "") -> None:
    """At least MIN_PASSWORD characters, not one of the 30 000 most common passwords, not easy to guess
    (zxcvbn, offline; the email counts as known to an attacker)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_("The password needs at least %(n)s characters.", n=MIN_PASSWORD),
                           {"password": "too short"})
    from zxcvbn import zxcvbn

    known = [email, email.split("@")[0]] if email else []
    if password.lower() in _common_passwords() or zxcvbn(password[:100], user_inputs=known)["score"] < MIN_STRENGTH:
        raise InvalidInput(_("This password is too common or too easy to guess: choose a longer one, a sentence "
                             "for instance."), {"password": "weak"})


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def set_role(user: User, role: str, expected_version: int | None = None) -> None:
    """Change a user's role; with the version the admin saw, a change made meanwhile by another admin is
    not overwritten (the admin is told what it is now)."""
    if role not in Role.values():
        raise InvalidInput(_("Unknown role %(role)s; choose editor or admin.", role=role))
    if expected_version is not None and expected_version != user.version:
        raise StaleEdit(_("Another administrator changed %(email)s meanwhile: the role is now %(role)s. "
                          "Nothing was changed; choose again if needed.", email=user.email, role=user.role),
                        current_version=user.version)
    if user.role == "admin" and role != "admin":
        _not_the_last_admin(user)
    if role != user.role:
        sessions.end_all(user)  # logged in as what they were: they log in again as what they are
    user.role = role
    commit_or_stale(_("Another administrator changed %(email)s at the same moment. Nothing was changed.",
                      email=user.email))


def find_user(email: str) -> User:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise NotFound(_("There is no user with the email %(email)s.", email=email.strip()))
    return user


def _not_the_last_admin(user: User) -> None:
    """Refuse to take away the last working administrator (demoting, disabling or deleting them)."""
    if user.role != "admin" or user.disabled_at is not None:
        return
    others = db.session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.disabled_at.is_(None), User.id != user.id))
    if not others:
        raise Conflict(_("This is the last administrator; make someone else admin first."))


def _not_yourself(user: User, by: User | None) -> None:
    if by is not None and by.id == user.id:
        raise Conflict(_("You cannot do this to your own account; ask another administrator."))


def disable_user(user: User, by: User | None = None) -> None:
    """The user can no longer log in; their open sessions end and their API tokens stop, at once."""
    _not_yourself(user, by)
    _not_the_last_admin(user)
    user.disabled_at = user.disabled_at or utcnow()
    sessions.end_all(user)
    db.session.commit()


def enable_user(user: User) -> None:
    """The user can log in again (their API tokens work again unless revoked)."""
    user.disabled_at = None
    db.session.commit()


def revoke_tokens(user: User) -> int:
    """Revoke every API token of the user; returns how many were still valid."""
    tokens = list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                            ApiToken.revoked_at.is_(None))))
    for token in tokens:
        token.revoked_at = utcnow()
    db.session.commit()
    return len(tokens)


def token_counts() -> dict[int, int]:
    """How many valid API tokens each user has."""
    rows = db.session.execute(select(ApiToken.user_id, func.count()).where(ApiToken.revoked_at.is_(None))
                              .group_by(ApiToken.user_id))
    return {user_id: count for user_id, count in rows}


def has_history(user: User) -> bool:
    """Whether the user's name is on a save, an import, a deletion or the brand settings."""
    checks = (select(Revision.id).where(Revision.user_id == user.id),
              select(ImportRun.id).where(ImportRun.user_id == user.id),
              select(Issue.id).where((Issue.updated_by_id == user.id) | (Issue.deleted_by_id == user.id)),
              select(Article.id).where(Article.deleted_by_id == user.id),
              select(BrandSettings.id).where(BrandSettings.updated_by_id == user.id))
    return any(db.session.scalar(check.limit(1)) is not None for check in checks)


def delete_user(user: User, by: User | None = None) -> bool:
    """Delete a user who owns no history; one who does is anonymised instead (the history keeps an anonymous
    author, the email, name and password go, the account stays disabled). True if the row was deleted."""
    _not_yourself(user, by)
    _not_the_last_admin(user)
    sessions.end_all(user)
    if not has_history(user):
        db.session.delete(user)
        db.session.commit()
        return True
    revoke_tokens(user)
    user.email = f"deleted-{user.id}@invalid"
    user.name = _("Former user %(id)s", id=user.id)
    user.password_hash = "!" + secrets.token_hex(16)  # not a hash: no password matches it
    user.disabled_at = user.disabled_at or utcnow()
    user.role = "editor"
    db.session.commit()
    return False


def change_password(user: User, current: str, new: str) -> None:
    """The user's own change: the current password first. Every session of theirs ends (the caller starts
    a new one for the browser that made the change)."""
    if not user.check_password(current):
        raise InvalidInput(_("The current password is not right."), {"current_password": "wrong"})
    check_password_policy(new, user.email)
    user.set_password(new)
    sessions.end_all(user)
    db.session.commit()

"""User accounts: creation with validated email, role and password."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from composer.domain import Role
from composer.errors import Conflict, InvalidInput, StaleEdit
from composer.extensions import commit_or_stale, db
from composer.models import User

MIN_PASSWORD = 8


def create_user(email: str, password: str, role: str = "editor", name: str = "") -> User:
    try:
        email = validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(_("Invalid email address: %(reason)s", reason=str(exc)), {"email": str(exc)}) from exc
    if role not in Role.values():
        raise InvalidInput(_("Unknown role %(role)s; choose editor or admin.", role=role), {"role": role})
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(_("The password needs at least %(n)s characters.", n=MIN_PASSWORD),
                           {"password": "too short"})
    if db.session.scalar(select(User).where(func.lower(User.email) == email)) is not None:
        raise Conflict(_("A user with the email %(email)s already exists.", email=email), {"email": "exists"})
    user = User(email=email, role=role, name=name.strip())
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


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
    admins = db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value))
    if user.role == Role.ADMIN and role != Role.ADMIN and admins == 1:
        raise Conflict(_("This is the last administrator; make someone else admin first."))
    user.role = role
    commit_or_stale(_("Another administrator changed %(email)s at the same moment. Nothing was changed.",
                      email=user.email))

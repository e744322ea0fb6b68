"""Flask extensions, created unbound so models and services can import them without the app."""
from __future__ import annotations

import sqlite3
from typing import Any

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm.exc import StaleDataError

from composer.errors import StaleEdit

# Stable constraint names, so Alembic migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Only the login form is limited (brute force); storage and limits come from the app's configuration.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def commit_or_stale(message: str) -> None:
    """Commit the session; if a versioned row changed under us, roll back and raise StaleEdit."""
    try:
        db.session.commit()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleEdit(message, current_version=-1) from exc
    except Exception:
        db.session.rollback()
        raise


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite leaves foreign keys off unless asked, per connection; the schema relies on them.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


MAX_ID = 2**31 - 1  # integer primary keys; a larger id in a URL or body simply does not exist


def get_by_id(model: Any, ident: int, include_trashed: bool = False) -> Any:
    """The row with this id, or None: an id no column can hold is "not found" rather than a database error, and
    an article or issue in the trash is not found unless include_trashed (a query, not the session's
    identity map, which would hand back a row trashed earlier in the same session)."""
    if not isinstance(ident, int) or not 0 < ident <= MAX_ID:
        return None
    return db.session.scalar(select(model).where(model.id == ident).execution_options(include_trashed=include_trashed))

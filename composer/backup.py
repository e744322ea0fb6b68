"""Backups: a consistent JSON Lines dump of the database, and its exact restore into an empty database."""
from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import Date, DateTime, LargeBinary, func, insert, select, text

from composer import models  # noqa: F401  (every table of the schema is in the metadata)
from composer.errors import Conflict, InvalidInput
from composer.extensions import db

FORMAT = "composer-backup"
# Every table of the models, parents before children so that a restore meets every foreign key.
TABLES = tuple(table.name for table in db.metadata.sorted_tables)
SECRETS = {"users": ("password_hash",), "api_tokens": ("token_hash",), "service_accounts": ("secret_encrypted",)}
# Not a hash werkzeug can match: a user restored without secrets sets a new password (create-user, /users).
UNUSABLE_PASSWORD = "!restored-without-secrets"  # noqa: S105


def _table(name: str) -> Any:
    return db.metadata.tables[name]


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")  # the email's images, as served
    return value.isoformat() if isinstance(value, date | datetime) else value


def dump(out: IO[str], with_secrets: bool = False) -> dict[str, int]:
    """Write every table in one read transaction (a snapshot on PostgreSQL); returns the row counts."""
    counts: dict[str, int] = {}
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    out.write(json.dumps({"format": FORMAT, "version": 1, "schema": revision, "with_secrets": with_secrets}) + "\n")
    for name in TABLES:
        table = _table(name)
        hidden = () if with_secrets else SECRETS.get(name, ())
        counts[name] = 0
        for row in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings():
            values = {k: _encode(v) for k, v in row.items() if k not in hidden}
            out.write(json.dumps({"table": name, "row": values}, ensure_ascii=False) + "\n")
            counts[name] += 1
    db.session.rollback()
    return counts


def _rows(source: IO[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(source, start=2):
        if line.strip():
            try:
                record = json.loads(line)
                yield record["table"], record["row"]
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidInput(_("Line %(n)s of the backup is damaged.", n=number)) from exc


def restore(source: IO[str]) -> dict[str, int]:
    """Load a dump into an empty database at the same schema; all or nothing."""
    try:
        header = json.loads(source.readline() or "{}")
    except ValueError:
        header = {}
    if header.get("format") != FORMAT:
        raise InvalidInput(_("This file is not a Composer backup."))
    connection = db.session.connection()
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if header.get("schema") != revision:
        raise Conflict(_("The backup was made at schema %(theirs)s, this database is at %(ours)s: run init-db "
                         "with the matching version first.", theirs=header.get("schema"), ours=revision))
    for name in TABLES:
        if db.session.scalar(select(func.count()).select_from(_table(name))):
            raise Conflict(_("The database is not empty (%(table)s has rows): restore only into an empty one.",
                             table=name))
    counts: dict[str, int] = {name: 0 for name in TABLES}
    try:
        for name, row in _rows(source):
            if name not in counts:
                raise InvalidInput(_("Unknown table %(table)s in the backup.", table=name))
            table = _table(name)
            values = {}
            for column in table.columns:
                if column.name in row:
                    value = row[column.name]
                    if value is not None and isinstance(column.type, DateTime):
                        value = datetime.fromisoformat(value)
                    elif value is not None and isinstance(column.type, Date):
                        value = date.fromisoformat(value)
                    elif value is not None and isinstance(column.type, LargeBinary):
                        value = base64.b64decode(value)
                    values[column.name] = value
            if name == "users" and "password_hash" not in values:
                values["password_hash"] = UNUSABLE_PASSWORD
            if name == "api_tokens" and "token_hash" not in values:
                continue  # a token without its hash can never be used again: leave it out
            if name == "service_accounts" and "secret_encrypted" not in values:
                continue
            db.session.execute(insert(table), [values])
            counts[name] += 1
        if db.engine.dialect.name == "postgresql":
            for name in TABLES:  # explicit ids were inserted: move each sequence past them
                serial = _table(name).autoincrement_column
                if serial is None:
                    continue
                db.session.execute(select(func.setval(
                    func.pg_get_serial_sequence(name, serial.name),
                    func.coalesce(select(func.max(serial)).scalar_subquery(), 1))))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts

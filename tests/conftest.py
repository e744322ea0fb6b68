"""Fixtures: a fresh app and database per test (SQLite in a temp dir, or PostgreSQL from DATABASE_URL)."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from composer import create_app
from composer.accounts.users import create_user
from composer.extensions import db

PG_URL = os.environ.get("DATABASE_URL", "")
PASSWORD = "motdepasse-solide"
_pg_schema_ready = False


def _config(tmp_path: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": PG_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "BRAND": {"publication_name": "Horizon Sahel"},
        "RATELIMIT_ENABLED": False,  # test_views_auth turns it on where it is the subject
        # Images are measured only where a test serves them from 127.0.0.1 (test_email_images turns it on).
        "IMAGE_MEASURE": False,
        # Jobs run inside the call that queues them (huey's immediate mode); test_jobs runs real workers.
        "JOBS_IMMEDIATE": True,
        "JOBS_STORE": str(tmp_path / "jobs.sqlite"),
        "LINK_CHECK_ON_READY": False,  # tests never reach the network; test_links turns it on with a local server
    }


def reset_database(app: Flask) -> None:
    """Give the test an empty schema at the migrations' head: a new SQLite file, or emptied PostgreSQL tables."""
    global _pg_schema_ready
    with app.app_context():
        if not PG_URL:
            upgrade(directory=app.extensions["migrate"].directory)
            return
        if not _pg_schema_ready:
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            upgrade(directory=app.extensions["migrate"].directory)
            _pg_schema_ready = True
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()


@pytest.fixture
def app(tmp_path: Any) -> Iterator[Flask]:
    app = create_app(_config(tmp_path))
    reset_database(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def new_app(tmp_path: Any) -> Iterator[Any]:
    """Make extra apps with config overrides; their database connections are closed afterwards."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        extra = create_app({**_config(tmp_path), **overrides})
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    # What a browser says of a request made from one of the app's own pages (a form posted, a link followed).
    client.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    return client


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def editor(app: Flask) -> SimpleNamespace:
    with app.app_context():
        user = create_user("redaction@example.org", PASSWORD, "editor", "Awa Redac")
        return SimpleNamespace(id=user.id, email=user.email, role=user.role)


@pytest.fixture
def admin(app: Flask) -> SimpleNamespace:
    with app.app_context():
        user = create_user("admin@example.org", PASSWORD, "admin", "Chef")
        return SimpleNamespace(id=user.id, email=user.email, role=user.role)


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    response = client.get(page)
    match = CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """POST a form the way a browser would: with the CSRF token the page gave."""
    page = "/articles" if _logged_in(client) else "/login"
    form = {"csrf_token": csrf_token(client, page), **(data or {})}
    return client.post(url, data=form, **kwargs)


def _logged_in(client: FlaskClient) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return post(client, "/login", {"email": email, "password": password})


@pytest.fixture
def editor_client(client: FlaskClient, editor: SimpleNamespace) -> FlaskClient:
    response = login(client, editor.email)
    assert response.status_code == 302
    return client


@pytest.fixture
def admin_client(client: FlaskClient, admin: SimpleNamespace) -> FlaskClient:
    response = login(client, admin.email)
    assert response.status_code == 302
    return client

"""Composer: a newsletter composer for newsrooms. create_app() builds the Flask application."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, has_request_context, redirect, request, url_for
from flask_login import current_user

from composer.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static", "archive.index", "archive.show", "archive.feed",
                    "archive.email_image"}
LANGUAGES = ("fr", "en")


def _database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'composer.sqlite'}"
    # Accept the URLs hosting providers hand out and use psycopg 3 for them.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    # Defaults in code → instance/config.py → environment → test_config.
    app.config.from_mapping(
        SECRET_KEY=None,
        DATABASE_URL=None,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        BRAND={},
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT="10 per minute",
        PROXY_FIX=0,
        PUBLIC_URL=None,
        MAIL_SERVER="localhost",
        MAIL_PORT=25,
        MAIL_USE_TLS=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_DEFAULT_SENDER=None,
        SESSION_COOKIE_SECURE=False,
        # A form's CSRF token lasts as long as the editor's session, not an hour: an intro or an article
        # written over a long morning must still save (the token stays bound to the session).
        WTF_CSRF_TIME_LIMIT=None,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for key in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_URL", "ESP_ENCRYPTION_KEY", "MAIL_SERVER",
                    "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER", "LOGIN_RATE_LIMIT"):
            if os.environ.get(key):
                app.config[key] = os.environ[key]
        if os.environ.get("MAIL_PORT"):
            app.config["MAIL_PORT"] = int(os.environ["MAIL_PORT"])
        if os.environ.get("MAIL_USE_TLS"):
            app.config["MAIL_USE_TLS"] = os.environ["MAIL_USE_TLS"].lower() in ("1", "true", "yes")
        if os.environ.get("PROXY_FIX"):
            app.config["PROXY_FIX"] = int(os.environ["PROXY_FIX"])
        if os.environ.get("SESSION_COOKIE_SECURE"):
            app.config["SESSION_COOKIE_SECURE"] = os.environ["SESSION_COOKIE_SECURE"].lower() in ("1", "true", "yes")
    else:
        if os.environ.get("DATABASE_URL") and "DATABASE_URL" not in test_config:
            app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        # Sessions will not survive a restart; `make run` writes a lasting key to instance/config.py.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg"):
        # psycopg prepares a statement run five times; PostgreSQL then plans it once for any search words
        # (a generic plan) and a search for a rare word walks the whole table. Plan each search for its words.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"prepare_threshold": None, **options.get("connect_args", {})}
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    if app.config["PROXY_FIX"]:
        # Behind N reverse proxies (HTTPS terminated there): trust their X-Forwarded-* headers, no more.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    db.init_app(app)
    limiter.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    babel.init_app(app, locale_selector=select_locale)

    from composer import api, cli, views

    views.register(app)
    api.init_app(app)
    cli.register(app)

    @app.before_request
    def require_login() -> Any:
        g.language = select_locale()
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if request.blueprint in ("api", "api-docs"):
            return None  # the API authenticates every call by its bearer token, never by the session
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    return app


def select_locale() -> str:
    """The user's setting, then the browser's Accept-Language, default French (also outside requests)."""
    if not has_request_context():
        return "fr"
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.language:
        return str(current_user.language)
    return request.accept_languages.best_match(LANGUAGES) or "fr"

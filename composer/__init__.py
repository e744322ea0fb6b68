"""Composer: a newsletter composer for newsrooms. create_app() builds the Flask application."""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config, Flask, g, has_request_context, redirect, request, url_for
from flask_login import current_user

from composer.extensions import babel, csrf, db, limiter, login_manager, migrate
from composer.models.base import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ENDPOINTS = {"auth.login", "health.healthz", "static", "archive.index", "archive.show", "archive.feed",
                    "archive.email_image", "archive.newsletter_index", "archive.newsletter_feed"}


def _database_url(app: Flask) -> str:
    url = app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'composer.sqlite'}"
    # Accept the URLs hosting providers hand out and use psycopg 3 for them.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


# Every setting is read from the environment as COMPOSER_<NAME> (README, Configuration). Below: the settings of
# another type than text (checked once here), and the names also read without the prefix.
ENV_PREFIX = "COMPOSER"
INTEGER_SETTINGS = ("MAIL_PORT", "PROXY_FIX", "INGEST_MAX_BYTES", "JOBS_WORKERS", "JOBS_LEASE")
NUMBER_SETTINGS = ("FETCH_DEADLINE",)
BOOLEAN_SETTINGS = ("MAIL_USE_TLS", "SESSION_COOKIE_SECURE", "INGEST_ALLOW_PRIVATE", "ESP_ALLOW_LOCAL",
                    "IMAGE_MEASURE", "JOBS_IMMEDIATE", "LINK_CHECK_ON_READY")
# Read as the text given, never as JSON: a password "123456" or a key "1e5" stays what it was.
TEXT_SETTINGS = ("SECRET_KEY", "DATABASE_URL", "ESP_ENCRYPTION_KEY", "PUBLIC_URL", "MAIL_SERVER", "MAIL_USERNAME",
                 "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER", "LOGIN_RATE_LIMIT", "RATELIMIT_STORAGE_URI", "ADMIN_EMAIL",
                 "ADMIN_PASSWORD", "REDIS_URL", "JOBS_STORE", "JOBS_NAME")
# Also read without the prefix: the conventional DATABASE_URL and SECRET_KEY, and the names README gave before.
UNPREFIXED_SETTINGS = ("DATABASE_URL", "SECRET_KEY", "PROXY_FIX", "SESSION_COOKIE_SECURE", "ESP_ENCRYPTION_KEY",
                       "PUBLIC_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD",
                       "MAIL_DEFAULT_SENDER", "LOGIN_RATE_LIMIT", "REDIS_URL")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def defaults() -> dict[str, Any]:
    """Every setting's value when nothing says otherwise (a fresh dict each time: nested ones get filled in)."""
    from composer.ingest.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES

    return {
        "SECRET_KEY": None,
        "DATABASE_URL": None,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "BRAND": {},
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "RATELIMIT_ENABLED": True,  # said for each app: the limiter keeps the last app's choice otherwise
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": "10 per minute",
        "PROXY_FIX": 0,
        "PUBLIC_URL": None,
        "ESP_ENCRYPTION_KEY": None,
        "MAIL_SERVER": "localhost",
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_DEFAULT_SENDER": None,
        "SESSION_COOKIE_SECURE": False,
        "INGEST_MAX_BYTES": DEFAULT_MAX_BYTES,
        "INGEST_ALLOW_PRIVATE": False,
        "FETCH_DEADLINE": DEFAULT_DEADLINE,
        "ESP_ALLOW_LOCAL": False,
        "IMAGE_MEASURE": True,  # learn images' real size through the fetcher (composer/ingest/images.py)
        "TRUSTED_HOSTS": None,  # Flask's own: the host names the app answers to
        # The first administrator `make run` creates (composer/devsetup.py).
        "ADMIN_EMAIL": "admin@example.org",
        "ADMIN_PASSWORD": None,
        # The job queue (composer/jobs): Redis when REDIS_URL is set, else a SQLite file (JOBS_STORE, default
        # <instance>/jobs.sqlite). JOBS_NAME names the queue (its keys in Redis); JOBS_WORKERS threads run
        # jobs in `flask worker`; a job running longer than JOBS_LEASE seconds is taken to have lost its
        # worker and runs again. JOBS_IMMEDIATE runs each job inside the call that queues it (tests).
        "REDIS_URL": None,
        "JOBS_STORE": None,
        "JOBS_NAME": "composer",
        "JOBS_WORKERS": 2,
        "JOBS_LEASE": 600,
        "JOBS_IMMEDIATE": False,
        "LINK_CHECK_ON_READY": True,  # an issue marked ready has its links checked (composer/issues/links.py)
        # A form's CSRF token lasts as long as the editor's session, not an hour: an intro or an article
        # written over a long morning must still save (the token stays bound to the session).
        "WTF_CSRF_TIME_LIMIT": None,
    }


def load_config(instance_path: str | Path, test_config: Mapping[str, Any] | None = None) -> Config:
    """The settings, layered: defaults in code → <instance>/config.py → environment → test_config. A test
    configuration stands for the file and the environment, except DATABASE_URL (the suite on PostgreSQL)."""
    config = Config(str(instance_path), defaults())
    if test_config is None:
        config.from_pyfile("config.py", silent=True)
        for name in UNPREFIXED_SETTINGS:
            if os.environ.get(name):
                config[name] = os.environ[name]
        config.from_prefixed_env(ENV_PREFIX)  # JSON values parsed: COMPOSER_MAIL_PORT=2525 is a number
        for name in TEXT_SETTINGS:
            if f"{ENV_PREFIX}_{name}" in os.environ:
                config[name] = os.environ[f"{ENV_PREFIX}_{name}"]
    else:
        if os.environ.get("DATABASE_URL") and "DATABASE_URL" not in test_config:
            config["DATABASE_URL"] = os.environ["DATABASE_URL"]
        config.update(test_config)
    for name in INTEGER_SETTINGS:
        config[name] = _integer(name, config[name])
    for name in NUMBER_SETTINGS:
        config[name] = _number(name, config[name])
    for name in BOOLEAN_SETTINGS:
        config[name] = _boolean(name, config[name])
    return config


def _integer(name: str, value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"the setting {name} must be a whole number, not {value!r}") from None


def _number(name: str, value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"the setting {name} must be a number, not {value!r}") from None
    if number <= 0:
        raise ValueError(f"the setting {name} must be more than 0, not {value!r}")
    return number


def _boolean(name: str, value: Any) -> bool:
    if not isinstance(value, str):
        return bool(value)
    word = value.strip().lower()
    if word not in TRUE_WORDS + FALSE_WORDS:
        raise ValueError(f"the setting {name} must be 1 or 0 (true or false), not {value!r}")
    return word in TRUE_WORDS


def create_app(test_config: Mapping[str, Any] | None = None, instance_path: str | Path | None = None) -> Flask:
    """The application, configured once here (see load_config); instance_path is where instance/config.py and
    the default SQLite database live (default: instance/ beside the code)."""
    app = Flask(
        __name__,
        instance_path=str(instance_path or ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    app.config.update(load_config(app.instance_path, test_config))
    if not app.config["SECRET_KEY"]:
        if not app.debug:
            # Each gunicorn worker would invent its own key: sessions and CSRF tokens would fail at random,
            # and the mailing-service keys would be encrypted with a key nobody keeps.
            raise RuntimeError("SECRET_KEY is not set: export SECRET_KEY (see README, Production) or put it in "
                               "instance/config.py; `make run` writes one there.")
        app.config["SECRET_KEY"] = secrets.token_hex(32)  # a developer's debug server: sessions end at restart
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
            from composer.views.session_ended import is_form_post, session_ended_page

            if is_form_post():  # never a redirect that drops what the form carried
                return session_ended_page(logged_in=False)
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

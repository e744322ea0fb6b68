"""Login, roles, CSRF and the pages that need no login."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from composer.extensions import db
from composer.models import Article
from tests.conftest import PASSWORD, login, post

PUBLIC = {"/login", "/healthz", "/api/v1/openapi.json", "/archive/", "/archive/feed.xml"}


def _get_urls(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "1")
        urls.append(url)
    return urls


def test_every_page_but_login_health_and_the_archive_requires_login(app: Flask, client: FlaskClient) -> None:
    urls = _get_urls(app)
    assert "/articles" in urls and "/issues/1" in urls
    for url in urls:
        response = client.get(url)
        if url in PUBLIC:
            assert response.status_code == 200, url
        elif url.startswith("/archive/"):
            assert response.status_code == 404, url  # no sent issue there: nothing, and never a draft
        elif url.startswith("/api/v1/"):
            assert response.status_code == 401, url  # the API wants a token, never a session
            assert response.json["error"]["code"] == "unauthorized"
        else:
            assert response.status_code == 302, url
            assert "/login" in response.headers["Location"], url


def test_login_with_right_password_opens_the_library(client: FlaskClient, editor) -> None:
    response = login(client, editor.email)
    assert response.status_code == 302
    assert client.get("/articles").status_code == 200


def test_wrong_password_is_refused_with_a_message(client: FlaskClient, editor) -> None:
    response = login(client, editor.email, "pas-le-bon")
    assert response.status_code == 401
    assert "mot de passe" in response.get_data(as_text=True).lower()
    assert client.get("/articles").status_code == 302


def test_login_redirects_back_to_the_page_asked_for_but_never_offsite(client: FlaskClient, editor) -> None:
    response = post(client, "/login?next=/issues", {"email": editor.email, "password": PASSWORD})
    assert response.headers["Location"] == "/issues"
    client.get("/logout")
    post(client, "/logout")
    response = post(client, "/login?next=//evil.example/x", {"email": editor.email, "password": PASSWORD})
    assert response.headers["Location"] == "/articles"


def test_logout_ends_the_session(editor_client: FlaskClient) -> None:
    post(editor_client, "/logout")
    assert editor_client.get("/articles").status_code == 302


def test_only_admins_manage_users(editor_client: FlaskClient) -> None:
    response = editor_client.get("/users")
    assert response.status_code == 403
    response = post(editor_client, "/users", {"email": "x@example.org", "password": "12345678", "role": "admin"})
    assert response.status_code == 403


def test_admin_creates_an_editor_who_can_then_log_in(app: Flask, admin_client: FlaskClient) -> None:
    response = post(admin_client, "/users", {"email": "nouvelle@example.org", "name": "Nouvelle",
                                             "password": "un-mot-de-passe", "role": "editor"})
    assert response.status_code == 302
    assert "nouvelle@example.org" in admin_client.get("/users").get_data(as_text=True)
    post(admin_client, "/logout")
    assert login(admin_client, "nouvelle@example.org", "un-mot-de-passe").status_code == 302


def test_post_without_csrf_token_is_rejected_and_changes_nothing(app: Flask, editor_client: FlaskClient) -> None:
    response = editor_client.post("/articles/new", data={"title": "Sans jeton", "kind": "article", "language": "fr"})
    assert response.status_code == 400
    assert "jeton de sécurité manque" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Article).count() == 0


def test_healthz_answers_without_login(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(new_app, tmp_path) -> None:
    app = new_app(DATABASE_URL=f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_login_attempts_are_rate_limited(new_app, editor) -> None:
    from tests.conftest import reset_database

    app = new_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    reset_database(app)
    client = app.test_client()
    statuses = [login(client, "redaction@example.org", "mauvais").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert "Trop de tentatives" in login(client, "redaction@example.org").get_data(as_text=True)


def _public_test_route(app, rule: str, view) -> Any:
    """A throwaway route reachable without login, for testing app-wide behaviour."""
    import composer

    app.add_url_rule(rule, view.__name__, view)
    composer.PUBLIC_ENDPOINTS.add(view.__name__)
    return lambda: composer.PUBLIC_ENDPOINTS.discard(view.__name__)


def test_a_server_error_shows_a_reference_and_logs_it(new_app, caplog) -> None:
    app = new_app(PROPAGATE_EXCEPTIONS=False)

    def boom() -> str:
        raise RuntimeError("database on fire")

    cleanup = _public_test_route(app, "/boom", boom)
    try:
        response = app.test_client().get("/boom", headers={"Accept-Language": "fr"})
    finally:
        cleanup()
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "database on fire" not in page
    reference = page.split("administrateur\u00a0: ")[1][:10]
    assert any(reference in record.getMessage() for record in caplog.records)


def test_behind_a_proxy_the_forwarded_scheme_is_trusted_only_when_configured(new_app) -> None:
    from flask import request

    def scheme() -> str:
        return request.scheme

    for hops, expected in ((0, "http"), (1, "https")):
        app = new_app(PROXY_FIX=hops)
        cleanup = _public_test_route(app, "/scheme", scheme)
        try:
            response = app.test_client().get("/scheme", headers={"X-Forwarded-Proto": "https"})
        finally:
            cleanup()
        assert response.get_data(as_text=True) == expected

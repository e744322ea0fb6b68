"""The JSON API, through the test client with bearer tokens: a whole issue built by API alone."""
from __future__ import annotations

import email
from email import policy
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from composer.accounts.tokens import create_token, revoke_token
from composer.extensions import db
from composer.models import User


class Api:
    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str) -> Any:
        def call(url: str, json: Any = None, headers: dict[str, str] | None = None, **kw: Any) -> Any:
            return getattr(self.client, method)(f"/api/v1{url}", json=json,
                                                headers={**self.headers, **(headers or {})}, **kw)
        return call


def _token(app, email_address: str) -> str:
    with app.app_context():
        user = db.session.query(User).filter_by(email=email_address).one()
        return create_token(user, "tests")[1]


@pytest.fixture
def api(app, client, editor) -> Api:
    return Api(client, _token(app, editor.email))


@pytest.fixture
def admin_api(app, admin) -> Api:
    return Api(app.test_client(), _token(app, admin.email))


def article(api: Api, title: str, **fields: Any) -> dict[str, Any]:
    response = api.post("/articles", {"title": title, **fields})
    assert response.status_code == 201, response.json
    return response.json


def test_a_whole_issue_built_and_rendered_through_the_api(api: Api) -> None:
    kidal = article(api, "Mali\u00a0: l’armée reprend Anéfis", url="https://example.org/anefis",
                    lead="Sur la route de Kidal.", tags=["Mali"])
    uranium = article(api, "Niger\u00a0: l’uranium", url="https://example.org/uranium")
    drones = article(api, "Les drones turcs", url="https://example.org/drones")
    tribune = article(api, "Tribune\u00a0: «\u00a0Réinventer la Cédéao\u00a0»", kind="opinion",
                      author="Clarisse Zongo", url="https://example.org/cedeao")
    wagner = article(api, "Wagner devient Africa Corps", url="https://example.org/wagner")
    issue = api.post("/issues", {"title": "Lettre API", "date": "2026-11-27", "subject": "Sahel\u00a0: l’essentiel",
                                 "preheader": "Cinq minutes pour tout savoir"}).json
    version = issue["version"]
    for art, section in ((kidal, "lead"), (uranium, "news"), (drones, "news"), (tribune, "opinions"),
                         (wagner, "related")):
        response = api.post(f"/issues/{issue['id']}/items", {"article_id": art["id"], "section": section},
                            headers={"If-Match": f'"{version}"'})
        assert response.status_code == 201, response.json
        version = api.get(f"/issues/{issue['id']}").json["version"]
    items = api.get(f"/issues/{issue['id']}").json["items"]
    drones_item = next(i for i in items if i["article_id"] == drones["id"])
    moved = api.patch(f"/issues/{issue['id']}/items/{drones_item['id']}",
                      {"position": 0, "title_override": "Drones : la guerre change", "version": version})
    assert moved.status_code == 200 and moved.json["position"] == 0
    assert moved.json["title"] == "Drones : la guerre change"
    full = api.get(f"/issues/{issue['id']}").json
    news = [i["title"] for i in full["items"] if i["section"] == "news"]
    assert news == ["Drones : la guerre change", "Niger\u00a0: l’uranium"]
    html = api.get(f"/issues/{issue['id']}/render?format=html&profile=brevo")
    assert html.status_code == 200 and html.mimetype == "text/html"
    body = html.get_data(as_text=True)
    assert "Tribune\u00a0: «\u00a0Réinventer la Cédéao\u00a0»" in body and 'href="{{ unsubscribe }}"' in body
    assert body.index("Drones\u00a0: la guerre change") < body.index("Niger\u00a0: l’uranium")  # set in French
    text = api.get(f"/issues/{issue['id']}/render?format=text")
    assert text.mimetype == "text/plain" and "== À LA UNE ==" in text.get_data(as_text=True)
    eml = api.get(f"/issues/{issue['id']}/render?format=eml")
    message = email.message_from_bytes(eml.data, policy=policy.default)
    assert message["Subject"] == "Sahel\u00a0: l’essentiel" and eml.mimetype == "message/rfc822"
    status = api.post(f"/issues/{issue['id']}/status", {"status": "ready",
                                                       "version": api.get(f"/issues/{issue['id']}").json["version"]})
    assert status.status_code == 200 and status.json["status"] == "ready"


def test_missing_bad_revoked_token_and_session_cookie_are_401(app, client, api: Api, editor_client) -> None:
    assert client.get("/api/v1/articles", headers={"Authorization": "Bearer nope"}).status_code == 401
    response = editor_client.get("/api/v1/articles")  # logged in on the web, but no token
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    assert api.get("/articles").status_code == 200
    with app.app_context():
        user = db.session.query(User).filter_by(email=editor_client.application and "redaction@example.org").one()
        from composer.models import ApiToken

        token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
        revoke_token(user, token.id)
    assert api.get("/articles").status_code == 401


def test_only_admins_delete_issues_and_sent_issues_stay(api: Api, admin_api: Api) -> None:
    issue = api.post("/issues", {"title": "À supprimer", "date": "2026-11-27", "subject": "Sahel"}).json
    denied = api.delete(f"/issues/{issue['id']}", {"version": issue["version"]})
    assert denied.status_code == 403
    story = article(api, "Dori : le marché rouvre", url="https://example.org/dori")
    api.post(f"/issues/{issue['id']}/items", {"article_id": story["id"], "section": "lead",
                                              "version": issue["version"]})
    version = api.get(f"/issues/{issue['id']}").json["version"]
    sent = api.post(f"/issues/{issue['id']}/status", {"status": "sent", "version": version}).json
    refused = admin_api.delete(f"/issues/{issue['id']}", {"version": sent["version"]})
    assert refused.status_code == 409
    other = api.post("/issues", {"title": "Brouillon jetable", "date": "2026-11-27"}).json
    assert admin_api.delete(f"/issues/{other['id']}", {"version": other["version"]}).status_code == 204
    assert api.get(f"/issues/{other['id']}").status_code == 404


def test_error_paths_404_409_412_422_428(api: Api) -> None:
    assert api.get("/articles/999").json["error"]["code"] == "not_found"
    first = article(api, "Premier", url="https://example.org/x")
    duplicate = api.post("/articles", {"title": "Second", "url": "https://example.org/x"})
    assert duplicate.status_code == 409 and duplicate.json["error"]["existing_id"] == first["id"]
    invalid = api.post("/articles", {"title": "", "kind": "brève"})
    assert invalid.status_code == 422 and {"title", "kind"} <= set(invalid.json["error"]["fields"])
    issue = api.post("/issues", {"title": "Versions", "date": "2026-11-27"}).json
    assert api.patch(f"/issues/{issue['id']}", {"subject": "Sans version"}).status_code == 428
    ok = api.patch(f"/issues/{issue['id']}", {"subject": "Premier objet"},
                   headers={"If-Match": f'"{issue["version"]}"'})
    assert ok.status_code == 200
    stale = api.patch(f"/issues/{issue['id']}", {"subject": "Objet périmé", "version": issue["version"]})
    assert stale.status_code == 412 and stale.json["error"]["current_version"] == ok.json["version"]
    assert api.get(f"/issues/{issue['id']}").json["subject"] == "Premier objet"
    checks = api.get(f"/issues/{issue['id']}").json["checks"]
    assert [c["level"] for c in checks] == ["error", "warning"] and "aucun article" in checks[0]["message"]
    empty = api.post(f"/issues/{issue['id']}/status", {"status": "ready", "version": ok.json["version"]})
    assert empty.status_code == 422 and empty.json["error"]["problems"] == [checks[0]["message"]]
    api.post(f"/issues/{issue['id']}/items", {"article_id": first["id"], "section": "lead",
                                              "version": ok.json["version"]})
    current = api.get(f"/issues/{issue['id']}").json["version"]
    api.post(f"/issues/{issue['id']}/status", {"status": "ready", "version": current})
    current = api.get(f"/issues/{issue['id']}").json["version"]
    frozen = api.patch(f"/issues/{issue['id']}", {"subject": "Trop tard", "version": current})
    assert frozen.status_code == 409
    bad_item = api.post(f"/issues/{issue['id']}/items", {"article_id": first["id"], "section": "sidebar",
                                                         "version": current})
    assert bad_item.status_code == 422


def test_pagination_bounds(api: Api) -> None:
    for n in range(5):
        article(api, f"Article {n}")
    page = api.get("/articles?per_page=2&page=2").json
    assert (len(page["items"]), page["total"], page["pages"], page["page"]) == (2, 5, 3, 2)
    assert api.get("/articles?per_page=2&page=9").json["items"] == []
    assert api.get("/articles?per_page=500").status_code == 422
    assert api.get("/articles?page=0").status_code == 422


def test_search_is_the_librarys_and_bodies_come_back_sanitized(api: Api) -> None:
    created = article(api, "Sécurité au Sahel", body='<p onclick="x()">Texte</p><script>alert(1)</script>')
    assert "<script" not in created["body"] and "onclick" not in created["body"]
    assert [a["title"] for a in api.get("/articles?q=securite").json["items"]] == ["Sécurité au Sahel"]
    patched = api.patch(f"/articles/{created['id']}", {"lead": "Nouveau chapô", "version": created["version"]})
    assert patched.status_code == 200 and patched.json["title"] == "Sécurité au Sahel"
    stale = api.patch(f"/articles/{created['id']}", {"lead": "Périmé", "version": created["version"]})
    assert stale.status_code == 412


def test_openapi_document_validates_and_needs_no_token(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json)
    paths = response.json["paths"]
    assert {"/api/v1/articles", "/api/v1/issues/{issue_id}/items/{item_id}", "/api/v1/issues/{issue_id}/render"} \
        <= set(paths)


def test_human_docs_page(editor_client) -> None:
    page = editor_client.get("/api/docs").get_data(as_text=True)
    assert "POST /api/v1/issues/{issue_id}/items" in page


def test_cli_create_token_prints_a_working_token_once(app, runner, editor) -> None:
    result = runner.invoke(args=["create-token", editor.email, "--name", "CMS"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert token.startswith("cmp_")
    assert app.test_client().get("/api/v1/issues", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with app.app_context():
        from composer.models import ApiToken

        assert token not in {t.token_hash for t in db.session.query(ApiToken)}  # only a hash is kept
    missing = runner.invoke(args=["create-token", "personne@example.org"])
    assert missing.exit_code == 1 and len(missing.output.strip().splitlines()) == 1


def test_tokens_page_shows_a_new_token_once_and_revokes_it(app, editor_client) -> None:
    from tests.conftest import PASSWORD, post

    refused = post(editor_client, "/account/tokens", {"name": "Volé", "password": "pas-le-bon"})
    assert refused.status_code == 422 and "Le mot de passe actuel n’est pas le bon." in refused.get_data(as_text=True)
    assert 'value="cmp_' not in refused.get_data(as_text=True)  # a stolen session cookie alone mints no token
    page = post(editor_client, "/account/tokens", {"name": "Script du matin", "password": PASSWORD}
                ).get_data(as_text=True)
    import re

    token = re.search(r'value="(cmp_[^"]+)"', page).group(1)
    assert "cmp_" not in editor_client.get("/account/tokens").get_data(as_text=True).replace(token[:10], "")
    headers = {"Authorization": f"Bearer {token}"}
    assert app.test_client().get("/api/v1/issues", headers=headers).status_code == 200
    with app.app_context():
        from composer.models import ApiToken

        token_id = db.session.query(ApiToken).one().id
    post(editor_client, f"/account/tokens/{token_id}/revoke")
    assert app.test_client().get("/api/v1/issues", headers=headers).status_code == 401


def test_control_characters_are_dropped_not_stored(api: Api) -> None:
    created = api.post("/articles", {"title": "Bamako\x00 : coupures", "lead": "a\x00b"}).json
    assert created["title"] == "Bamako : coupures" and created["lead"] == "ab"
    assert api.post("/articles", {"title": "\x00"}).status_code == 422
    issue = api.post("/issues", {"title": "Lettre", "date": "2026-11-27", "intro": "\x00"})
    assert issue.status_code == 201 and issue.json["intro"] == ""


def test_an_unknown_or_trashed_article_or_issue_is_the_same_404_on_the_api_and_the_web(app, api: Api) -> None:
    from tests.conftest import login

    gone = article(api, "Bientôt à la corbeille")
    assert api.delete(f"/articles/{gone['id']}").status_code == 204
    web = app.test_client()
    with app.app_context():
        editor = db.session.query(User).one()
    login(web, editor.email)
    for path, number in ((f"/articles/{gone['id']}", gone["id"]), ("/articles/999", 999), ("/issues/998", 998)):
        answer = api.get(path)
        assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found"
        assert str(number) in answer.json["error"]["message"]
        page = web.get(path)
        assert page.status_code == 404 and answer.json["error"]["message"] in page.get_data(as_text=True)

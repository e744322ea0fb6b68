"""Draft campaigns in listmonk, Mailchimp and Brevo, against a local HTTP server that checks each request
against the service's documented API and answers as the service does."""
from __future__ import annotations

import base64
import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from composer.delivery import esp
from composer.email.brand import Brand
from composer.errors import DomainError
from composer.extensions import db
from composer.models import CampaignPush, Issue, ServiceAccount
from tests.conftest import post

BRAND = Brand.from_mapping({"sender_email": "lettre@example.org"})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (the timeout test) closes its socket before the late answer: not an error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class FakeService:
    """Answers (method, path) with (status, json); remembers every request."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
        self.requests: list[dict[str, Any]] = []
        self.delay = 0.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"method": self.command, "path": self.path, "headers": self.headers,
                                      "json": body})
                time.sleep(fake.delay)
                queue = fake.answers.get((self.command, self.path)) or [(404, {"message": "no such route"})]
                status, payload = queue.pop(0) if len(queue) > 1 else queue[0]
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_PUT = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, method: str, path: str, *responses: tuple[int, dict[str, Any]]) -> None:
        self.answers[(method, path)] = list(responses)


@pytest.fixture
def service(app) -> Iterator[FakeService]:
    fake = FakeService()
    app.config["ESP_BASE_URLS"] = {"mailchimp": fake.url + "/3.0", "brevo": fake.url}
    app.config["ESP_ALLOW_LOCAL"] = True  # the fake service listens on 127.0.0.1, over http
    yield fake
    fake.httpd.shutdown()
    fake.httpd.server_close()


@pytest.fixture
def issue_id(app) -> int:
    from composer.demo import seed

    with app.app_context():
        seed()
        return db.session.query(Issue).one().id


def _push(app, issue_id: int, name: str) -> SimpleNamespace:
    with app.app_context():
        push = esp.push_issue(db.session.get(Issue, issue_id), name, BRAND, app.config)
        return SimpleNamespace(status=push.status, campaign_id=push.campaign_id, url=push.url)


def test_listmonk_draft_campaign_with_token_auth_and_html_body(app, service, issue_id) -> None:
    with app.app_context():
        esp.save_account("listmonk", "s3cret-token", app.config, base_url=service.url, username="composer",
                         list_ids="3, 4")
    service.answer("POST", "/api/campaigns", (200, {"data": {"id": 42, "status": "draft"}}))
    push = _push(app, issue_id, "listmonk")
    assert (push.status, push.campaign_id, push.url) == ("created", "42", f"{service.url}/admin/campaigns/42")
    request = service.requests[0]
    assert request["headers"]["Authorization"] == "token composer:s3cret-token"
    body = request["json"]
    assert body["content_type"] == "html" and body["lists"] == [3, 4]
    assert body["subject"] == "Sahel\u00a0: la semaine où tout a basculé"
    assert 'href="{{ UnsubscribeURL }}"' in body["body"]


def test_mailchimp_creates_then_puts_content_and_a_retry_never_duplicates(app, service, issue_id) -> None:
    with app.app_context():
        esp.save_account("mailchimp", "abc123-us21", app.config, list_ids="list9")
    service.answer("POST", "/3.0/campaigns", (200, {"id": "c1", "web_id": 77}))
    service.answer("PUT", "/3.0/campaigns/c1/content", (500, {"detail": "Mailchimp is down"}),
                   (200, {"html": "ok"}))
    with pytest.raises(DomainError, match="Mailchimp is down"):
        _push(app, issue_id, "mailchimp")
    push = _push(app, issue_id, "mailchimp")  # the retry completes the same campaign
    assert push.status == "created" and push.campaign_id == "c1"
    assert [r["method"] for r in service.requests] == ["POST", "PUT", "PUT"]
    auth = service.requests[0]["headers"]["Authorization"]
    assert base64.b64decode(auth.split()[1]).decode().endswith(":abc123-us21")
    assert service.requests[0]["json"]["recipients"] == {"list_id": "list9"}
    assert 'href="*|UNSUB|*"' in service.requests[-1]["json"]["html"]
    _push(app, issue_id, "mailchimp")
    assert len(service.requests) == 3  # already created: nothing sent again


def test_brevo_errors_are_reported_and_recorded(app, service, issue_id) -> None:
    with app.app_context():
        esp.save_account("brevo", "xkeysib-1", app.config, list_ids="2")
    service.answer("POST", "/v3/emailCampaigns", (401, {"code": "unauthorized", "message": "Key not found"}),
                   (400, {"code": "invalid_parameter", "message": "sender is invalid"}),
                   (201, {"id": 12}))
    with pytest.raises(DomainError, match="Key not found"):
        _push(app, issue_id, "brevo")
    with pytest.raises(DomainError, match="sender is invalid"):
        _push(app, issue_id, "brevo")
    with app.app_context():
        recorded = db.session.query(CampaignPush).one()
        assert recorded.status == "failed" and "sender is invalid" in recorded.message
    assert _push(app, issue_id, "brevo").campaign_id == "12"
    request = service.requests[-1]
    assert request["headers"]["Api-Key"] == "xkeysib-1"
    assert request["json"]["sender"] == {"name": "Horizon Sahel", "email": "lettre@example.org"}
    assert 'href="{{ unsubscribe }}"' in request["json"]["htmlContent"]


def test_a_timeout_is_an_error_not_a_hang(app, service, issue_id, monkeypatch) -> None:
    monkeypatch.setattr(esp, "TIMEOUT", 0.5)
    service.delay = 2
    with app.app_context():
        esp.save_account("brevo", "xkeysib-1", app.config)
    service.answer("POST", "/v3/emailCampaigns", (201, {"id": 1}))
    with pytest.raises(DomainError, match="did not answer|n’a pas répondu"):
        _push(app, issue_id, "brevo")


def test_keys_are_encrypted_at_rest_and_never_shown_back(app, admin_client) -> None:
    response = post(admin_client, "/settings/services", {"service": "brevo", "secret": "xkeysib-very-secret-9876",
                                                         "list_ids": "2", "base_url": "", "username": ""})
    assert response.status_code == 302
    page = admin_client.get("/settings/services").get_data(as_text=True)
    assert "xkeysib-very-secret" not in page and "••••9876" in page
    with app.app_context():
        stored = db.session.query(ServiceAccount).one().secret_encrypted
        assert "xkeysib" not in stored


def test_compose_page_button_and_cli_push(app, service, issue_id, editor_client, runner) -> None:
    with app.app_context():
        esp.save_account("brevo", "xkeysib-1", app.config, list_ids="2")
    service.answer("POST", "/v3/emailCampaigns", (201, {"id": 5}))
    assert "Créer une campagne brouillon dans brevo" in editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    post(editor_client, f"/issues/{issue_id}/push/brevo")
    assert "Campagne brouillon dans brevo" in editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    result = runner.invoke(args=["push", str(issue_id), "--service", "brevo"])
    assert result.exit_code == 0 and " 5 " in result.output and len(service.requests) == 1
    unknown = runner.invoke(args=["push", str(issue_id), "--service", "sendinblue"])
    assert unknown.exit_code == 1 and len(unknown.output.strip().splitlines()) == 1

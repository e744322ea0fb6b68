"""Test sends through a real SMTP server on 127.0.0.1 (aiosmtpd), read back as the recipient gets them."""
from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email import policy

import pytest
from aiosmtpd.controller import Controller

from composer.extensions import db
from composer.models import Issue
from tests.conftest import post


class Mailbox:
    def __init__(self, refuse: str | None = None) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(app) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_DEFAULT_SENDER="lettre@example.org")
    yield mailbox
    controller.stop()


@pytest.fixture
def demo(app) -> int:
    from composer.demo import seed

    with app.app_context():
        seed()
        return db.session.query(Issue).one().id


def test_a_test_send_arrives_with_both_parts_and_the_french_subject(app, smtp, demo, editor_client) -> None:
    response = post(editor_client, f"/issues/{demo}/send-test", {"to": "awa@example.org, moussa@example.org"})
    assert response.status_code == 302
    assert "Test envoyé" in editor_client.get(response.headers["Location"]).get_data(as_text=True)
    sender, recipients, raw = smtp.messages[0]
    assert sender == "lettre@example.org" and recipients == ["awa@example.org", "moussa@example.org"]
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "[TEST] Sahel\u00a0: la semaine où tout a basculé"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert "Revers majeur pour l’armée malienne" in message.get_body(("plain",)).get_content()
    assert message["List-Unsubscribe"]


def test_addresses_are_checked_and_capped(app, smtp, demo, editor_client) -> None:
    bad = post(editor_client, f"/issues/{demo}/send-test", {"to": "pas-une-adresse"})
    assert bad.status_code == 422 and "pas-une-adresse" in bad.get_data(as_text=True)
    many = ", ".join(f"r{n}@example.org" for n in range(11))
    too_many = post(editor_client, f"/issues/{demo}/send-test", {"to": many})
    assert too_many.status_code == 422 and 'r10@example.org' in too_many.get_data(as_text=True)
    assert smtp.messages == []


def test_an_smtp_refusal_is_shown_with_the_servers_reason_and_nothing_changes(app, smtp, demo, editor_client) -> None:
    smtp.refuse = "550 5.1.1 Boite inconnue"
    with app.app_context():
        version = db.session.get(Issue, demo).version
    response = post(editor_client, f"/issues/{demo}/send-test", {"to": "personne@example.org"})
    assert response.status_code == 502
    assert "Boite inconnue" in response.get_data(as_text=True)
    assert 'personne@example.org</textarea>' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Issue, demo).version == version


def test_cli_send_test(app, runner, smtp, demo) -> None:
    result = runner.invoke(args=["send-test", str(demo), "--to", "awa@example.org"])
    assert result.exit_code == 0 and len(smtp.messages) == 1
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    failed = runner.invoke(args=["send-test", str(demo), "--to", "awa@example.org"])
    assert failed.exit_code == 1 and len(failed.output.strip().splitlines()) == 1


def test_the_compose_page_sends_a_test_too(app, smtp, demo, editor_client) -> None:
    page = editor_client.get(f"/issues/{demo}").get_data(as_text=True)
    assert f'action="/issues/{demo}/send-test"' in page
    assert post(editor_client, f"/issues/{demo}/send-test", {"to": "awa@example.org"}).status_code == 302
    assert len(smtp.messages) == 1


def test_a_bad_address_and_an_unreachable_server_are_explained_in_french(app, smtp, demo, editor_client) -> None:
    bad = post(editor_client, f"/issues/{demo}/send-test", {"to": "pas-un-email"}).get_data(as_text=True)
    assert "pas-un-email n’est pas une adresse e-mail valide (nom@domaine.tld)." in bad
    assert "@-sign" not in bad
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    down = post(editor_client, f"/issues/{demo}/send-test", {"to": "awa@example.org"}).get_data(as_text=True)
    assert "la connexion a été refusée" in down and "MAIL_SERVER" in down
    assert "Errno" not in down and "Connection refused" not in down

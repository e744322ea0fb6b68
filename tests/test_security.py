"""Issue #18 "Safe to deploy": each finding of the attack on the app, reproduced as an editor (or an admin)
would, against the real app, a real database and real local servers."""
from __future__ import annotations

import io
import ipaddress
import json
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from composer import create_app, library
from composer.accounts.tokens import create_token
from composer.accounts.users import create_user
from composer.delivery import esp
from composer.email.brand import Brand
from composer.errors import DomainError
from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.fetch import Deadline, fetch, is_public
from composer.ingest.importer import ImportOptions, run_import
from composer.issues import editing, lifecycle
from composer.models import Article, FeedSource, ImportRun, Issue, Revision, ServiceAccount, User
from tests.conftest import PASSWORD, csrf_token, login, post
from tests.factories import make_article, make_issue
from tests.feedserver import FeedServer, dribble

FIXTURES = Path(__file__).parent / "fixtures"
BRAND = Brand.from_mapping({"sender_email": "lettre@example.org"})


def count_articles() -> int:
    return db.session.scalar(select(func.count()).select_from(Article))


# 1. Critical — server files through the web import form ------------------------------------------------


@pytest.mark.parametrize("source", ["/proc/self/environ", "/etc/passwd", "{csv}", "composer/__init__.py",
                                    "file:///etc/passwd", "../../etc/passwd"])
def test_the_web_import_form_never_reads_a_file_of_the_server(app, editor_client, source) -> None:
    source = source.format(csv=FIXTURES / "articles.csv")  # a file that would import, were it read
    response = post(editor_client, "/imports", {"url": source, "format": "", "kind": "article", "section": "",
                                                "save_source": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "http" in page and "SECRET_KEY" not in page and "root:" not in page
    with app.app_context():
        assert count_articles() == 0
        assert db.session.scalar(select(func.count()).select_from(FeedSource)) == 0


def test_a_saved_source_holding_a_path_is_not_run(app, editor_client) -> None:
    with app.app_context():  # saved before the fix, or written into the database by other means
        source = FeedSource(url=str(FIXTURES / "articles.csv"), name="articles.csv")
        db.session.add(source)
        db.session.commit()
        source_id = source.id
    response = post(editor_client, f"/imports/sources/{source_id}/run")
    assert response.status_code == 303
    page = editor_client.get("/imports").get_data(as_text=True)
    assert "http" in page and "Échec" in page
    with app.app_context():
        assert count_articles() == 0
        assert db.session.scalar(select(ImportRun.status)) == "failed"


def test_the_command_line_still_reads_local_files(app, runner) -> None:
    result = runner.invoke(args=["import", str(FIXTURES / "articles.csv")])
    assert result.exit_code == 0 and "imported 2" in result.output


# 2. High — DNS rebinding: the connection goes to the address that was checked --------------------------


class Rebinding:
    """A resolver for a name that answers a public address first, then an internal one: what a rebinding
    attacker's DNS server does. Here "public" is 127.0.0.1 (trusted by the test) and the internal service
    listens on 127.0.0.2, which the fetcher refuses like any loopback address."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        return [self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]]


@pytest.fixture
def public_and_internal() -> Iterator[tuple[FeedServer, FeedServer]]:
    with FeedServer("127.0.0.1") as public:
        try:
            internal = FeedServer("127.0.0.2", public.port)
        except OSError:
            pytest.skip("127.0.0.2 is not a loopback address here")
        with internal:
            yield public, internal


TRUSTED = (ipaddress.ip_network("127.0.0.1/32"),)


def test_dns_rebinding_never_reaches_the_internal_service(app, public_and_internal) -> None:
    public, internal = public_and_internal
    public.serve("/feed/", b"le flux public")
    internal.serve("/feed/", b"SECRET interne")
    resolver = Rebinding("127.0.0.1", "127.0.0.2")
    with app.test_request_context():
        fetched = fetch(f"http://feed.example:{public.port}/feed/", trusted=TRUSTED, resolver=resolver)
    assert fetched.content == b"le flux public"
    assert internal.requests == [] and resolver.calls == ["feed.example"]  # resolved once, then pinned
    assert public.hosts == [f"feed.example:{public.port}"]  # the server still sees the name it was asked by


def test_each_redirect_hop_is_resolved_once_and_checked(app, public_and_internal) -> None:
    public, internal = public_and_internal
    public.serve("/go", b"", status=302, Location=f"http://inside.example:{public.port}/feed/")
    internal.serve("/feed/", b"SECRET interne")
    with app.test_request_context():
        resolver = {"feed.example": Rebinding("127.0.0.1"), "inside.example": Rebinding("127.0.0.2")}
        with pytest.raises(ImportFailed, match="inside.example désigne une adresse privée"):
            fetch(f"http://feed.example:{public.port}/go", trusted=TRUSTED,
                  resolver=lambda host, port: resolver[host](host, port))
        # A redirect to a name that rebinds between its check and its connection: pinned as well.
        public.serve("/again", b"", status=302, Location=f"http://rebind.example:{public.port}/feed/")
        public.serve("/feed/", b"le flux public")
        resolver["rebind.example"] = Rebinding("127.0.0.1", "127.0.0.2")
        fetched = fetch(f"http://feed.example:{public.port}/again", trusted=TRUSTED,
                        resolver=lambda host, port: resolver[host](host, port))
    assert fetched.content == b"le flux public" and internal.requests == []
    assert resolver["rebind.example"].calls == ["rebind.example"]


# 3. Medium — slow responses: one deadline for the whole fetch -------------------------------------------


def test_a_feed_dribbling_bytes_is_cut_at_the_deadline(app) -> None:
    with FeedServer() as server:
        url = server.serve("/slow", dribble(40, 0.2), Content_Type="application/rss+xml")
        started = time.monotonic()
        with app.app_context(), pytest.raises(ImportFailed, match="secondes"):
            run_import(url, "rss", None, None, None, ImportOptions(allow_private=True, deadline=1.0))
        assert time.monotonic() - started < 4.5  # 40 reads of 0.2 s each: every read is fast, the whole is 8 s


def test_headers_sent_one_byte_at_a_time_are_cut_at_the_deadline(app) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _address = listener.accept()
        with connection:
            connection.recv(4096)
            for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 200:
                if stop.wait(0.1):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    threading.Thread(target=serve, daemon=True).start()
    started = time.monotonic()
    try:
        with app.test_request_context(), pytest.raises(ImportFailed, match="secondes"):
            fetch(f"http://127.0.0.1:{listener.getsockname()[1]}/", allow_private=True, deadline=Deadline(1.0))
        assert time.monotonic() - started < 4.5  # without the deadline: 20 s of headers
    finally:
        stop.set()
        listener.close()


def test_the_import_form_answers_within_the_configured_deadline(app, editor_client) -> None:
    app.config.update(INGEST_ALLOW_PRIVATE="1", FETCH_DEADLINE="1")
    with FeedServer() as server:
        url = server.serve("/slow", dribble(40, 0.2))
        started = time.monotonic()
        # The job runs inside this request here (immediate mode): the deadline bounds it all the same.
        response = post(editor_client, "/imports", {"url": url, "format": "rss", "kind": "article"},
                        follow_redirects=True)
        elapsed = time.monotonic() - started
    assert "Rien n’a été importé" in response.get_data(as_text=True) and elapsed < 4.5  # 8 s to send in full
    assert "1\u00a0secondes" in response.get_data(as_text=True) or "1 secondes" in response.get_data(as_text=True)


# 4. Medium — address filter gaps: only global addresses, including the IPv4 inside IPv6 forms ------------


@pytest.mark.parametrize("address", [
    "100.64.0.1", "100.127.255.254",  # shared address space (carrier-grade NAT)
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # IPv4-mapped
    "2002:7f00:1::1", "2002:a00:1::1", "2002:a9fe:a9fe::1",  # 6to4 of 127.0.0.1, 10.0.0.1, 169.254.169.254
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    "2001:0:a00:1:8000:63bf:a2b5:2bc6",  # Teredo, server 10.0.0.1
    "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",  # NAT64 of 127.0.0.1 and of the cloud metadata address
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.1", "255.255.255.255",
    "224.0.0.1", "239.255.255.250", "::1", "::", "fe80::1", "fc00::1", "ff02::1", "192.0.2.1", "::127.0.0.1",
    "64:ff9b:1::7f00:1", "64:ff9b:1::5db8:d822",  # NAT64 local-use prefix: a translator inside the network
    "::ffff:0:7f00:1", "::ffff:0:a00:1",  # SIIT (IPv4-translated) forms of 127.0.0.1 and 10.0.0.1
    "fec0::1", "fec0:1::a",  # site-local
])
def test_addresses_that_lead_inside_are_refused(app, address) -> None:
    with app.test_request_context():
        with pytest.raises(ImportFailed, match="privée ou locale"):
            fetch("http://feed.example/feed/", resolver=lambda host, port: [address])
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "2002:5db8:d822::1",
                                     "::ffff:93.184.216.34"])
def test_global_addresses_pass_the_check(address) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_a_name_with_one_internal_address_among_public_ones_is_refused(app) -> None:
    with app.test_request_context(), pytest.raises(ImportFailed) as refused:
        fetch("http://feed.example/", resolver=lambda host, port: ["93.184.216.34", "100.64.0.7"])
    # named, but not where it leads: an editor must not map the network's internal names this way
    assert "feed.example" in refused.value.message and "100.64" not in refused.value.message


# 5. Medium — sessions survive logout: server-side sessions, revocable -------------------------------------


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _with_cookie(app, value: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def _opens_library(client: FlaskClient) -> bool:
    response = client.get("/articles")
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_a_cookie_copied_before_logout_is_refused_after_it(app, client, editor) -> None:
    login(client, editor.email)
    copied = _session_cookie(client)
    assert _opens_library(_with_cookie(app, copied))
    post(client, "/logout")
    assert not _opens_library(_with_cookie(app, copied))


def test_logging_in_rotates_the_session_and_its_csrf_token(app, client, editor) -> None:
    csrf_token(client, "/login")
    with client.session_transaction() as before:
        token_before = before["csrf_token"]
    login(client, editor.email)
    first = _session_cookie(client)
    with client.session_transaction() as after:
        assert after.get("csrf_token") != token_before and after.get("sid")
    post(client, "/logout")
    login(client, editor.email)
    assert _session_cookie(client) != first
    assert not _opens_library(_with_cookie(app, first))


def test_a_role_change_ends_every_session_of_that_user(app, admin_client, editor) -> None:
    editors = [app.test_client(), app.test_client()]
    for browser in editors:
        login(browser, editor.email)
        assert _opens_library(browser)
    with app.app_context():
        version = db.session.get(User, editor.id).version
    post(admin_client, f"/users/{editor.id}/role", {"role": "admin", "version": version})
    assert [_opens_library(browser) for browser in editors] == [False, False]
    assert _opens_library(admin_client)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, client, editor) -> None:
    elsewhere = app.test_client()
    login(elsewhere, editor.email)
    login(client, editor.email)
    response = post(client, "/account/password", {"current_password": PASSWORD,
                                                  "new_password": "une phrase de passe neuve",
                                                  "confirm": "une phrase de passe neuve"})
    assert response.status_code == 302
    assert _opens_library(client) and not _opens_library(elsewhere)
    assert login(app.test_client(), editor.email, "une phrase de passe neuve").status_code == 302


# 6. Medium — locking someone out: disable, enable, revoke tokens, delete, own password -----------------------


def _api_status(app, token: str) -> int:
    return app.test_client().get("/api/v1/articles", headers={"Authorization": f"Bearer {token}"}).status_code


def _token_for(app, user_id: int) -> str:
    with app.app_context():
        return create_token(db.session.get(User, user_id), "script")[1]


def test_a_disabled_user_is_out_at_once_and_back_when_enabled(app, admin_client, editor) -> None:
    browser = app.test_client()
    login(browser, editor.email)
    token = _token_for(app, editor.id)
    assert _opens_library(browser) and _api_status(app, token) == 200
    response = post(admin_client, f"/users/{editor.id}/disable")
    assert response.status_code == 302
    assert "désactivé" in admin_client.get("/users").get_data(as_text=True)
    assert not _opens_library(browser)
    assert _api_status(app, token) == 401
    refused = login(app.test_client(), editor.email)
    assert refused.status_code == 401 and "désactivé" in refused.get_data(as_text=True)
    post(admin_client, f"/users/{editor.id}/enable")
    assert login(app.test_client(), editor.email).status_code == 302
    assert _api_status(app, token) == 200
    assert not _opens_library(browser)  # the old session stays ended: log in again


def test_admins_cannot_lock_themselves_out_nor_the_last_admin(app, admin_client, admin) -> None:
    response = post(admin_client, f"/users/{admin.id}/disable")
    assert response.status_code == 409
    assert _opens_library(admin_client)
    response = post(admin_client, f"/users/{admin.id}/delete")
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(User, admin.id).disabled_at is None


def test_an_admin_revokes_another_users_tokens(app, admin_client, editor) -> None:
    tokens = [_token_for(app, editor.id), _token_for(app, editor.id)]
    assert [_api_status(app, t) for t in tokens] == [200, 200]
    response = post(admin_client, f"/users/{editor.id}/tokens/revoke")
    assert response.status_code == 302
    assert [_api_status(app, t) for t in tokens] == [401, 401]


def test_delete_removes_a_user_without_history_and_anonymises_one_with_history(app, admin_client, editor) -> None:
    with app.app_context():
        other = create_user("pigiste@example.org", PASSWORD, "editor", "Pigiste")
        other_id = other.id
        author = db.session.get(User, editor.id)
        library.create_article(library.ArticleData(title="Mali : la saison des pluies"), author)
    post(admin_client, f"/users/{other_id}/delete")
    post(admin_client, f"/users/{editor.id}/delete")
    with app.app_context():
        assert db.session.get(User, other_id) is None
        kept = db.session.get(User, editor.id)
        assert kept is not None and kept.email != editor.email and "Awa" not in kept.name
        assert kept.disabled_at is not None
        revision = db.session.scalar(select(Revision).where(Revision.user_id == editor.id))
        assert revision is not None  # the history still says it was that (now anonymous) person
    assert login(app.test_client(), editor.email).status_code == 401
    page = admin_client.get("/users").get_data(as_text=True)
    assert editor.email not in page and "pigiste@example.org" not in page


def test_users_change_their_own_password_with_the_current_one(app, editor_client, editor) -> None:
    wrong = post(editor_client, "/account/password", {"current_password": "pas-le-bon",
                                                       "new_password": "une phrase de passe neuve",
                                                       "confirm": "une phrase de passe neuve"})
    assert wrong.status_code == 422 and "actuel" in wrong.get_data(as_text=True)
    assert login(app.test_client(), editor.email).status_code == 302  # unchanged
    right = post(editor_client, "/account/password", {"current_password": PASSWORD,
                                                       "new_password": "une phrase de passe neuve",
                                                       "confirm": "une phrase de passe neuve"})
    assert right.status_code == 302
    assert login(app.test_client(), editor.email).status_code == 401
    assert login(app.test_client(), editor.email, "une phrase de passe neuve").status_code == 302


def test_disable_and_enable_user_on_the_command_line(app, runner, editor) -> None:
    result = runner.invoke(args=["disable-user", editor.email.upper()])
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), editor.email).status_code == 401
    result = runner.invoke(args=["enable-user", editor.email])
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), editor.email).status_code == 302
    unknown = runner.invoke(args=["disable-user", "personne@example.org"])
    assert unknown.exit_code == 1 and len(unknown.output.strip().splitlines()) == 1


# 7. Low-Medium — an import never overwrites a hand-written article ---------------------------------------


def test_an_import_keeps_a_hand_written_article_with_the_same_url(app) -> None:
    url_of_item = "https://horizon-sahel.example/securite/mali-anefis"
    with FeedServer() as server:
        feed = server.serve("/feed/", (FIXTURES / "feed.rss").read_bytes())
        with app.app_context():
            written = library.create_article(library.ArticleData(
                title="Anéfis : notre récit", lead="Écrit par la rédaction.", canonical_url=url_of_item))
            result, _run = run_import(feed, "rss", None, None, None, ImportOptions(allow_private=True))
            assert result.updated == 0 and result.imported == 2
            assert any("Anéfis : notre récit" in m and "conservée" in m for m in result.messages)
            db.session.expire_all()
            kept = db.session.get(Article, written.id)
            assert (kept.title, kept.lead, kept.version) == ("Anéfis : notre récit", "Écrit par la rédaction.", 1)
            again, _run = run_import(feed, "rss", None, None, None, ImportOptions(allow_private=True))
            assert again.updated == 0 and db.session.get(Article, written.id).title == "Anéfis : notre récit"


# 8. Low — login timing does not tell which emails exist -------------------------------------------------


def test_an_unknown_email_takes_as_long_to_refuse_as_a_wrong_password(app, client, editor) -> None:
    def slowest_of_fastest(email: str) -> float:
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assert login(client, email, "pas-le-bon-mot-de-passe").status_code == 401
            times.append(time.perf_counter() - started)
        return min(times)

    login(client, "echauffement@example.org", "x")  # the first request pays for loading templates
    known, unknown = slowest_of_fastest(editor.email), slowest_of_fastest("personne@example.org")
    assert unknown > 0.6 * known, (known, unknown)


# 9. Low — a mailing-service key goes only where it was entered for -------------------------------------


def _listmonk(admin_client, base_url: str, secret: str = "") -> Any:
    return post(admin_client, "/settings/services", {"service": "listmonk", "base_url": base_url,
                                                     "username": "composer", "secret": secret, "list_ids": "3"})


def test_changing_a_services_address_asks_for_its_key_again(app, admin_client) -> None:
    assert _listmonk(admin_client, "https://listmonk.example.org", "s3cret-token").status_code == 302
    moved = _listmonk(admin_client, "https://collecte.example.net")
    assert moved.status_code == 422 and "clé" in moved.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ServiceAccount.base_url)) == "https://listmonk.example.org"
    assert _listmonk(admin_client, "https://listmonk.example.org/").status_code == 302  # same address: kept
    assert _listmonk(admin_client, "https://collecte.example.net", "autre-cle").status_code == 302


@pytest.mark.parametrize("base_url", ["http://listmonk.example.org", "https://127.0.0.1:9000", "https://10.0.0.5",
                                      "https://[::1]/", "https://localhost", "https://100.64.1.1",
                                      "ftp://listmonk.example.org"])
def test_a_service_address_must_be_https_and_public(app, admin_client, base_url) -> None:
    response = _listmonk(admin_client, base_url, "s3cret-token")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ServiceAccount)) == 0


def test_a_key_is_never_sent_to_a_private_address_saved_earlier(app, editor_client) -> None:
    from tests.test_esp import FakeService

    fake = FakeService()
    try:
        fake.answer("POST", "/api/campaigns", (200, {"data": {"id": 1}}))
        with app.app_context():
            demo_issue_id = _demo_issue()
            # Saved before the fix (or with ESP_ALLOW_LOCAL on, since turned off): a loopback address.
            app.config["ESP_ALLOW_LOCAL"] = True
            esp.save_account("listmonk", "s3cret-token", app.config, base_url=fake.url, username="composer")
            app.config["ESP_ALLOW_LOCAL"] = False
            with pytest.raises(DomainError, match="127.0.0.1|https"):
                esp.push_issue(db.session.get(Issue, demo_issue_id), "listmonk", BRAND, app.config)
        assert fake.requests == []
    finally:
        fake.httpd.shutdown()
        fake.httpd.server_close()


def test_a_local_listmonk_works_when_the_development_setting_allows_it(app, admin_client) -> None:
    app.config["ESP_ALLOW_LOCAL"] = True
    assert _listmonk(admin_client, "http://127.0.0.1:9000", "s3cret-token").status_code == 302


def _demo_issue() -> int:
    from composer.demo import seed

    seed()
    return db.session.scalar(select(Issue.id))


# 10. Low — input that crashed or broke things ---------------------------------------------------------


def _draft(app) -> tuple[int, int]:
    with app.app_context():
        issue = make_issue(subject="Sahel : l’essentiel")
        editing.add_item(issue, make_article("Mali : la route de Kidal", canonical_url="https://e.org/k").id,
                          "lead", issue.version, None)
        return issue.id, db.session.get(Issue, issue.id).version


@pytest.mark.parametrize("field", ["subject", "preheader"])
def test_a_line_break_in_a_subject_or_preheader_is_a_field_error(app, editor_client, field) -> None:
    issue_id, version = _draft(app)
    form = {"title": "Lettre", "issue_date": "2026-11-26", "language": "fr", "intro": "", "subject": "Objet",
            "preheader": "", "version": version, field: "Objet\r\nBcc: tout-le-monde@example.org"}
    response = post(editor_client, f"/issues/{issue_id}", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "retour à la ligne" in page
    with app.app_context():
        assert "Bcc" not in getattr(db.session.get(Issue, issue_id), field)
    assert editor_client.get(f"/issues/{issue_id}/export?format=eml").status_code == 200


def test_the_api_refuses_a_line_break_in_a_subject(app, editor) -> None:
    issue_id, version = _draft(app)
    token = _token_for(app, editor.id)
    response = app.test_client().patch(f"/api/v1/issues/{issue_id}", json={"subject": "Objet\nX-Evil: 1"},
                                       headers={"Authorization": f"Bearer {token}", "If-Match": f'"{version}"'})
    assert response.status_code == 422 and "subject" in response.json["error"]["fields"]
    render = app.test_client().get(f"/api/v1/issues/{issue_id}/render?format=eml",
                                   headers={"Authorization": f"Bearer {token}"})
    assert render.status_code == 200


def test_characters_xml_forbids_are_stripped_and_the_feed_stays_valid(app, client) -> None:
    with app.app_context():
        issue = make_issue(subject="Sahel\ufffe : la semaine\x0b décisive\uffff",
                           preheader="Pré-en-tête\x0c\ud800 du jour")
        article = make_article("Mali\ufffe : la route\x0b", canonical_url="https://e.org/m")
        editing.add_item(issue, article.id, "lead", issue.version, None)
        lifecycle.set_status(issue, "sent", db.session.get(Issue, issue.id).version, None,
                            Brand.from_mapping({}))
        stored = db.session.get(Issue, issue.id)
        assert (stored.subject, stored.preheader) == ("Sahel : la semaine décisive", "Pré-en-tête du jour")
        assert db.session.get(Article, article.id).title == "Mali : la route"
    feed = client.get("/archive/feed.xml")
    assert feed.status_code == 200
    root = SafeET.fromstring(feed.get_data())  # raises on a character XML forbids
    assert "Sahel : la semaine décisive" in "".join(root.itertext())


@pytest.mark.parametrize("url", ["/articles?page=99999999999999999999", "/articles?page=-5",
                                 "/issues/{issue}?lp=99999999999999999999"])
def test_a_page_number_too_large_is_not_a_server_error(app, editor_client, url) -> None:
    issue_id, _version = _draft(app)
    response = editor_client.get(url.format(issue=issue_id))
    assert response.status_code == 200


def test_a_search_of_thousands_of_words_is_capped_and_quick(app, editor_client) -> None:
    with app.app_context():
        for n in range(30):
            make_article(f"Sahel sécurité numéro {n}", lead="Kidal Gao Tombouctou Ménaka " * 5)
    words = " ".join(f"mot{n}" for n in range(1900))
    started = time.perf_counter()
    response = editor_client.get("/articles", query_string={"q": "sahel " + words})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and elapsed < 5, elapsed  # a loose bound: the machine may be busy
    assert "premiers mots" in response.get_data(as_text=True)


@pytest.mark.parametrize(("name", "content", "line"), [
    ("a.json", b'[{"title": "Bon"}, {"title": "Tags", "tags": 5}]', "élément 2"),
    ("b.json", b'[{"title": "Date", "published": 5}, {"title": "Bon"}]', "élément 1"),
    ("c.json", b'[{"title": "Objet", "kind": ["x"], "url": {"a": 1}}, {"title": "Bon"}]', "élément 1"),
    ("d.json", json.dumps([{"title": {"rendered": "Bon"}, "link": "https://e.org/1"},
                           {"title": {"rendered": "Lien"}, "link": {"href": "x"}}]).encode(), "article 2"),
    ("e.json", json.dumps([{"title": {"rendered": "Bon"}}, {"title": {"rendered": "Date"}, "date": 5,
                                                              "_embedded": "x"}]).encode(), "article 2"),
])
def test_a_malformed_row_of_an_upload_is_reported_by_its_line(app, editor_client, name, content, line) -> None:
    response = _upload(editor_client, name, content)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert line in page
    with app.app_context():
        assert db.session.scalar(select(Article.title)) == "Bon"


def test_an_xml_declaration_in_utf32_is_refused_with_its_reason(app, editor_client) -> None:
    feed = b'<?xml version="1.0" encoding="UTF-32"?><rss><channel><item><title>x</title></item></channel></rss>'
    response = _upload(editor_client, "flux.xml", feed)
    assert response.status_code == 422 and "encodage" in response.get_data(as_text=True)
    with app.app_context():
        assert count_articles() == 0


def _upload(client: FlaskClient, name: str, content: bytes) -> Any:
    data = {"csrf_token": csrf_token(client, "/imports"), "format": "", "kind": "article",
            "file": (io.BytesIO(content), name)}
    return client.post("/imports", data=data, content_type="multipart/form-data")


def test_a_subject_with_a_line_break_saved_before_the_fix_still_exports(app, editor_client) -> None:
    issue_id, _version = _draft(app)
    with app.app_context():
        db.session.get(Issue, issue_id).subject = "Objet\r\nBcc: tout-le-monde@example.org"
        db.session.commit()
    response = editor_client.get(f"/issues/{issue_id}/export?format=eml")
    assert response.status_code == 200
    headers = response.get_data().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers and b"Subject: Objet =?utf-8?q?Bcc" in headers  # one line, typography applied


# 11. Hardening ----------------------------------------------------------------------------------------


def test_the_app_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)
    debug = create_app({**config, "DEBUG": True})  # a developer's own `flask run --debug`
    assert debug.config["SECRET_KEY"]


def test_a_backup_with_secrets_is_readable_by_its_owner_only(app, runner, admin, tmp_path) -> None:
    target = tmp_path / "sauvegarde.jsonl"
    target.write_text("")
    target.chmod(0o644)  # an older file in its place keeps no wider mode
    result = runner.invoke(args=["backup", str(target), "--with-secrets"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "password_hash" in target.read_text(encoding="utf-8")


def _sent_issue(app) -> str:
    with app.app_context():
        issue = make_issue(subject="Sahel : la semaine décisive")
        editing.add_item(issue, make_article("Mali", canonical_url="https://e.org/mali").id, "lead",
                          issue.version, None)
        lifecycle.set_status(issue, "sent", db.session.get(Issue, issue.id).version, None, Brand.from_mapping({}))
        return str(db.session.get(Issue, issue.id).archive_key)


def test_feed_links_never_come_from_the_host_header(app, client) -> None:
    key = _sent_issue(app)
    forged = client.get("/archive/feed.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in forged and f"/archive/{key}" in forged
    app.config["PUBLIC_URL"] = "https://lettre.example.org/"
    feed = client.get("/archive/feed.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in feed
    assert f'<link href="https://lettre.example.org/archive/{key}"/>' in feed
    assert '<link rel="self" href="https://lettre.example.org/archive/feed.xml"/>' in feed


@pytest.mark.parametrize("password", ["court-9ca", "password1234", "1234567890", "azertyuiop", "motdepasse123",
                                      "redaction@example.org"])
def test_short_and_common_passwords_are_refused(app, admin_client, password) -> None:
    response = post(admin_client, "/users", {"email": "redaction@example.org", "name": "", "password": password,
                                             "role": "editor"})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        with pytest.raises(DomainError):
            create_user("redaction@example.org", password)


def test_a_new_password_follows_the_policy_too(app, editor_client) -> None:
    response = post(editor_client, "/account/password", {"current_password": PASSWORD, "new_password": "azerty123",
                                                         "confirm": "azerty123"})
    assert response.status_code == 422 and "10" in response.get_data(as_text=True)


def _self_signed(tmp_path: Path, name: str) -> tuple[Path, Path]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_https_to_the_pinned_address_sends_the_name_in_sni_and_checks_the_certificate(app, tmp_path) -> None:
    import ssl

    cert, key = _self_signed(tmp_path, "feed.example")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        connection, _address = listener.accept()
        try:
            with context.wrap_socket(connection, server_side=True):
                pass
        except (ssl.SSLError, OSError):
            pass  # the client refuses our self-signed certificate, as it must

    threading.Thread(target=serve, daemon=True).start()
    try:
        with app.test_request_context(), pytest.raises(ImportFailed, match="certificat n’est pas valable pour ce nom"):
            fetch(f"https://feed.example:{listener.getsockname()[1]}/", allow_private=True,
                  resolver=lambda host, port: ["127.0.0.1"], deadline=Deadline(5))
    finally:
        listener.close()
    assert names == ["feed.example"]


def test_a_mailchimp_key_cannot_name_another_host(app) -> None:
    with app.app_context():
        issue_id = _demo_issue()
        esp.save_account("mailchimp", "abc123-evil.example/x#", app.config, list_ids="l1")
        with pytest.raises(DomainError, match="us21"):
            esp.push_issue(db.session.get(Issue, issue_id), "mailchimp", BRAND, app.config)


def test_a_session_past_its_lifetime_opens_nothing_and_is_cleared_at_the_next_login(app, client, editor) -> None:
    from datetime import timedelta

    from composer.models import UserSession

    login(client, editor.email)
    with app.app_context():
        for row in db.session.scalars(select(UserSession)):
            row.created_at -= app.permanent_session_lifetime + timedelta(minutes=1)
        db.session.commit()
    assert not _opens_library(client)
    login(app.test_client(), editor.email)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_a_forged_form_from_another_site_never_comes_back_with_a_valid_token(app, admin, editor) -> None:
    """An admin lured to a page that posts « make this editor an admin » to Composer: the browser sends it
    without the session cookie (SameSite=Lax), and the answer must not be a form holding a valid token that
    one click on « Envoyer à nouveau » would send as the admin."""
    from composer.models import User

    with app.app_context():
        editor_id = db.session.scalar(select(User.id).where(User.email == editor.email))
    browser = app.test_client()
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"},
                    {"Origin": "https://evil.example"}, {"Origin": "null"}, {}):
        answer = browser.post(f"/users/{editor_id}/role", data={"role": "admin"}, headers=headers)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 403, headers
        assert "csrf_token" not in page and "Envoyer à nouveau" not in page
        assert "pas été envoyé depuis une page de Composer" in page
    answer = browser.post(f"/users/{editor_id}/role", data={"role": "admin"},
                          headers={"Origin": "http://localhost"})  # from our own page: the text comes back
    assert answer.status_code == 401 and "csrf_token" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, editor_id).role == "editor"

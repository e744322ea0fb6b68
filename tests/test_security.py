"""Issue #18 "Safe to deploy": each finding of the attack on the app, reproduced as an editor (or an admin)
would, against the real app, a real database and real local servers."""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from composer.extensions import db
from composer.ingest import ImportFailed
from composer.ingest.fetch import Deadline, fetch, is_public
from composer.ingest.importer import ImportOptions, run_import
from composer.models import Article, FeedSource, ImportRun
from tests.conftest import post
from tests.feedserver import FeedServer, dribble

FIXTURES = Path(__file__).parent / "fixtures"


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
    assert response.status_code == 302
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
        with pytest.raises(ImportFailed, match="127.0.0.2"):
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
        assert time.monotonic() - started < 3  # 40 reads of 0.2 s each: every read is fast, the whole is 8 s


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
        assert time.monotonic() - started < 3
    finally:
        stop.set()
        listener.close()


def test_the_import_form_answers_within_the_configured_deadline(app, editor_client) -> None:
    app.config.update(INGEST_ALLOW_PRIVATE="1", FETCH_DEADLINE="1")
    with FeedServer() as server:
        url = server.serve("/slow", dribble(40, 0.2))
        started = time.monotonic()
        response = post(editor_client, "/imports", {"url": url, "format": "rss", "kind": "article"})
        elapsed = time.monotonic() - started
    assert response.status_code == 422 and elapsed < 3
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
    with app.test_request_context(), pytest.raises(ImportFailed, match="100.64.0.7"):
        fetch("http://feed.example/", resolver=lambda host, port: ["93.184.216.34", "100.64.0.7"])

"""The one way Composer reaches another server (imports, mailing services): http(s) only, global addresses only,
a size limit, few redirects, a deadline for the whole exchange.

Each hop resolves its host once, checks every address it got, and connects to the address it checked (the
request still carries the host name in Host and, over TLS, in SNI and the certificate check): a name that
answers a public address first and 127.0.0.1 next (DNS rebinding) never reaches an internal service.
"""
from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from flask_babel import gettext as _

from composer.errors import network_reason
from composer.ingest import ImportFailed

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 15.0  # the longest wait for one read
DEFAULT_DEADLINE = 30.0  # the longest a whole fetch (an import's fetches together) may take: FETCH_DEADLINE
USER_AGENT = "Composer newsletter importer (+https://example.org/composer)"
REDIRECTS = (301, 302, 303, 307, 308)

# Addresses that is_global lets through but that lead inside: shared address space (carrier-grade NAT), and
# the IPv6 forms that carry an IPv4 address (NAT64's well-known prefix; 6to4, Teredo and IPv4-mapped are
# read by the ipaddress module).
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT ::ffff:0:a.b.c.d
# IPv6 outside these carries no IPv4 and is not global unicast (site-local fec0::/10, NAT64's local-use
# 64:ff9b:1::/48…), whatever is_global says of it.
GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for host, in its order, each once."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str
    headers: dict[str, str]
    status: int = 200
    reason: str = "OK"


class Deadline:
    """A time limit shared by every step of a fetch (and by the several fetches of one import)."""

    def __init__(self, seconds: float = DEFAULT_DEADLINE) -> None:
        self.seconds = float(seconds)
        self.end = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def failure(self, url: str) -> ImportFailed:
        return ImportFailed(_("%(url)s did not answer in full within %(n)s seconds; stopped",
                              url=url[:200], n=f"{self.seconds:g}"))


def embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (IPv4-mapped, -compatible, 6to4, Teredo, NAT64): where it
    leads."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        found.extend(address.teredo)
    if address in NAT64 or address in IPV4_COMPATIBLE or address in IPV4_TRANSLATED:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public(address: IPAddress) -> bool:
    """A global unicast address, and so is every IPv4 address inside it."""
    inside = embedded_ipv4(address)
    if isinstance(address, ipaddress.IPv6Address) and address not in GLOBAL_UNICAST and not inside:
        return False
    for candidate in (address, *inside):
        if not candidate.is_global or candidate.is_multicast or candidate in SHARED_ADDRESS_SPACE:
            return False
    return True


def check_address(host: str, raw: str, allow_private: bool, trusted: Iterable[Network] = ()) -> IPAddress:
    """The address, if a fetch may connect to it; otherwise ImportFailed saying why."""
    try:
        address = ipaddress.ip_address(raw.split("%", 1)[0])
    except ValueError as exc:
        raise ImportFailed(_("cannot resolve %(host)s: %(reason)s", host=host, reason=raw)) from exc
    if allow_private or is_public(address) or any(address in network for network in trusted):
        return address
    # Never the address itself: an editor would learn the network's internal names.
    raise ImportFailed(_("%(host)s points to a private or local address; refused", host=host))


def refuse_named_inside(url: str, allow_private: bool = False) -> None:
    """Refuse at once an address whose host is written as an inside address (127.0.0.1, 0x7f000001, [::1],
    localhost): a source saved with one would fail at every poll. Names are checked when fetched."""
    host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    if allow_private or not host:
        return
    address: IPAddress | None = None
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        try:  # the forms inet_aton reads: 127.1, 0x7f000001, 2130706433
            address = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            address = None
    if host == "localhost" or host.endswith(".localhost") or (address is not None and not is_public(address)):
        raise ImportFailed(_("%(host)s points to a private or local address; refused", host=host))


def _in_time(deadline: Deadline, url: str, work: Callable[[], Any]) -> Any:
    """work() in a helper thread, waited for no longer than the deadline (a resolver can hang for a minute)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except Exception as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(max(0.0, deadline.remaining()))
    if worker.is_alive():
        raise deadline.failure(url)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to one checked address; Host stays the URL's host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.raw = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to one checked address; SNI and the certificate check use the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        self.tls = ssl.create_default_context()  # verifies the certificate, for the host name
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.raw = self.tls.wrap_socket(sock, server_hostname=self.host)


def _cut(connection: _PinnedHTTPConnection | _PinnedHTTPSConnection) -> None:
    """At the deadline: end the connection under whatever read is waiting on it."""
    if connection.raw is not None:
        try:
            socket.socket.shutdown(connection.raw, socket.SHUT_RDWR)
        except OSError:
            pass


def _too_large(max_bytes: int) -> ImportFailed:
    return ImportFailed(_("the response is over the %(kb)s KB limit", kb=max_bytes // 1024))


def _exchange(method: str, url: str, address: IPAddress, body: bytes | None, headers: dict[str, str],
              deadline: Deadline, per_read: float, max_bytes: int) -> Fetched:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    timeout = max(0.001, min(per_read, deadline.remaining()))
    connection: _PinnedHTTPConnection | _PinnedHTTPSConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(host, port, str(address), timeout)
    else:
        connection = _PinnedHTTPConnection(host, port, str(address), timeout)
    watchdog = threading.Timer(max(0.0, deadline.remaining()), _cut, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise _too_large(max_bytes)
        chunks, total = [], 0
        while True:
            if deadline.expired():
                raise deadline.failure(url)
            if connection.raw is not None:
                connection.raw.settimeout(max(0.001, min(per_read, deadline.remaining())))
            chunk = response.read1(64 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise _too_large(max_bytes)
            chunks.append(chunk)
        if deadline.expired():
            raise deadline.failure(url)
        response_headers = {k.lower(): v for k, v in response.getheaders()}
        return Fetched(url, b"".join(chunks), response_headers.get("content-type", ""), response_headers,
                       response.status, response.reason)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.expired():
            raise deadline.failure(url) from exc
        raise ImportFailed(_("cannot fetch %(url)s: %(reason)s", url=url, reason=network_reason(exc))) from exc
    finally:
        watchdog.cancel()
        connection.close()


def request(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False, trusted: Iterable[Network] = (),
            timeout: float = TIMEOUT, deadline: Deadline | None = None,
            resolver: Resolver = system_resolver) -> Fetched:
    """One HTTP exchange under the rules above, whatever the status it answers. A GET follows up to
    MAX_REDIRECTS redirects, each checked like the first address."""
    deadline = deadline or Deadline()
    trusted = tuple(trusted)
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            parts = urlsplit(current)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            parts, port = urlsplit(""), 0
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImportFailed(_("only http and https addresses can be imported, not %(url)s", url=current[:80]))
        host = parts.hostname
        if deadline.expired():
            raise deadline.failure(current)
        try:
            answers = _in_time(deadline, current, functools.partial(resolver, host, port))
        except (OSError, UnicodeError) as exc:
            raise ImportFailed(_("cannot resolve %(host)s: %(reason)s", host=host, reason=network_reason(exc))) \
                from exc
        if not answers:
            raise ImportFailed(_("cannot resolve %(host)s: %(reason)s", host=host, reason="-"))
        # Every address the name has must be allowed, not just the one we would use: and we use it, pinned.
        addresses = [check_address(host, str(raw), allow_private, trusted) for raw in answers]
        fetched = _exchange(method, current, addresses[0], body, sent, deadline, timeout, max_bytes)
        if method == "GET" and fetched.status in REDIRECTS and fetched.headers.get("location"):
            current = urljoin(current, fetched.headers["location"])
            continue
        return fetched
    raise ImportFailed(_("more than %(n)s redirects from %(url)s", n=MAX_REDIRECTS, url=url))


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False,
          trusted: Iterable[Network] = (), timeout: float = TIMEOUT, deadline: Deadline | None = None,
          accept: str = "*/*", resolver: Resolver = system_resolver) -> Fetched:
    """GET a source for an import: its content, or ImportFailed saying why not (a status other than 2xx too)."""
    fetched = request("GET", url, headers={"Accept": accept}, max_bytes=max_bytes, allow_private=allow_private,
                      trusted=trusted, timeout=timeout, deadline=deadline, resolver=resolver)
    if not 200 <= fetched.status < 300:
        raise ImportFailed(_("the server answered %(code)s %(reason)s for %(url)s", code=fetched.status,
                             reason=fetched.reason, url=fetched.url))
    return fetched

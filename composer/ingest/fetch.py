"""Safe fetching for imports: http(s) only, a timeout, a size limit, few redirects, no private addresses."""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from flask_babel import gettext as _

from composer.ingest import ImportFailed

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 15.0
USER_AGENT = "Composer newsletter importer (+https://example.org/composer)"


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str
    headers: dict[str, str]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # each hop is checked by fetch() itself


def _check_address(url: str, allow_private: bool) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportFailed(_("only http and https addresses can be imported, not %(url)s", url=url[:80]))
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as exc:
        raise ImportFailed(_("cannot resolve %(host)s: %(reason)s", host=parts.hostname, reason=exc.strerror)) from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified):
            raise ImportFailed(
                _("%(host)s points to a private or local address (%(address)s); refused", host=parts.hostname,
                  address=address))


def fetch(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private: bool = False,
          timeout: float = TIMEOUT, accept: str = "*/*") -> Fetched:
    opener = urllib.request.build_opener(_NoRedirect)
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        _check_address(current, allow_private)
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": accept})  # noqa: S310
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code in (301, 302, 303, 307, 308) and exc.headers.get("Location"):
                current = urljoin(current, exc.headers["Location"])
                continue
            raise ImportFailed(_("the server answered %(code)s %(reason)s for %(url)s", code=exc.code,
                                 reason=exc.reason, url=current)) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ImportFailed(_("cannot fetch %(url)s: %(reason)s", url=current, reason=reason)) from exc
        with response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ImportFailed(_("the response is over the %(kb)s KB limit", kb=max_bytes // 1024))
            chunks, total = [], 0
            while True:
                try:
                    chunk = response.read(64 * 1024)
                except (TimeoutError, OSError) as exc:
                    raise ImportFailed(_("cannot fetch %(url)s: %(reason)s", url=current, reason=exc)) from exc
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise ImportFailed(_("the response is over the %(kb)s KB limit", kb=max_bytes // 1024))
                chunks.append(chunk)
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Fetched(current, b"".join(chunks), headers.get("content-type", ""), headers)
    raise ImportFailed(_("more than %(n)s redirects from %(url)s", n=MAX_REDIRECTS, url=url))

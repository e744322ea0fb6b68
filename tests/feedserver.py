"""A real HTTP server on 127.0.0.1 for import tests: routes map a path to a status, headers and a body."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass
class Route:
    body: Body = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line: a server slow to answer at all


class FeedServer:
    """host and port choose where it listens (any loopback address; port 0: a free one)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.hosts: list[str] = []  # the Host header of each request
        self.heads: list[str] = []  # the paths asked with HEAD
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self) -> None:  # noqa: N802
                server.heads.append(self.path)
                self.answer(with_body=False)

            def do_GET(self) -> None:  # noqa: N802
                server.requests.append(self.path)
                server.hosts.append(self.headers.get("Host", ""))
                self.answer(with_body=True)

            def answer(self, with_body: bool) -> None:
                parts = urlsplit(self.path)
                route = server.routes.get(self.path) or server.routes.get(parts.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if isinstance(route.body, bytes):
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(route.body)
                    return
                if not with_body:
                    self.end_headers()
                    return
                self.end_headers()
                try:
                    for chunk in route.body():
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past its size limit

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        self.url = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, path: str, body: Body, status: int = 200, **headers: str) -> str:
        self.routes[path] = Route(body, status, {k.replace("_", "-"): v for k, v in headers.items()})
        return self.url + path

    def serve_slowly(self, path: str, seconds: float, body: bytes = b"") -> str:
        """A route that waits `seconds` before it answers at all."""
        self.routes[path] = Route(body, 200, {}, seconds)
        return self.url + path

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def dribble(total: int, every: float) -> Callable[[], Iterator[bytes]]:
    """A body sent one byte at a time, every `every` seconds: each read is quick, the whole is not."""
    def generate() -> Iterator[bytes]:
        for _ in range(total):
            time.sleep(every)
            yield b" "
    return generate


def endless(total: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    def generate() -> Iterator[bytes]:
        sent = 0
        while sent < total:
            yield b"<" * chunk
            sent += chunk
    return generate

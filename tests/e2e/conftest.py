"""Real-browser fixtures: the app served by a real HTTP server on a free localhost port, driven by
Playwright in Debian's Chromium (never a downloaded browser)."""
from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from composer.demo import seed
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium); .ci/run does")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class InFlight:
    """WSGI middleware that counts the requests being answered, so the server can stop once they are done."""

    def __init__(self, wsgi_app: Any) -> None:
        self.wsgi_app, self.count, self.changed = wsgi_app, 0, threading.Condition()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        with self.changed:
            self.count += 1
        try:
            return self.wsgi_app(environ, start_response)  # Flask has closed its app context on return
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_idle(self, timeout: float) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app with the French demo content, served on 127.0.0.1 on a free port. On teardown the server stops
    taking requests and waits for those it is answering (the browser may still be loading a frame), so none
    holds a database connection when the app's engine is disposed."""
    with app.app_context():
        seed()
    in_flight = InFlight(app.wsgi_app)
    app.wsgi_app = in_flight  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    in_flight.wait_idle(timeout=10)
    thread.join(timeout=5)


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    options.setdefault("locale", "fr-FR")
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(accept_downloads=True, **options)
    context.set_default_timeout(10_000)
    # Tests never reach the network: anything not on this machine (demo images…) is refused at once.
    context.route(re.compile(r"^(?!(http://127\.0\.0\.1[:/]|file:|data:|about:)).*"), lambda route: route.abort())
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def log_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

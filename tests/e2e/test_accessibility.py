"""axe-core in the real browser: no serious or critical violation on the editor's main pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import log_in, new_context

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/login", "/archive/", "/articles", "/articles?q=securite", "/articles/new", "/articles/1/edit",
         "/issues", "/issues/1", "/issues/1?edit=1", "/issues/1/preview", "/issues/1/preview?view=text",
         "/issues/1/export", "/settings", "/settings/services", "/users", "/account", "/account/tokens",
         "/account/password", "/imports", "/articles/paste", "/settings/imports", "/api/docs", "/issues/1/history",
         "/articles/1/history", "/trash", "/newsletters", "/newsletters/new", "/newsletters/1", "/issues/new",
         "/archive/horizon-sahel/"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.exists(), "run `npm ci` (make test does) to install axe-core"
    return AXE.read_text(encoding="utf-8")


def test_no_serious_or_critical_accessibility_violation(browser: Browser, live_server: str, admin,
                                                        axe_source: str) -> None:
    # axe is injected into the page under test only; the app's own CSP would rightly refuse it otherwise.
    context = new_context(browser, bypass_csp=True)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for path in PAGES:
        if path == "/login":
            page.goto(f"{live_server}{path}")
        else:
            if "/login" in page.url or page.url == "about:blank":
                log_in(page, live_server, admin.email)
            page.goto(f"{live_server}{path}")
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                 .filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
        if violations:
            problems[path] = violations
    context.close()
    assert problems == {}

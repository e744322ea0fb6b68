"""The exported email itself in a real browser: readable at phone and desktop widths, no sideways scrolling."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from composer.email.brand import Brand
from composer.email.profiles import PROFILES
from composer.email.render import render_issue
from composer.extensions import db
from composer.models import Issue
from tests.e2e.conftest import ARTIFACTS, new_context


@pytest.mark.parametrize("width", [375, 600])
def test_exported_html_fits_the_screen_without_horizontal_scrolling(app, live_server, browser: Browser,
                                                                    tmp_path, width: int) -> None:
    with app.app_context():
        issue = db.session.query(Issue).one()
        files = {}
        for profile in PROFILES:
            path = tmp_path / f"{profile}.html"
            path.write_text(render_issue(issue, profile, Brand.from_mapping({})).html, encoding="utf-8")
            files[profile] = path
    context = new_context(browser, viewport={"width": width, "height": 800})
    page = context.new_page()
    for profile, path in files.items():
        page.goto(path.as_uri())
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{profile} at {width}px scrolls sideways by {overflow}px"
        assert page.get_by_text("Revers majeur pour l’armée malienne dans la région de Kidal").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(files["generic"].as_uri())
    page.screenshot(path=str(ARTIFACTS / f"email-{width}px.png"), full_page=True)
    context.close()

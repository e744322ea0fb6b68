"""Each newsletter design in a real browser: no sideways scrolling from 320 to 800 px, light and dark, and
screenshots of the three presets at 375 and 600 px in tests/e2e/artifacts/."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from composer.demo import seed
from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.extensions import db
from composer.models import Issue
from tests.e2e.conftest import ARTIFACTS, new_context
from tests.e2e.test_email_clients import PHOTO_HOST, photo
from tests.test_designs import DESIGN_IDS, DESIGNS


@pytest.mark.parametrize("values", DESIGNS, ids=DESIGN_IDS)
def test_every_design_fits_from_320_to_800_px_in_light_and_dark(app, browser: Browser, tmp_path, values) -> None:
    with app.app_context():
        seed()
        issue = db.session.query(Issue).one()
        issue.newsletter.design = values
        db.session.commit()
        html = render_issue(issue, "generic", Brand.from_mapping({})).html
    path = tmp_path / "lettre.html"
    path.write_text(html, encoding="utf-8")
    body = photo()
    ARTIFACTS.mkdir(exist_ok=True)
    for dark in (False, True):
        context = new_context(browser, viewport={"width": 320, "height": 900},
                              color_scheme="dark" if dark else "light")
        context.route(PHOTO_HOST, lambda route: route.fulfill(body=body, content_type="image/jpeg"))
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        card = page.evaluate("() => getComputedStyle(document.querySelector('.bg-card')).backgroundColor")
        assert card == ("rgb(30, 30, 30)" if dark else "rgb(255, 255, 255)")
        for width in (320, 375, 600, 800):
            page.set_viewport_size({"width": width, "height": 900})
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{values} at {width}px scrolls sideways by {overflow}px"
            titles = page.locator("h3").evaluate_all("(els) => els.filter(e => e.getBoundingClientRect().width > 0)"
                                                     ".length")
            assert titles >= 8  # every story's title is there
            if not dark and width in (375, 600) and len(values) == 1:
                page.screenshot(path=str(ARTIFACTS / f"design-{values['preset']}-{width}px.png"), full_page=True)
        context.close()

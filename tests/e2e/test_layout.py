"""Layout in the real browser: the preview page's toggles, every page at 390 px without horizontal scroll, and
the compose page's first story above the fold at 1366×900. Screenshots in tests/e2e/artifacts/."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, screenshot


def test_the_preview_toggles_width_dark_mode_and_images_beside_the_test_send(page: Page, live_server: str,
                                                                             editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1/preview")
    line = page.locator(".inbox-line")
    expect(line).to_contain_text("Horizon Sahel")
    expect(line).to_contain_text("la semaine où tout a basculé")
    frame, send = page.locator("iframe.email-frame"), page.locator(".send-test-pane")
    expect(frame).to_have_attribute("width", "600")
    frame_box, send_box = frame.bounding_box(), send.bounding_box()
    assert frame_box and send_box and send_box["x"] > frame_box["x"] + frame_box["width"] - 1  # beside, not above
    assert frame_box["y"] + frame_box["height"] <= 900 + 1  # the frame scrolls on its own, within the screen
    screenshot(page, "preview-desktop")
    page.get_by_role("link", name="Mobile (375 px)").click()
    expect(frame).to_have_attribute("width", "375")
    page.get_by_label("Mode sombre").check()  # JavaScript applies the option at once (a GET form without it)
    expect(page).to_have_url(re.compile(r"dark=1"))
    expect(page.locator("iframe.email-frame")).to_have_attribute("src", re.compile(r"dark=1"))
    page.get_by_label("Sans images").check()
    expect(page).to_have_url(re.compile(r"images=0"))
    expect(page.locator("iframe.email-frame")).to_have_attribute("width", "375")
    screenshot(page, "preview-mobile-dark-no-images")
    page.get_by_role("link", name="Texte brut").click()
    expect(page.locator("pre.plain-text")).to_contain_text("Sahel")

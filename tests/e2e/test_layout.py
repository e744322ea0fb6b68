"""Layout in the real browser: the preview page's toggles, every page at 390 px without horizontal scroll, and
the compose page's first story above the fold at 1366×900. Screenshots in tests/e2e/artifacts/."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, log_in, new_context, screenshot


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


PHONE_PAGES = ["/articles", "/articles?q=securite", "/articles/new", "/articles/1", "/articles/1/edit",
               "/articles/paste", "/issues", "/issues/new", "/issues/1", "/issues/1/preview",
               "/issues/1/preview?view=mobile", "/issues/1/preview?view=text", "/issues/1/export", "/issues/1/history",
               "/articles/1/history", "/imports", "/settings", "/settings/services", "/settings/imports", "/users",
               "/account", "/account/tokens", "/account/password", "/trash", "/api/docs", "/no-such-page"]


def test_every_page_fits_a_390_px_phone_without_horizontal_scroll(browser, live_server: str, admin) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    screenshot(page, "phone-login")
    too_wide = {"/login": page.evaluate("document.documentElement.scrollWidth")}
    log_in(page, live_server, admin.email)
    for path in PHONE_PAGES:
        page.goto(f"{live_server}{path}")
        too_wide[path] = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, "phone" + re.sub(r"[^a-z0-9]+", "-", path))
    context.close()
    assert {path: width for path, width in too_wide.items() if width > 390} == {}


def test_the_phone_menu_folds_and_opens_without_javascript(browser, live_server: str, admin) -> None:
    context = new_context(browser, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/issues")
    library = page.locator("header.site").get_by_role("link", name="Bibliothèque")
    expect(library).to_be_hidden()
    page.locator("header.site summary").click()
    expect(library).to_be_visible()
    screenshot(page, "phone-menu-open")
    context.close()


def test_the_first_story_is_above_the_fold_at_1366_by_900(browser, live_server: str, editor) -> None:
    context = new_context(browser, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    first = page.locator("#stories li.item").first
    box = first.bounding_box()
    screenshot_top = page.screenshot(path=None)  # the first screen only, as the editor sees it
    (ARTIFACTS / "compose-1366x900.png").write_bytes(screenshot_top)
    assert box and box["y"] < 900 and box["y"] + 20 < 900  # its title is on the first screen
    details = page.locator("details.issue-details")
    expect(details).not_to_have_attribute("open", "")  # the demo issue has a subject: its details are folded
    expect(details.locator("summary")).to_contain_text("la semaine où tout a basculé")
    pane = page.locator("#library")
    assert pane.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert pane.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert pane.evaluate("e => e.scrollHeight > e.clientHeight")  # the library scrolls on its own
    details.locator("summary").click()
    expect(page.get_by_label("Objet")).to_be_visible()
    context.close()


def test_the_intro_is_rich_text_and_its_link_reaches_the_email(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    page.locator("details.issue-details > summary").click()
    intro = page.get_by_label("Introduction")
    expect(intro).to_have_js_property("tagName", "TRIX-EDITOR")
    expect(intro).to_contain_text("Bonjour, voici l’essentiel de la semaine")
    expect(page.locator("[data-unsaved]")).to_be_hidden()  # the editor's own HTML of the same text is no change
    intro.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("Lisez notre dossier sur Kidal cette semaine.")
    intro.evaluate("e => e.editor.setSelectedRange([12, 19])")  # « dossier »
    page.locator("trix-toolbar").get_by_role("button", name="Lien").click()
    page.locator("trix-toolbar input[name=href]").fill("https://example.org/dossier-kidal")
    page.locator("trix-toolbar input[name=href]").press("Enter")
    intro.evaluate("e => e.editor.setSelectedRange([0, 6])")  # « Lisez »
    page.locator("trix-toolbar").get_by_role("button", name="Gras").click()
    screenshot(page, "rich-text-intro")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Enregistré à")
    email = page.frame_locator(".preview-pane iframe.email-frame")
    expect(email.locator("a[href^='https://example.org/dossier-kidal']")).to_have_text("dossier")
    expect(email.locator("strong", has_text="Lisez")).to_have_count(1)
    page.reload()
    expect(page.get_by_label("Introduction")).to_contain_text("Lisez notre dossier sur Kidal")

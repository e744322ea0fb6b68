"""The exported email as readers' clients show it, in Debian's Chromium: light, dark and images off at 375 and
600 px (screenshots in tests/e2e/artifacts/), and an Outlook-like pass: the email with what Word ignores taken
away (padding on <a> and <div>, max-width, height:auto, background images, @media) and its [if mso] ghost
tables let in keeps the button's size and the spacing."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from composer.demo import seed
from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.extensions import db
from composer.models import Issue
from tests.e2e.conftest import ARTIFACTS, new_context

PHOTO_HOST = re.compile(r"^https://images\.example\.org/.*")
# What Outlook for Windows (Word) does not apply: these declarations are dropped from every style attribute.
WORD_IGNORES = """() => {
  for (const el of document.querySelectorAll('[style]')) {
    const s = el.style, tag = el.tagName;
    if (tag === 'A' || tag === 'DIV') { s.removeProperty('padding'); for (const side of ['top', 'right', 'bottom',
      'left']) s.removeProperty('padding-' + side); }
    s.removeProperty('max-width'); s.removeProperty('background-image');
    if (s.getPropertyValue('height') === 'auto') s.removeProperty('height');
  }
  for (const style of document.querySelectorAll('style')) style.textContent = '';
}"""
MEASURE = """() => {
  const box = (el) => el ? el.getBoundingClientRect() : null;
  const gap = (a, b) => (a && b) ? Math.round(box(b).top - box(a).bottom) : null;
  const button = document.querySelector('.button-link');
  const cell = button ? button.closest('td') : null;
  const h1 = document.querySelector('h1'), date = document.querySelector('.p-date');
  const item = document.querySelector('.h-item'), teaser = item && item.parentElement.querySelector('.p-teaser');
  const meta = document.querySelector('.p-meta'), opinion = meta && meta.parentElement.querySelector('.h-item');
  return {button: cell && [Math.round(box(cell).width), Math.round(box(cell).height)],
          text: button && [Math.round(box(button).width), Math.round(box(button).height)],
          masthead_to_date: gap(h1, date), title_to_teaser: gap(item, teaser), meta_to_title: gap(meta, opinion),
          image: (() => { const img = document.querySelector('img.fluid'); return img &&
            [Math.round(box(img).width), Math.round(box(img).height)]; })()};
}"""


def photo(width: int = 1200, height: int = 675) -> bytes:
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def as_outlook(html: str) -> str:
    """What Word reads: the [if mso] parts are part of the document."""
    return re.sub(r"<!--\[if mso\]>(.*?)<!\[endif\]-->", r"\1", html, flags=re.S)


@pytest.fixture
def demo_email(app, tmp_path) -> Path:
    with app.app_context():
        seed()
        html = render_issue(db.session.query(Issue).one(), "generic", Brand.from_mapping({})).html
    path = tmp_path / "lettre.html"
    path.write_text(html, encoding="utf-8")
    return path


def _open(browser: Browser, path: Path, width: int, dark: bool = False, images: bool = True) -> Page:
    context = new_context(browser, viewport={"width": width, "height": 900},
                          color_scheme="dark" if dark else "light")
    if images:  # the demo's pictures, served from memory (tests never reach the network)
        body = photo()
        context.route(PHOTO_HOST, lambda route: route.fulfill(body=body, content_type="image/jpeg"))
    page = context.new_page()
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize("width", [375, 600])
def test_light_dark_and_images_off_screenshots(browser: Browser, demo_email: Path, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for mode in ("light", "dark", "images-off"):
        page = _open(browser, demo_email, width, dark=mode == "dark", images=mode != "images-off")
        page.wait_for_load_state("load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{mode} at {width}px scrolls sideways by {overflow}px"
        card = page.evaluate("() => getComputedStyle(document.querySelector('.bg-card')).backgroundColor")
        assert card == ("rgb(30, 30, 30)" if mode == "dark" else "rgb(255, 255, 255)")
        img = page.locator("img.fluid")
        loaded = img.evaluate("(el) => el.complete && el.naturalWidth > 0")
        assert loaded is (mode != "images-off")
        if mode == "images-off":  # the alt text is styled, on the page-coloured cell
            style = img.evaluate("(el) => { const s = getComputedStyle(el); return [s.fontFamily, s.color]; }")
            assert style == ["Arial, Helvetica, sans-serif", "rgb(92, 92, 92)"]
            cell = img.evaluate("(el) => getComputedStyle(el.closest('td')).backgroundColor")
            assert cell == "rgb(242, 242, 239)"
        else:
            ratio = img.evaluate("(el) => el.getBoundingClientRect().width / el.getBoundingClientRect().height")
            assert ratio == pytest.approx(1200 / 675, rel=0.01)  # in proportion at every width
        page.screenshot(path=str(ARTIFACTS / f"email-{width}px-{mode}.png"), full_page=True)
        page.context.close()


def test_outlook_keeps_the_buttons_size_and_the_spacing(browser: Browser, demo_email: Path, tmp_path) -> None:
    word = tmp_path / "outlook.html"
    word.write_text(as_outlook(demo_email.read_text(encoding="utf-8")), encoding="utf-8")
    page = _open(browser, demo_email, 800)
    before = page.evaluate(MEASURE)
    page.context.close()
    page = _open(browser, word, 800)
    page.evaluate(WORD_IGNORES)
    after = page.evaluate(MEASURE)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "email-outlook-like.png"), full_page=True)
    page.context.close()
    assert before["button"][0] >= before["text"][0] + 44 and before["button"][1] >= before["text"][1] + 24
    assert all(before[k] and before[k] > 0 for k in ("masthead_to_date", "title_to_teaser", "meta_to_title"))
    image = before.pop("image"), after.pop("image")  # height:auto gives 310.5 px, the attribute 310
    assert after == before and abs(image[0][1] - image[1][1]) <= 1 and image[0][0] == image[1][0]


def test_the_outlook_like_check_catches_a_padded_link(browser: Browser, tmp_path) -> None:
    """The check has teeth: the button issue #19 found (padding on the link) shrinks to its text under it."""
    old = ('<!DOCTYPE html><html lang="fr"><body><table role="presentation"><tr><td bgcolor="#b3261e">'
           '<a class="button-link" href="https://example.org/" style="display:inline-block;padding:12px 22px;'
           'font-family:Arial;font-size:15px;line-height:20px">Lire l’article</a></td></tr></table></body></html>')
    path = tmp_path / "ancien.html"
    path.write_text(old, encoding="utf-8")
    page = _open(browser, path, 800, images=False)
    before = page.evaluate(MEASURE)
    page.evaluate(WORD_IGNORES)
    after = page.evaluate(MEASURE)
    page.context.close()
    assert after["button"][1] < before["button"][1] - 20

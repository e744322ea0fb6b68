"""The preview page without JavaScript: the inbox line, the frames and their options as links and a GET form,
the test send beside the email, the size with its unit in the interface's language."""
from __future__ import annotations

import re

import pytest

from composer.demo import seed
from tests.conftest import login


@pytest.fixture
def demo(app, client, editor):
    with app.app_context():
        seed()
    login(client, editor.email)
    return client


def test_the_inbox_line_shows_sender_subject_and_preheader_in_gmails_order(demo) -> None:
    page = demo.get("/issues/1/preview").get_data(as_text=True)
    sender = page.index('class="inbox-sender"')
    subject = page.index("Sahel\u00a0: la semaine où tout a basculé", sender)
    preheader = page.index("Kidal, l’uranium nigérien", subject)
    assert 'title="lettre@example.org"' in page and "Horizon Sahel" in page[sender:subject]
    assert preheader < page.index("<iframe")
    assert page.index("<iframe") < page.index('class="send-test"')  # the test send beside the email, not on top


def test_the_frames_are_375_and_600_px_and_the_options_travel_with_each_link(demo) -> None:
    desktop = demo.get("/issues/1/preview").get_data(as_text=True)
    assert 'width="600"' in desktop
    mobile = demo.get("/issues/1/preview?view=mobile&dark=1&images=0").get_data(as_text=True)
    assert 'width="375"' in mobile
    assert "/issues/1/preview?profile=generic&amp;view=desktop&amp;dark=1&amp;images=0" in mobile
    assert re.search(r'src="/issues/1/preview/email\?[^"]*dark=1[^"]*images=0', mobile)
    assert re.search(r'name="dark" value="1" checked', mobile) and re.search(r'name="images" value="0" checked',
                                                                            mobile)
    text = demo.get("/issues/1/preview?view=text").get_data(as_text=True)
    assert "<pre" in text and "<iframe" not in text and 'name="dark"' not in text


def test_dark_mode_applies_the_emails_dark_rules_and_images_off_blocks_images(demo) -> None:
    plain = demo.get("/issues/1/preview/email")
    assert "@media (prefers-color-scheme: dark)" in plain.get_data(as_text=True)
    assert "img-src https: data:" in plain.headers["Content-Security-Policy"]
    dark = demo.get("/issues/1/preview/email?dark=1&images=0")
    html = dark.get_data(as_text=True)
    assert "@media (prefers-color-scheme: dark)" not in html and "@media all" in html
    assert '<meta name="color-scheme" content="dark">' in html
    assert "img-src 'none'" in dark.headers["Content-Security-Policy"]
    assert "sandbox" in dark.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("language", "size"), [("fr", r"\d+,\d Ko sur 102 Ko"),
                                                ("en", r"\d+\.\d KB of 102 KB")])
def test_the_size_says_its_unit_in_the_interface_language(demo, language, size) -> None:
    page = demo.get("/issues/1/preview", headers={"Accept-Language": language}).get_data(as_text=True)
    assert re.search(size, page)

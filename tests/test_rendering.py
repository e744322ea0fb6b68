"""The one render path: HTML and text of an issue, per mailing-service profile."""
from __future__ import annotations

import email
import re
from email import policy

import pytest

from composer.email.brand import Brand
from composer.email.export import build_eml, export_issue
from composer.email.profiles import PROFILES
from composer.email.render import render_issue
from composer.issues import editing
from tests.factories import make_article, make_issue

BRAND = Brand.from_mapping({"unsubscribe_url": "https://example.org/desinscription",
                            "view_online_url": "https://example.org/lettre"})
TITLE = "Tribune\u00a0: «\u00a0Le franc CFA n’est plus un tabou\u00a0»"
LEAD = "L’économiste s’interroge\u00a0: faut-il sortir de la zone franc\u00a0?"


@pytest.fixture
def issue(app):
    with app.app_context():
        issue = make_issue(subject="Sahel\u00a0: la semaine où tout a basculé",
                           preheader="L’essentiel en cinq minutes", intro="<p>Bonjour à toutes et à tous.</p>")
        plan = [
            ("lead", make_article("Revers majeur pour l’armée malienne", lead="Une colonne est tombée.",
                                  canonical_url="https://example.org/kidal",
                                  image_url="https://images.example.org/kidal.jpg", image_alt="Soldats à Kidal")),
            ("news", make_article("Niger\u00a0: l’uranium au cœur d’un bras de fer", lead="Niamey retire un permis.",
                                  canonical_url="https://example.org/uranium")),
            ("opinions", make_article(TITLE, kind="opinion", lead=LEAD, author="Moussa Ouédraogo",
                                      canonical_url="https://example.org/tribune")),
            ("related", make_article("Mali\u00a0: Wagner remplacé", canonical_url="https://example.org/wagner")),
        ]
        for section, article in plan:
            editing.add_item(issue, article.id, section, issue.version, None)
        yield issue


def test_french_text_is_byte_exact_in_html_and_text(app, issue) -> None:
    with app.app_context():
        rendered = render_issue(issue, "generic", BRAND)
        for value in (TITLE, LEAD, "Moussa Ouédraogo", "Sahel\u00a0: la semaine où tout a basculé"):
            assert value in rendered.html
            assert value in rendered.text
        assert "&nbsp;" not in rendered.html.split("<body", 1)[1].split("preheader", 1)[0]
        assert 'lang="fr"' in rendered.html and "jeudi 26 novembre 2026" in rendered.html


def test_an_english_issue_speaks_english(app) -> None:
    with app.app_context():
        issue = make_issue(language="en")
        editing.add_item(issue, make_article("A story").id, "news", issue.version, None)
        rendered = render_issue(issue, "generic", BRAND)
        assert 'lang="en"' in rendered.html and "Thursday, November 26, 2026" in rendered.html
        assert "Unsubscribe" in rendered.html and "NEWS" in rendered.text


def test_plain_text_lists_every_title_and_url_in_order(app, issue) -> None:
    with app.app_context():
        text = render_issue(issue, "generic", BRAND).text
        expected = ["Revers majeur", "https://example.org/kidal", "Niger\u00a0: l’uranium",
                    "https://example.org/uranium", "Tribune", "https://example.org/tribune",
                    "Mali\u00a0: Wagner", "https://example.org/wagner", "https://example.org/desinscription"]
        positions = [text.index(piece) for piece in expected]
        assert positions == sorted(positions)
        assert "<" not in re.sub(r"<https?://[^<>\s]+>", "", text)  # no HTML left: links are `texte <URL>`
        assert all(len(line) <= 72 for line in text.splitlines() if " " in line and "http" not in line)


def test_css_is_inlined_and_only_media_rules_stay_in_the_head(app, issue) -> None:
    with app.app_context():
        html = render_issue(issue, "generic", BRAND).html
        styles = re.findall(r"<style>(.*?)</style>", html, re.S)
        assert len(styles) == 1 and styles[0].strip().startswith("@media")
        assert 'style="' in html and "font-family:Georgia" in html.replace(", ", ",")
        css = " ".join(re.findall(r'style="([^"]*)"', html) + styles + re.findall(r'bgcolor="([^"]*)"', html))
        assert "#" in css and re.search(r"#[0-9a-f]{3}\b(?![0-9a-f])", css, re.I) is None  # six-digit colours only
        assert "<!--[if mso]>" in html
        assert '<meta name="color-scheme" content="light dark">' in html
        assert "prefers-color-scheme: dark" in html


def test_images_have_alt_size_and_absolute_urls_and_a_story_without_image_still_reads(app, issue) -> None:
    with app.app_context():
        html = render_issue(issue, "generic", BRAND).html
        images = re.findall(r"<img [^>]*>", html)
        assert len(images) == 1
        assert 'alt="Soldats à Kidal"' in images[0] and 'width="552"' in images[0]
        assert 'src="https://images.example.org/kidal.jpg"' in images[0]
        assert "Niamey retire un permis." in html


@pytest.mark.parametrize("profile", list(PROFILES))
def test_merge_tags_come_out_byte_exact(app, issue, profile) -> None:
    expected = {
        "generic": ('href="https://example.org/desinscription"',
                    'href="https://example.org/lettre/2026-11-26-sahel-la-semaine-ou-tout-a-bascule"'),
        "mailchimp": ('href="*|UNSUB|*"', 'href="*|ARCHIVE|*"'),
        "brevo": ('href="{{ unsubscribe }}"', 'href="{{ mirror }}"'),
        "listmonk": ('href="{{ UnsubscribeURL }}"', 'href="{{ MessageURL }}"'),
        "sendgrid": ('href="{{{unsubscribe}}}"', None),
        "mailjet": ('href="[[UNSUB_LINK_FR]]"', None),
    }[profile]
    with app.app_context():
        rendered = render_issue(issue, profile, BRAND)
        unsubscribe, view_online = expected
        assert unsubscribe in rendered.html
        if view_online:
            assert view_online in rendered.html
        else:
            assert "navigateur" not in rendered.html


def test_mailjet_unsubscribe_tag_follows_the_issue_language(app) -> None:
    with app.app_context():
        issue = make_issue(language="en")
        assert "[[UNSUB_LINK_EN]]" in render_issue(issue, "mailjet", BRAND).html


def test_eml_is_multipart_alternative_text_first(app, issue) -> None:
    with app.app_context():
        raw = export_issue(issue, "eml", "generic", BRAND).content
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message.get_content_type() == "multipart/alternative"
        parts = [p.get_content_type() for p in message.iter_parts()]
        assert parts == ["text/plain", "text/html"]
        assert message["Subject"] == "Sahel\u00a0: la semaine où tout a basculé"
        assert b"=?utf-8?" in raw.split(b"\n\n", 1)[0].lower()
        assert message["List-Unsubscribe"] == "<https://example.org/desinscription>"
        assert message["List-Unsubscribe-Post"] is None  # a URL the same for everyone unsubscribes no one
        assert message["Content-Language"] == "fr"
        html_part = message.get_body(("html",)).get_content()
        assert TITLE in html_part


def test_export_file_names_use_date_and_slug(app, issue) -> None:
    with app.app_context():
        exported = export_issue(issue, "html", "generic", BRAND)
        assert exported.filename == "2026-11-26-sahel-la-semaine-ou-tout-a-bascule.html"
        assert build_eml(render_issue(issue, "generic", BRAND), BRAND, "fr", to="a@example.org")["To"]


FRENCH_SPACE_BEFORE_MARK = re.compile("[\u00a0\u202f][:;?!]")


def test_an_english_issue_has_no_french_spacing_and_a_french_one_has_it(app) -> None:
    with app.app_context():
        english = make_issue(language="en", subject="Sahel: the week", preheader="Five minutes")
        french = make_issue(subject="Sahel\u00a0: la semaine", preheader="Cinq minutes")
        for issue in (english, french):
            editing.add_item(issue, make_article("Kidal", lead="A town.",
                                                 image_url="https://images.example.org/k.jpg").id,
                             "lead", issue.version, None)
        brand = Brand.from_mapping({"unsubscribe_url": "https://example.org/u", "view_online_url": "https://example.org/v",
                                    "postal_address": "1 Main Street", "footer_text": "You subscribed."})
        text = render_issue(english, "generic", brand).text
        assert FRENCH_SPACE_BEFORE_MARK.search(text) is None, text
        assert re.search(r"View this email in your browser\s<https://example.org/v/", text)  # `texte <URL>`
        assert "To unsubscribe <https://example.org/u>" in text and "Sahel: the week" in text
        html = render_issue(english, "generic", brand).html
        assert FRENCH_SPACE_BEFORE_MARK.search(html.split("<body", 1)[1]) is None
        assert "Read the story<span" in html and ">: Kidal</span>" in html
        text = render_issue(french, "generic", brand).text
        assert re.search(r"Voir cette lettre dans le navigateur\s<https://example.org/v/", text)
        assert "Pour vous désinscrire <https://example.org/u>" in text and "Sahel\u00a0: la semaine" in text
        assert "Lire l’article<span" in render_issue(french, "generic", brand).html

"""The email, bulletproof (issue #19): what a reader would see in Outlook, with images off, in a screen reader,
in the plain-text part and in the .eml, checked through the export of every profile."""
from __future__ import annotations

import email
import re
from datetime import date
from email import policy

import pytest

from composer.email.brand import Brand
from composer.email.export import export_issue
from composer.email.lint import lint_email
from composer.email.profiles import PROFILES
from composer.issues import editing
from tests.factories import make_article, make_issue

BRAND = Brand.from_mapping({})
INTRO = ("<p>Bonjour, voici l'essentiel : <a href=\"https://example.org/dossier\">notre dossier</a>.</p>"
         "<h2>À lire aussi</h2><ul><li>Kidal : le point</li><li>Niamey et l'uranium</li></ul>"
         "<blockquote><p>« Une phrase citée »</p></blockquote><p>Bonne lecture !</p>")


def _issue(**fields) -> object:
    issue = make_issue(subject="Sahel : la semaine où tout a basculé", intro=INTRO, **fields)
    plan = [("lead", "Revers majeur pour l'armée malienne", "https://example.org/kidal"),
            ("news", "Bénin : le nord sous pression après une attaque meurtrière près du parc W",
             "https://example.org/benin"),
            ("opinions", "Tribune : « Le franc CFA n'est plus un tabou »", "https://example.org/cfa"),
            ("related", "Mali : Wagner remplacé", "https://example.org/wagner")]
    for section, title, url in plan:
        article = make_article(title, lead="Une colonne est tombée : le bilan reste incertain.", canonical_url=url,
                               kind="opinion" if section == "opinions" else "article", author="Moussa Ouédraogo")
        editing.add_item(issue, article.id, section, issue.version, None)
    return issue


def _html(issue, profile: str = "generic", brand: Brand = BRAND) -> str:
    return export_issue(issue, "html", profile, brand).content.decode()


def _styles(html: str, tag: str) -> list[str | None]:
    """The style attribute of every <tag> in the body (None where it has none)."""
    body = html.split("<body", 1)[1]
    return [(re.search(r'\sstyle="([^"]*)"', attrs) or [None, None])[1]
            for attrs in re.findall(rf"<{tag}\b([^>]*)>", body)]


@pytest.mark.parametrize("profile", list(PROFILES))
def test_the_button_is_a_padded_cell_and_nothing_pads_a_link_or_a_div(app, profile) -> None:
    with app.app_context():
        html = _html(_issue(), profile)
    cell = re.search(r'<td class="button-cell"[^>]*style="([^"]*)"[^>]*><a class="button-link"[^>]*style="([^"]*)"',
                     html)
    assert cell, "the button is a table cell around its link"
    assert "padding:12px 22px" in cell[1] and "mso-padding-alt:12px 22px" in cell[1]
    assert "padding" not in cell[2]
    for tag in ("a", "div"):
        assert not [s for s in _styles(html, tag) if s and re.search(r"padding[-a-z]*:\s*[^;]*[1-9]", s)]
    assert [f for f in lint_email(html) if f.rule in ("padding", "headings", "img-size", "img-alt")] == []


def test_the_lint_refuses_what_issue_19_found() -> None:
    broken = ('<!DOCTYPE html><html lang="fr"><body><h2>Section</h2><h3>Sujet</h3>'
              '<table role="presentation"><tr><td><a class="button-link" href="https://x.org" '
              'style="display:inline-block;padding:12px 22px">Lire</a><div style="padding-top:6px">chapô</div>'
              '<img src="https://x.org/a.jpg" width="552" height="311" alt="Une photo" style="display:block">'
              '<h1>Lettre</h1><h4>Trop bas</h4></td></tr></table></body></html>')
    messages = {f.rule: [] for f in lint_email(broken)}
    for finding in lint_email(broken):
        messages[finding.rule].append(finding.message)
    assert any("<a>" in m for m in messages["padding"]) and any("<div>" in m for m in messages["padding"])
    assert any("height:auto" in m for m in messages["img-size"])
    assert any("font and colour" in m for m in messages["img-alt"])
    assert any("before the <h1>" in m for m in messages["headings"])
    without_h1 = lint_email(broken.replace("<h1>Lettre</h1>", ""))
    assert any(f.rule == "headings" and f.message.startswith("0 <h1>") for f in without_h1)
    skipping = lint_email(broken.replace("<h2>Section</h2><h3>Sujet</h3>", ""))
    assert any(f.rule == "headings" and "<h4> right after <h1>" in f.message for f in skipping)


def test_one_h1_sections_as_h2_and_stories_as_h3(app) -> None:
    with app.app_context():
        html = _html(_issue())
    outline = re.findall(r"<(h[1-6])\b[^>]*>(.*?)</\1>", html, re.S)
    levels = [tag for tag, _ in outline]
    assert levels == ["h1", "h2", "h3", "h2", "h3", "h2", "h3", "h2", "h3"]
    assert "Horizon Sahel" in outline[0][1]
    assert [re.sub("<[^>]+>", "", text) for tag, text in outline if tag == "h2"] == [
        "À la une", "Actualités", "Opinions", "Du même sujet"]


def test_the_intro_gets_the_emails_own_style_for_each_tag(app) -> None:
    with app.app_context():
        html = _html(_issue())
    intro = html.split('class="rt-p"', 1)[1].split("</td>", 1)[0]
    intro = '<p class="rt-p"' + intro
    for tag in ("p", "a", "ul", "li", "blockquote"):
        styles = re.findall(rf'<{tag}\b[^>]*style="([^"]*)"', intro)
        assert styles and len(styles) == len(re.findall(rf"<{tag}\b", intro)), tag
    assert all("font-family:" in s and "color:" in s for s in re.findall(r'<(?:p|li)\b[^>]*style="([^"]*)"', intro))
    assert re.search(r'<a class="rt-a" href="https://example.org/dossier" style="color:#b3261e', intro)
    assert "<h2" not in intro and 'class="rt-h"' in intro  # the intro's heading adds nothing to the outline
    assert re.findall(r'<p class="rt-p" style="[^"]*margin-bottom:0">Bonne lecture\u00a0!</p>', intro)
    assert "«\u00a0Une phrase citée\u00a0»" in intro and "l’essentiel\u00a0:" in intro


def test_the_text_part_reads_as_text(app) -> None:
    with app.app_context():
        text = export_issue(_issue(), "text", "generic", BRAND).content.decode()
    assert "Bonjour, voici l’essentiel\u00a0: notre dossier <https://example.org/dossier>.\n\nÀ lire aussi\n\n" in text
    assert ("- Kidal\u00a0: le point\n- Niamey et l’uranium\n\n> «\u00a0Une phrase citée\u00a0»\n\n"
            "Bonne lecture\u00a0!") in text
    assert "\n\n== À LA UNE ==\n\n" in text and "\n\n== ACTUALITÉS ==\n\n" in text
    assert "Lire l’article <https://example.org/kidal>" in text
    # a bullet per story, wrapped under its first word, never leaving « W » alone on a line
    assert ("- Bénin\u00a0: le nord sous pression après une attaque meurtrière près du\n"
            "  parc W\n  Une colonne est tombée\u00a0: le bilan reste incertain.\n  <https://example.org/benin>"
            ) in text
    assert "- Mali\u00a0: Wagner remplacé <https://example.org/wagner>" in text
    assert "\n\n-- \nHorizon Sahel\n12 avenue de l’Indépendance" in text
    assert "Pour vous désinscrire <https://example.org/desinscription>" in text
    assert all(len(line) <= 78 for line in text.splitlines())


def test_a_sixty_item_text_part_stays_within_78_columns(app) -> None:
    with app.app_context():
        issue = make_issue()
        for n in range(60):
            section = ["lead", "news", "opinions", "related"][min(3, n // 15)]
            article = make_article(f"Titre numéro {n} : le Sahel face à une semaine décisive pour toute la région",
                                   lead="Un chapô réaliste, en deux phrases, pour le lecteur pressé « comme ceci ».",
                                   canonical_url=f"https://example.org/politique/article-{n}-sahel-semaine-decisive")
            editing.add_item(issue, article.id, section, issue.version, None)
        text = export_issue(issue, "text", "generic", BRAND).content.decode()
    assert [line for line in text.splitlines() if len(line) > 78] == []


def test_french_typography_at_render_time_in_the_email_and_its_subject(app) -> None:
    with app.app_context():
        issue = _issue()
        html = _html(issue)
        message = email.message_from_bytes(export_issue(issue, "eml", "generic", BRAND).content,
                                           policy=policy.default)
    assert message["Subject"] == "Sahel\u00a0: la semaine où tout a basculé"
    assert "<title>Sahel\u00a0: la semaine où tout a basculé</title>" in html
    for typed in ("Revers majeur pour l’armée malienne", "Une colonne est tombée\u00a0: le bilan",
                  "Tribune\u00a0: «\u00a0Le franc CFA n’est plus un tabou\u00a0»"):
        assert typed in html and typed in message.get_body(("plain",)).get_content()


def test_an_english_issue_keeps_its_typography_and_french_dates_say_1er(app) -> None:
    with app.app_context():
        english = make_issue(language="en", subject="Sahel: what changed", issue_date=date(2026, 12, 1))
        editing.add_item(english, make_article("Mali's army \u201cretreats\u201d : a note").id, "news",
                         english.version, None)
        html = _html(english)
        french = _html(make_issue(issue_date=date(2026, 12, 1)))
    assert "Mali&#39;s army \u201cretreats\u201d : a note" in html and "<title>Sahel: what changed</title>" in html
    assert "Tuesday, December 1, 2026" in html
    assert "mardi 1er décembre 2026" in french


def test_the_eml_keeps_its_language_and_offers_one_click_only_to_a_recipient(app) -> None:
    def eml(issue, profile: str, brand: Brand):
        raw = export_issue(issue, "eml", profile, brand).content
        return email.message_from_bytes(raw, policy=policy.default)

    with app.app_context():
        issue = _issue()
        static = eml(issue, "generic", Brand.from_mapping({"unsubscribe_email": "desinscription@example.org"}))
        tagged = eml(issue, "generic", Brand.from_mapping({
            "unsubscribe_url": "https://example.org/desinscription?id={{ subscriber.uuid }}"}))
        service = eml(issue, "mailchimp", BRAND)
    assert static["Content-Language"] == "fr"
    assert static["List-Unsubscribe"] == ("<mailto:desinscription@example.org?subject=unsubscribe>, "
                                          "<https://example.org/desinscription>")
    assert static["List-Unsubscribe-Post"] is None
    assert tagged["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert service["List-Unsubscribe"] is None and service["Content-Language"] == "fr"  # Mailchimp adds its own


def test_dark_mode_for_outlook_com_and_the_color_scheme(app) -> None:
    with app.app_context():
        html = _html(_issue())
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert ":root { color-scheme: light dark; supported-color-schemes: light dark; }" in style
    assert "[data-ogsc] .txt" in style and "[data-ogsb] .bg-card" in style
    assert "@media (prefers-color-scheme: dark)" in style


def test_mailchimp_hides_view_in_browser_on_its_archive_page(app) -> None:
    with app.app_context():
        html = _html(_issue(), "mailchimp")
    guarded = re.findall(r"\*\|IFNOT:ARCHIVE_PAGE\|\*<a [^>]*href=\"\*\|ARCHIVE\|\*\"[^>]*>[^<]*</a>\*\|END:IF\|\*",
                         html)
    assert len(guarded) == 2 and html.count("*|ARCHIVE|*") == 2


def test_view_in_browser_opens_this_issue(app) -> None:
    with app.app_context():
        first, second = _issue(), make_issue(subject="Une autre lettre", issue_date=date(2026, 12, 3))
        hrefs = [re.findall(r'href="([^"]*)"[^>]*>Voir cette lettre', _html(issue))[0] for issue in (first, second)]
        placed = _html(second, brand=Brand.from_mapping({"view_online_url": "https://example.org/l/{key}/web"}))
        archived = _html(second, brand=Brand.from_mapping({"archive_base_url": "https://lettre.example.org"}))
    assert hrefs == ["https://example.org/lettre/2026-11-26-sahel-la-semaine-ou-tout-a-bascule",
                     "https://example.org/lettre/2026-12-03-une-autre-lettre"]
    assert 'href="https://example.org/l/2026-12-03-une-autre-lettre/web"' in placed
    assert 'href="https://lettre.example.org/archive/2026-12-03-une-autre-lettre"' in archived


@pytest.mark.parametrize(("stories", "enabled", "shown"), [(16, True, True), (15, True, False), (16, False, False)])
def test_au_sommaire_links_to_every_story_above_15(app, stories, enabled, shown) -> None:
    with app.app_context():
        issue = make_issue()
        for n in range(stories):
            editing.add_item(issue, make_article(f"Histoire {n}").id, "news" if n else "lead", issue.version, None)
        html = _html(issue, brand=Brand.from_mapping({"table_of_contents": enabled}))
    assert ("Au sommaire" in html) is shown
    if shown:
        targets = re.findall(r'<a class="toc-link" href="#([\w-]+)"', html)
        assert len(targets) == stories and all(f'id="{t}"' in html for t in targets)
        assert [f for f in lint_email(html) if f.level == "error"] == []


def test_straight_double_quotes_become_guillemets_in_a_french_email_only(app) -> None:
    with app.app_context():
        french = make_issue(intro='<p>La frontière reste fermée "jusqu’à nouvel ordre".</p>')
        editing.add_item(french, make_article('Kidal : "Aucune victime", dit l’armée').id, "news",
                         french.version, None)
        english = make_issue(language="en", intro='<p>The border stays closed "until further notice".</p>')
        html, text = _html(french), export_issue(french, "text", "generic", BRAND).content.decode()
        english_html = _html(english)
    for out in (html, text):
        assert "«\u00a0jusqu’à nouvel ordre\u00a0»" in out and "«\u00a0Aucune victime\u00a0»" in out
    assert '"until further notice"' in english_html or "&quot;until further notice&quot;" in english_html

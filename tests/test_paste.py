"""Pasting an article from a web page, as an editor does: the whole page copied (text, or the clipboard's HTML),
reviewed, lines put back, saved."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import select

from composer.extensions import db
from composer.ingest.paste import parse_pasted
from composer.models import Article, utcnow
from tests.conftest import post

FIXTURES = Path(__file__).parent / "fixtures" / "paste"
MENAKA_TEXT = (FIXTURES / "menaka.txt").read_text(encoding="utf-8")
MENAKA_HTML = (FIXTURES / "menaka-clipboard.html").read_text(encoding="utf-8")
TITLE = "Mali : à Ménaka, les déplacés attendent l’aide promise"


def review_form(page: str) -> dict[str, str]:
    """The review form's fields as the browser would send them (hidden ones included, no button)."""
    root = lxml.html.fromstring(page)
    form = next(f for f in root.forms if (f.action or "").endswith("/articles/review"))
    # A browser drops the newline that opens a <textarea>'s text; lxml keeps it.
    return {name: value.removeprefix("\n") for name, value in form.form_values()}


def dropped_lines(page: str) -> list[str]:
    root = lxml.html.fromstring(page)
    return [span.text_content() for span in root.xpath("//*[@id='dropped']//*[@class='dropped-line']")]


def put_back_button(page: str, text: str) -> str:
    root = lxml.html.fromstring(page)
    for item in root.xpath("//*[@id='dropped']//li"):
        if item.xpath(".//*[@class='dropped-line']")[0].text_content() == text:
            return str(item.xpath(".//button[@name='restore']")[0].get("value"))
    raise AssertionError(f"{text!r} is not among the lines left out")


def test_a_whole_page_copied_as_text_keeps_the_article_and_drops_the_chrome(app, editor_client) -> None:
    response = post(editor_client, "/articles/paste", {"text": MENAKA_TEXT})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    fields = review_form(page)
    assert fields["title"] == TITLE  # not « Accueil », the first line of the menu
    assert fields["lead"].startswith("Dans le nord-est du Mali")  # not « Politique »
    assert fields["author"] == "Aïssata Coulibaly"  # without « , envoyée spéciale à Ménaka »
    assert fields["section"] == "Sécurité" and fields["tags"] == "Mali, Ménaka, EIGS, déplacés"
    published = fields["published_at"]  # « Publié il y a 3 heures »
    assert abs(utcnow() - timedelta(hours=3) - datetime.fromisoformat(published)) < timedelta(minutes=5)
    body = fields["body"]
    # Everything after the « LIRE AUSSI » block is kept: two intertitles and their paragraphs.
    assert "<h2>Une aide bloquée à Gao</h2>" in body and "<h2>Faut-il craindre une crise alimentaire ?</h2>" in body
    assert "Sur le terrain, les camions" in body and "Le ministère de l’Action humanitaire" in body
    assert "Les agences onusiennes" in body
    assert body.count("<h2>") == 2  # « Temps de lecture : 4 min » is no intertitle
    for chrome in ("Revers majeur", "Publié il y a", "Temps de lecture", "Inscrivez-vous", "Mots-clés", "Partager",
                   "Accueil", "Gao : un convoi", "Mentions légales", "©"):
        assert chrome not in body, chrome
    left_out = dropped_lines(page)
    for line in ("Accueil", "Accueil › Sécurité", "Publié il y a 3 heures", "Temps de lecture : 4 min", "Partager",
                 "LIRE AUSSI", "Revers majeur pour l’armée malienne dans la région de Kidal",
                 "Inscrivez-vous à notre newsletter Sahel Matin", "Mots-clés : Mali, Ménaka, EIGS, déplacés",
                 "DU MÊME SUJET", "il y a 9 jours", "© 2026 Horizon Sahel. Tous droits réservés."):
        assert line in left_out, line
    with app.app_context():
        assert db.session.scalar(select(Article)) is None  # nothing saved before the editor says so


def test_the_clipboards_html_keeps_links_quotes_lists_and_bold_intertitles(app, editor_client) -> None:
    plain = "Mali : à Ménaka, les déplacés attendent l’aide promise\nDans le nord-est du Mali…"
    response = post(editor_client, "/articles/paste", {"text": plain, "html": MENAKA_HTML})
    fields = review_form(response.get_data(as_text=True))
    assert fields["title"] == TITLE and fields["author"] == "Aïssata Coulibaly" and fields["section"] == "Sécurité"
    assert fields["published_at"] == "2026-11-24T07:30"  # « Publié le 24 novembre 2026 à 07h30 »
    assert fields["tags"] == "Mali, Ménaka"  # the links of « Mots-clés : »
    assert fields["image_url"] == "https://images.horizon-sahel.example/2026/11/menaka-camp.jpg"
    assert fields["image_alt"] == "Le camp de déplacés de Ménaka, le 20 novembre 2026."  # its caption
    body = fields["body"]
    assert '<a href="https://horizon-sahel.example/tag/eigs">État islamique au Sahel</a>' in body
    assert "<h2>Une aide bloquée à Gao</h2>" in body  # a paragraph in bold, standing alone
    assert "<em>embuscades régulières</em>" in body
    assert "<blockquote><p>« Nous avons des stocks" in body
    assert "<ul><li>40 000 déplacés enregistrés à Ménaka ;</li><li>un seul convoi" in body
    assert "Revers majeur" not in body and "style=" not in body and "Gao : un convoi" not in body


def test_put_back_a_line_without_javascript_and_keep_what_the_editor_changed(app, editor_client) -> None:
    first = post(editor_client, "/articles/paste", {"text": MENAKA_TEXT}).get_data(as_text=True)
    fields = review_form(first)
    fields["title"] = "Ménaka : l’aide promise se fait attendre"  # the editor rewrote the title meanwhile
    fields["restore"] = put_back_button(first, "Revers majeur pour l’armée malienne dans la région de Kidal")
    response = post(editor_client, "/articles/review", fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    again = review_form(page)
    assert again["title"] == "Ménaka : l’aide promise se fait attendre"
    body = again["body"]
    # Back where it stood: after the second paragraph, before the intertitle.
    assert body.index("Comme elle, plus de 40 000") < body.index("Revers majeur pour l’armée malienne") \
        < body.index("<h2>Une aide bloquée à Gao</h2>")
    assert "Revers majeur pour l’armée malienne dans la région de Kidal" not in dropped_lines(page)
    assert "Mali : la junte prolonge la transition jusqu’en 2029" in dropped_lines(page)


def test_a_body_the_editor_edited_is_kept_when_a_line_is_put_back(app, editor_client) -> None:
    first = post(editor_client, "/articles/paste", {"text": MENAKA_TEXT}).get_data(as_text=True)
    fields = review_form(first)
    fields["body"] = "<p>Texte réécrit par la rédaction.</p>"
    fields["restore"] = put_back_button(first, "Temps de lecture : 4 min")
    again = review_form(post(editor_client, "/articles/review", fields).get_data(as_text=True))
    assert again["body"] == "<p>Texte réécrit par la rédaction.</p>"  # never lost
    assert again["title"] == TITLE


def test_saving_the_review_gives_french_typography_and_a_second_save_opens_the_article(app, editor_client) -> None:
    fields = review_form(post(editor_client, "/articles/paste", {"text": MENAKA_TEXT}).get_data(as_text=True))
    fields["canonical_url"] = "https://horizon-sahel.example/securite/menaka"
    response = post(editor_client, "/articles/review", fields)
    assert response.status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        assert article.title == "Mali\u00a0: à Ménaka, les déplacés attendent l’aide promise"
        assert "<h2>Faut-il craindre une crise alimentaire\u00a0?</h2>" in article.body
        assert article.author == "Aïssata Coulibaly" and article.tag_list == ["Mali", "Ménaka", "EIGS", "déplacés"]
        assert response.headers["Location"].endswith(f"/articles/{article.id}")
    again = post(editor_client, "/articles/review", fields)
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/articles/{article.id}")
    assert "déjà dans la bibliothèque" in editor_client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Article).count() == 1


def test_a_review_form_that_lost_its_text_says_so(app, editor_client) -> None:
    response = post(editor_client, "/articles/review", {"title": "T", "blocks": "{pas du json", "kind": "article",
                                                        "language": "fr"})
    assert response.status_code == 302
    assert "collez-le de nouveau" in editor_client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(("text", "field", "expected"), [
    # « Mots-clés » alone, the tags one a line after it
    ("Le titre de l’article du jour\nLe chapô qui résume l’article en une phrase.\nMots-clés\nMali\nNiger\n",
     "tags", ["Mali", "Niger"]),
    ("Rubrique : Politique\nLe titre de l’article du jour\nLe chapô qui résume l’article.\n", "section",
     "Politique"),
    ("Le titre de l’article du jour\nPar Awa Traoré, correspondante à Dakar - Publié le 3 novembre 2026\n"
     "Le chapô.\n", "author", "Awa Traoré"),
    # « Par ailleurs » is prose, not a byline
    ("Le titre de l’article du jour\nLe chapô.\nPar ailleurs, le gouvernement a annoncé des mesures.\n",
     "author", ""),
])
def test_lines_that_carry_the_articles_metadata(app, text, field, expected) -> None:
    with app.test_request_context():
        assert getattr(parse_pasted(text), field) == expected


def test_an_inline_lire_aussi_line_goes_and_the_paragraph_after_it_stays(app) -> None:
    text = ("Niger : l’uranium au cœur d’un bras de fer\nLe chapô de l’article sur l’uranium.\n"
            "Premier paragraphe de l’article, assez long pour être un vrai paragraphe de prose, qui se termine.\n"
            "À lire aussi : Arlit, ville fantôme après la fermeture de la Cominak\n"
            "Deuxième paragraphe de l’article, lui aussi assez long pour être pris pour de la prose, bien sûr.\n")
    with app.test_request_context():
        pasted = parse_pasted(text)
    assert "Arlit" not in pasted.body and "Deuxième paragraphe" in pasted.body
    assert [d.text for d in pasted.dropped] == ["À lire aussi : Arlit, ville fantôme après la fermeture de la Cominak"]


def test_a_page_nested_250_deep_around_50_000_elements_still_gives_its_paragraph(app) -> None:
    """The page that held a worker for 22 s when every element was asked about all its descendants (which
    elements hold a block is now learnt once, from the blocks up; its time is not asserted here)."""
    from composer.ingest.blocks import html_blocks

    html = "<span>" * 250 + "<i></i>" * 50_000 + "<p>Le texte.</p>" + "</span>" * 250
    found, _ = html_blocks(html)
    assert [b.text for b in found] == ["Le texte."]

"""The library pages, through the test client as an editor uses them."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask.testing import FlaskClient

from composer.extensions import db
from composer.models import Article
from tests.conftest import post
from tests.factories import make_article, make_issue

FORM = {
    "kind": "article", "title": "Niger : l’uranium au cœur d’un bras de fer", "lead": "Niamey retire un permis.",
    "body": "<p>Texte</p>", "author": "Aminata Diallo", "section": "Politique", "tags": "Niger, uranium",
    "canonical_url": "https://example.org/niger-uranium", "image_url": "", "image_alt": "", "language": "fr",
    "published_at": "2026-11-20T08:30",
}


def test_editor_creates_an_article_and_finds_it_without_accents(app, editor_client: FlaskClient) -> None:
    response = post(editor_client, "/articles/new", FORM)
    assert response.status_code == 302
    page = editor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Niger : l’uranium au cœur d’un bras de fer" in page
    results = editor_client.get("/articles?q=coeur+uranium").get_data(as_text=True)
    assert "<mark>uranium</mark>" in results and "<mark>cœur</mark>" in results


def test_script_onclick_and_javascript_links_never_survive_a_save(app, editor_client: FlaskClient) -> None:
    body = ('<p onclick="steal()">Bonjour</p><script>steal()</script>'
            '<a href="javascript:steal()">x</a><a href="mailto:redaction@example.org">écrire</a>')
    post(editor_client, "/articles/new", {**FORM, "body": body})
    with app.app_context():
        saved = db.session.query(Article).one().body
    assert "steal" not in saved and "onclick" not in saved and "javascript:" not in saved
    assert '<a href="mailto:redaction@example.org">écrire</a>' in saved


def test_form_errors_keep_what_was_typed(app, editor_client: FlaskClient) -> None:
    typed = {**FORM, "title": "", "lead": "Un chapô long et précieux, écrit à la main\u00a0!",
             "canonical_url": "pas une url"}
    response = post(editor_client, "/articles/new", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Un chapô long et précieux, écrit à la main\u00a0!" in page
    assert 'value="pas une url"' in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.query(Article).count() == 0


def test_a_duplicate_url_is_a_form_error_naming_the_other_article(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        first = make_article("Premier", canonical_url="https://example.org/niger-uranium")
        first_id = first.id
    response = post(editor_client, "/articles/new", FORM)
    assert response.status_code == 422
    assert f"#{first_id}" in response.get_data(as_text=True)


def test_editing_shows_the_change(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        article = make_article("Avant", section="Politique")
        article_id, version = article.id, article.version
    form = editor_client.get(f"/articles/{article_id}/edit").get_data(as_text=True)
    assert 'value="Avant"' in form
    response = post(editor_client, f"/articles/{article_id}/edit",
                    {**FORM, "title": "Après", "canonical_url": "", "version": str(version)})
    assert response.status_code == 302
    assert "Après" in editor_client.get(f"/articles/{article_id}").get_data(as_text=True)


def test_a_stale_article_save_keeps_both_versions_on_screen(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        article = make_article("Original")
        article_id, version = article.id, article.version
    first = post(editor_client, f"/articles/{article_id}/edit",
                 {**FORM, "title": "Version de Awa", "canonical_url": "", "version": str(version)})
    assert first.status_code == 302
    second = post(editor_client, f"/articles/{article_id}/edit",
                  {**FORM, "title": "Version de Moussa", "canonical_url": "", "version": str(version)})
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert 'value="Version de Moussa"' in page and "Version de Awa" in page
    with app.app_context():
        assert db.session.get(Article, article_id).title == "Version de Awa"


def test_delete_asks_for_confirmation_then_deletes(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        article_id = make_article("À supprimer").id
    assert editor_client.get(f"/articles/{article_id}/delete").status_code == 200
    with app.app_context():
        assert db.session.get(Article, article_id) is not None
    response = post(editor_client, f"/articles/{article_id}/delete")
    assert response.status_code == 302
    assert editor_client.get(f"/articles/{article_id}").status_code == 404


def test_an_article_in_an_issue_is_not_deleted(app, editor_client: FlaskClient) -> None:
    from composer.issues import editing

    with app.app_context():
        article = make_article("Dans un numéro")
        issue = make_issue()
        editing.add_item(issue, article.id, "lead", issue.version, None)
        article_id = article.id
    post(editor_client, f"/articles/{article_id}/delete")
    assert editor_client.get(f"/articles/{article_id}").status_code == 200


def test_library_filters_and_empty_state(app, editor_client: FlaskClient) -> None:
    page = editor_client.get("/articles").get_data(as_text=True)
    assert "RSS" in page and "/articles/paste" in page
    with app.app_context():
        make_article("Tribune : l’AES", kind="opinion", section="Opinions")
        make_article("Article : l’AES", kind="article", section="Politique")
    page = editor_client.get("/articles?kind=opinion").get_data(as_text=True)
    assert "Tribune : l’AES" in page and "Article : l’AES" not in page


def test_a_bad_date_filter_is_a_400_naming_it(editor_client: FlaskClient) -> None:
    response = editor_client.get("/articles?from=24/11/2026")
    assert response.status_code == 400
    assert "24/11/2026" in response.get_data(as_text=True)


def test_unknown_article_is_404(editor_client: FlaskClient) -> None:
    assert editor_client.get("/articles/999").status_code == 404


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_library_of_more_than_one_page_pages_forward_and_back(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        for n in range(1, 53):
            make_article(f"Dépêche Sahel {n:02d}", published_at=datetime(2026, 11, 1) + timedelta(hours=n))
    first = editor_client.get("/articles?q=sahel")
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and "Page 1 sur 2" in html
    assert 'href="/articles?q=sahel&amp;page=2" rel="next"' in html and "Dépêche Sahel 52" in text_of(html)
    second = editor_client.get("/articles?q=sahel&page=2")
    html = second.get_data(as_text=True)
    assert second.status_code == 200 and "Dépêche Sahel 01" in text_of(html)
    assert "Dépêche Sahel 52" not in text_of(html)
    assert 'href="/articles?q=sahel&amp;page=1" rel="prev"' in html and "Précédent" in html


def test_a_body_typed_as_text_keeps_its_paragraphs_and_reads_back_as_text(app, editor_client: FlaskClient) -> None:
    typed = "Premier paragraphe.\n\nDeuxième paragraphe,\nsur deux lignes.\n\nTroisième."
    response = post(editor_client, "/articles/new", {**FORM, "body": typed})
    with app.app_context():
        article = db.session.query(Article).one()
        assert article.body == ("<p>Premier paragraphe.</p><p>Deuxième paragraphe,<br>sur deux lignes.</p>"
                                "<p>Troisième.</p>")
        article_id = article.id
    assert "<p>Deuxième paragraphe,<br>sur deux lignes.</p>" in editor_client.get(
        response.headers["Location"]).get_data(as_text=True)
    form = editor_client.get(f"/articles/{article_id}/edit").get_data(as_text=True)
    assert "Premier paragraphe.\n\nDeuxième paragraphe,\nsur deux lignes.\n\nTroisième.</textarea>" in form

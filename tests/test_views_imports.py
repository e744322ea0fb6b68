"""The imports page and pasting an article, as an editor uses them."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from composer.extensions import db
from composer.models import Article, FeedSource
from tests.conftest import csrf_token, post
from tests.feedserver import FeedServer

FIXTURES = Path(__file__).parent / "fixtures"
PASTED = """POUVOIRS MAGAZINE
OPINIONS
Tribune : « Le franc CFA n’est plus un tabou »
11 mois
Par Moussa Ouédraogo
Pour l’économiste, la sortie de la zone franc doit être préparée, pas improvisée.
Une monnaie au cœur du débat
La question monétaire revient au premier plan depuis la création de l’AES. Les dirigeants en parlent.
Faut-il pour autant sortir de la zone franc ?
Une monnaie se gère sur des décennies ; les slogans ne remplacent pas une banque centrale.
il y a 2 heures
DU MÊME SUJET
Niger : l’uranium au cœur d’un bras de fer…
Mali : la junte prolonge…
"""


def test_import_a_feed_by_url_save_the_source_and_run_it_again(app, editor_client) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/feed/", (FIXTURES / "feed.rss").read_bytes())
        response = post(editor_client, "/imports", {"url": url, "format": "", "kind": "article", "section": "",
                                                    "save_source": "y"})
        assert response.status_code == 303  # at once: the import is a job, its page follows it
        page = editor_client.get(response.location).get_data(as_text=True)
        assert "3 importés, 1 ignoré." in page  # the counts that are not zero, in correct French
        with app.app_context():
            source_id = db.session.scalar(select(FeedSource.id))
        response = post(editor_client, f"/imports/sources/{source_id}/run")
        assert response.status_code == 303
        assert "3 inchangés, 1 ignoré." in editor_client.get("/imports").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 3


def test_a_failed_import_says_why_and_writes_nothing(app, editor_client) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/bad", b"pas un flux du tout")
        response = post(editor_client, "/imports", {"url": url, "format": "rss", "kind": "article"},
                        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Rien n’a été importé" in page and "pas un flux RSS" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_upload_a_csv_file(app, editor_client) -> None:
    data = {"csrf_token": csrf_token(editor_client, "/imports"), "format": "", "kind": "article",
            "file": (io.BytesIO((FIXTURES / "articles.csv").read_bytes()), "articles.csv")}
    response = editor_client.post("/imports", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "ligne 4" in page


def test_private_addresses_are_refused_by_default(app, editor_client) -> None:
    response = post(editor_client, "/imports", {"url": "http://127.0.0.1:9/feed", "kind": "article"},
                    follow_redirects=True)
    assert "127.0.0.1" in response.get_data(as_text=True) and "Rien n’a été importé" in response.get_data(as_text=True)


def test_paste_shows_what_was_recognised_and_dropped_before_saving(app, editor_client) -> None:
    response = post(editor_client, "/articles/paste", {"text": PASTED})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Tribune : « Le franc CFA n’est plus un tabou »"' in page
    assert 'value="Moussa Ouédraogo"' in page
    assert "&lt;h2&gt;Une monnaie au cœur du débat&lt;/h2&gt;" in page
    assert "&lt;h2&gt;Faut-il pour autant sortir de la zone franc ?&lt;/h2&gt;" in page
    for dropped in ("11 mois", "POUVOIRS MAGAZINE", "OPINIONS", "DU MÊME SUJET", "il y a 2 heures"):
        assert dropped in page.split("Ignoré")[1].split("</p>")[0]
    # The teasers are listed line by line among what was left out, and are not in the body.
    assert "Niger : l’uranium" in page.split("Ignoré")[1] and "Niger" not in page.split('name="body"')[1].split(
        "</textarea>")[0]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0  # nothing saved yet
    saved = post(editor_client, "/articles/new", {
        "kind": "opinion", "title": "Tribune : « Le franc CFA n’est plus un tabou »", "lead": "Pour l’économiste…",
        "body": "<h2>Une monnaie au cœur du débat</h2><p>Texte</p>", "author": "Moussa Ouédraogo",
        "section": "Opinions", "tags": "", "canonical_url": "", "image_url": "", "image_alt": "", "language": "fr"})
    assert saved.status_code == 302


def test_paste_of_nothing_useful_is_a_form_error(editor_client) -> None:
    response = post(editor_client, "/articles/paste", {"text": "PARTAGER\n11 mois\n"})
    assert response.status_code == 422


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("tribune.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ("articles.docx", b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    ("articles.csv", b"title,lead\n\x00\x01\x02", "n’est pas un fichier texte"),
    ("une.html", b"<html><body>Bonjour</body></html>", ".xml, .rss"),
])
def test_an_upload_of_the_wrong_kind_is_refused_with_its_reason(app, editor_client, name, content,
                                                                 expected) -> None:
    data = {"csrf_token": csrf_token(editor_client, "/imports"), "format": "", "kind": "article",
            "file": (io.BytesIO(content), name)}
    response = editor_client.post("/imports", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and expected in page and name in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0

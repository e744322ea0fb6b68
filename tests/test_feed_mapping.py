"""A feed's categories in the library: rubrique and tags, opinion pieces recognised by their rubrique or
category, a saved source's own mapping and opinion list, and what a re-import says."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from composer.extensions import db
from composer.models import Article, FeedSource
from tests.conftest import post
from tests.feedserver import FeedServer

FEED = (Path(__file__).parent / "fixtures" / "feed-categories.rss").read_bytes()


def articles() -> dict[str, Article]:
    return {a.canonical_url.rsplit("/", 1)[-1]: a for a in db.session.scalars(select(Article))}


def test_categories_become_rubrique_and_tags_and_a_tribune_is_an_opinion(app, editor_client) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/rss", FEED, Content_Type="application/rss+xml")
        page = post(editor_client, "/imports", {"url": url, "format": "", "kind": "article", "section": "",
                                                "save_source": "y"}, follow_redirects=True).get_data(as_text=True)
        assert "5 importés." in page
        with app.app_context():
            found = articles()
            assert found["benin-parc-w"].section == "Sécurité & défense"
            assert found["benin-parc-w"].tag_list == ["Sécurité & défense", "Bénin", "Parc W"]
            assert found["golfe-pas-sahel"].kind == "opinion" and found["golfe-pas-sahel"].section == "Opinions"
            assert found["cedeao-choix"].kind == "opinion"  # « Éditoriaux »: the plural of « Éditorial »
            assert found["cedi-rebond"].kind == "opinion"  # « Analyse » is on the default list
            assert found["lome-record"].kind == "article" and found["lome-record"].section == "Économie"
            source_id = db.session.scalar(select(FeedSource.id))
        library = editor_client.get("/articles").get_data(as_text=True)
        assert "Économie" in library and "Opinion" in library

        post(editor_client, f"/imports/sources/{source_id}/run")
        assert "5 inchangés." in editor_client.get("/imports").get_data(as_text=True)

        # This source's own words: its « Sécurité & défense » is the library's « Sécurité »; « Analyse » is news.
        saved = post(editor_client, f"/imports/sources/{source_id}", {
            "name": "Courrier du Golfe", "kind": "article", "section": "",
            "opinion_labels": "Opinions, Tribune, Éditorial",
            "category_map": "Sécurité & défense = Sécurité\nTogo → Afrique de l’Ouest"})
        assert saved.status_code == 302
        post(editor_client, f"/imports/sources/{source_id}/run")
        history = editor_client.get("/imports").get_data(as_text=True)
        assert "3 mis à jour, 2 inchangés." in history
        with app.app_context():
            found = articles()
            assert found["benin-parc-w"].section == "Sécurité"
            assert found["cedi-rebond"].kind == "article"
            # The first category with a mapping sets the rubrique: « Économie » has none, « Togo » has one.
            assert found["lome-record"].section == "Afrique de l’Ouest"


def test_one_import_is_said_in_the_singular(app, editor_client) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    one = FEED.split(b"<item>")[0] + b"<item>" + FEED.split(b"<item>")[1].split(b"</item>")[0] + \
        b"</item></channel></rss>"
    with FeedServer() as server:
        url = server.serve("/un", one, Content_Type="application/rss+xml")
        page = post(editor_client, "/imports", {"url": url, "format": "", "kind": "article"},
                    follow_redirects=True).get_data(as_text=True)
    assert "1 importé." in page and "1 importés" not in page


def test_a_mapping_line_of_the_wrong_shape_is_a_form_error(app, editor_client) -> None:
    with app.app_context():
        source = FeedSource(url="https://courrier-golfe.example/rss", name="Courrier")
        db.session.add(source)
        db.session.commit()
        source_id = source.id
    response = post(editor_client, f"/imports/sources/{source_id}", {
        "name": "Courrier", "kind": "article", "section": "", "opinion_labels": "",
        "category_map": "Sécurité = Sécurité\nune ligne sans signe égal"})
    assert response.status_code == 422 and "ligne 2" in response.get_data(as_text=True)


def test_the_opinion_list_is_set_by_admins_in_the_settings(app, admin_client) -> None:
    page = admin_client.get("/settings/imports").get_data(as_text=True)
    assert "Opinions, Tribune, Éditorial, Chronique, Point de vue, Analyse" in page
    assert post(admin_client, "/settings/imports", {"opinion_labels": "Opinions; Tribune"}).status_code == 302
    assert "Opinions, Tribune</textarea>" in admin_client.get("/settings/imports").get_data(as_text=True)
    assert post(admin_client, "/settings/imports", {"opinion_labels": " , "}).status_code == 422


def test_editors_cannot_change_the_import_settings(app, editor_client) -> None:
    assert editor_client.get("/settings/imports").status_code == 403

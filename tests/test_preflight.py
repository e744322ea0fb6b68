"""Before sending: what keeps an issue from being marked ready or sent, and what the editor should look at."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from composer.email.brand import Brand
from composer.errors import NotReady
from composer.extensions import db
from composer.issues import editing, lifecycle, listing, preflight
from composer.models import Issue
from tests.conftest import post
from tests.factories import make_article, make_issue


def messages(issue: Issue) -> list[tuple[str, str]]:
    return [(c.level, c.message) for c in preflight.check_issue(issue)]


def test_an_empty_issue_cannot_be_marked_ready_nor_sent(app) -> None:
    with app.app_context():
        issue = make_issue(subject="")
        assert messages(issue) == [
            ("error", "L’objet est vide\u00a0: la lettre partirait avec le titre interne."),
            ("error", "Le numéro ne contient encore aucun article."),
            ("warning", "Pas de pré-en-tête\u00a0: les boîtes de réception montreront à la place les premiers "
                        "mots de la lettre."),
        ]
        for status in ("ready", "sent"):
            with pytest.raises(NotReady) as refused:
                lifecycle.set_status(issue, status, issue.version, None, Brand.from_mapping({}))
            assert len(refused.value.problems) == 2
        assert db.session.get(Issue, issue.id).status == "draft" and not issue.sent_copies


def test_each_story_is_checked_for_its_link_and_its_image(app) -> None:
    with app.app_context():
        issue = make_issue(preheader="Le point sur la semaine au Sahel, en cinq minutes de lecture.")
        no_link = make_article("Kayes : la mine", canonical_url=None)
        http_image = make_article("Gao : le pont", image_url="http://images.example.org/gao.jpg", image_alt="Le pont")
        no_alt = make_article("Mopti : le port", image_url="https://images.example.org/mopti.jpg")
        for article, section in ((http_image, "lead"), (no_alt, "lead"), (no_link, "news")):
            editing.add_item(issue, article.id, section, issue.version, None)
        assert messages(issue) == [
            ("error", "«\u00a0Kayes : la mine\u00a0» n’a pas d’adresse (URL canonique)\u00a0: les lecteurs ne "
                      "pourraient pas l’ouvrir."),
            ("warning", "L’image de «\u00a0Gao : le pont\u00a0» n’est pas en https\u00a0: la lettre ne "
                        "l’affiche pas."),
            ("warning", "L’image de «\u00a0Mopti : le port\u00a0» n’a pas de texte alternatif\u00a0: images "
                        "bloquées, ou pour un lecteur d’écran, elle ne dit rien."),
        ]
        assert [c.article_id for c in preflight.check_issue(issue)] == [no_link.id, http_image.id, no_alt.id]
        with pytest.raises(NotReady):
            lifecycle.set_status(issue, "ready", issue.version, None, Brand.from_mapping({}))
        editing.remove_item(issue, issue.items_in("news")[0].id, issue.version, None)
        lifecycle.set_status(issue, "ready", issue.version, None, Brand.from_mapping({}))  # warnings do not block
        assert issue.status == "ready"


def test_long_subject_and_crowded_top_are_flagged_but_allowed(app) -> None:
    with app.app_context():
        issue = make_issue(subject="Sahel : la semaine où tout a basculé entre Bamako, Niamey et Ouagadougou",
                           preheader="Le point sur la semaine au Sahel, en cinq minutes de lecture.")
        for n in range(3):
            editing.add_item(issue, make_article(f"Une {n}").id, "lead", issue.version, None)
        assert [level for level, _ in messages(issue)] == ["warning", "warning"]
        assert "72 caractères" in messages(issue)[0][1] and "3 articles" in messages(issue)[1][1]


def test_the_compose_page_lists_what_to_fix_and_refuses_ready_with_422(app, editor_client) -> None:
    with app.app_context():
        issue_id = make_issue(subject="").id
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert "Avant l’envoi" in page and "À corriger" in page and "aucun article" in page
    export = editor_client.get(f"/issues/{issue_id}/export").get_data(as_text=True)
    assert "aucun article" in export and "Le HTML lui-même est sûr" in export  # said where it is exported too
    with app.app_context():
        unlinked = make_article("Ségou : la crue", canonical_url=None)
        issue = db.session.get(Issue, issue_id)
        editing.add_item(issue, unlinked.id, "news", issue.version, None)
        unlinked_id = unlinked.id
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    edit = f"/articles/{unlinked_id}/edit?next=/issues/{issue_id}"
    assert f'href="{edit}">Modifier l’article</a>' in page
    form = {"title": "Ségou : la crue", "kind": "article", "language": "fr", "version": "1",
            "canonical_url": "https://example.org/segou"}
    saved = post(editor_client, edit, form)
    assert saved.status_code == 302 and saved.headers["Location"] == f"/issues/{issue_id}"  # back to the issue
    assert "n’a pas d’adresse" not in editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    elsewhere = post(editor_client, f"/articles/{unlinked_id}/edit?next=//evil.example/x",
                     dict(form, version="2", title="Ségou : la crue du Niger"))
    assert elsewhere.headers["Location"] == f"/articles/{unlinked_id}"  # never off the site
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        editing.remove_item(issue, issue.items[0].id, issue.version, None)
    with app.app_context():
        version = db.session.get(Issue, issue_id).version
    response = post(editor_client, f"/issues/{issue_id}/status", {"status": "ready", "version": version})
    assert response.status_code == 422
    assert "Le numéro ne peut pas encore être marqué prêt ni envoyé" in response.get_data(as_text=True)
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        assert issue.status == "draft"
        editing.update_issue(issue, editing.IssueData(
            title=issue.title, issue_date=issue.issue_date, subject="Sahel : l’essentiel",
            preheader="Le point sur la semaine au Sahel, en cinq minutes de lecture."), issue.version, None)
        editing.add_item(issue, make_article("Niamey : le dialogue").id, "lead", issue.version, None)
    assert "Rien à signaler" in editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)


def test_the_issue_list_says_how_many_problems_each_draft_has_to_fix(app, editor_client) -> None:
    with app.app_context():
        empty = make_issue("Lettre vide", subject="")
        whole = make_issue("Lettre complète")
        editing.add_item(whole, make_article("Dori : le marché rouvre").id, "lead", whole.version, None)
        empty_id, whole_id = empty.id, whole.id
    page = editor_client.get("/issues").get_data(as_text=True)
    rows = {title: page.split(title)[0].rsplit("<tr>", 1)[1] for title in ("Lettre vide", "Lettre complète")}
    assert "2 points à corriger" in rows["Lettre vide"]
    assert "à corriger" not in rows["Lettre complète"]
    with app.app_context():
        issues = listing.list_issues()
        statements: list[str] = []
        listen = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert listing.problems_to_fix(issues) == {empty_id: 2, whole_id: 0}
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        assert len(statements) == 1  # the stories' articles in one query, not one per story


def test_an_alt_text_that_repeats_the_headline_is_a_point_to_check(app) -> None:
    with app.app_context():
        issue = make_issue()
        echo = make_article("Kidal : la colonne est tombée", image_url="https://images.example.org/kidal.jpg",
                            image_alt="Illustration : Kidal : la colonne est tombée")
        described = make_article("Gao : le pont", image_url="https://images.example.org/gao.jpg",
                                 image_alt="Un pont métallique au-dessus du fleuve, à l’aube")
        for article in (echo, described):
            editing.add_item(issue, article.id, "lead", issue.version, None)
        messages = [c.message for c in preflight.check_issue(issue)]
    assert [m for m in messages if "répète son titre" in m] == [
        "Le texte alternatif de l’image de «\u00a0Kidal : la colonne est tombée\u00a0» répète son titre\u00a0: "
        "les lecteurs d’écran le lisent deux fois. Dites ce que montre l’image."]


def test_the_demo_issue_has_no_point_about_its_alt_texts(app) -> None:
    from composer.demo import seed

    with app.app_context():
        seed()
        issue = db.session.query(Issue).one()
        assert [c.message for c in preflight.check_issue(issue) if "alternatif" in c.message] == []

"""Soft delete: articles and issues go to a trash for 30 days, come back from it, and `purge-trash`
removes them for good, except an article a sent issue used."""
from __future__ import annotations

from datetime import timedelta

import pytest

from composer import library, trash
from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.errors import InUse, NotEditable, NotFound
from composer.extensions import db
from composer.issues import editing, lifecycle
from composer.models import Article, Issue, utcnow
from tests.conftest import login, post
from tests.factories import make_article, make_issue

BRAND = Brand.from_mapping({})


def age(model: type, ident: int, days: int) -> None:
    """Pretend the row went to the trash `days` ago."""
    row = db.session.get(model, ident)
    row.deleted_at = utcnow() - timedelta(days=days)
    db.session.commit()


def test_a_trashed_article_leaves_the_library_and_comes_back(app) -> None:
    with app.app_context():
        article = make_article("Koulikoro : la crue", section="Société", tags="Inondations")
        library.trash_article(article)
        assert library.search_articles(library.SearchQuery(q="koulikoro")).total == 0
        with pytest.raises(NotFound):
            library.get_article(article.id)
        choices = library.filter_choices()
        assert "Société" not in choices.sections and "Inondations" not in choices.tags
        issue = make_issue()
        with pytest.raises(NotFound):
            editing.add_item(issue, article.id, "news", issue.version, None)
        assert [a.title for a in trash.contents().articles] == ["Koulikoro : la crue"]
        library.restore_article(article)
        assert [a.title for a in library.search_articles(library.SearchQuery(q="koulikoro")).items] \
            == ["Koulikoro : la crue"]


def test_an_article_only_in_a_sent_issue_may_be_trashed_but_is_never_purged(app) -> None:
    with app.app_context():
        article = make_article("Dakar : le budget voté")
        issue = make_issue()
        editing.add_item(issue, article.id, "news", issue.version, None)
        with pytest.raises(InUse):  # a draft still uses it: refused, and it stays in the library
            library.trash_article(article)
        assert library.get_article(article.id).id == article.id  # NotFound otherwise
        lifecycle.set_status(issue, "sent", issue.version, None, BRAND)
        library.trash_article(article)
        age(Article, article.id, 31)
        report = trash.purge()
        assert report.articles == 0 and len(report.kept) == 1 and "Dakar" in report.kept[0]
        assert db.session.get(Article, article.id) is not None


def test_purge_removes_only_what_is_older_than_thirty_days(app) -> None:
    with app.app_context():
        old, recent = make_article("Ancien"), make_article("Récent")
        draft = make_issue("Brouillon abandonné")
        editing.add_item(draft, old.id, "news", draft.version, None)
        lifecycle.trash_issue(draft, draft.version)
        library.trash_article(old)  # its only issue is in the trash: allowed
        library.trash_article(recent)
        age(Article, old.id, 31)
        age(Issue, draft.id, 31)
        age(Article, recent.id, 29)
        report = trash.purge()
        assert (report.articles, report.issues) == (1, 1)
        assert db.session.get(Article, old.id) is None and db.session.get(Issue, draft.id) is None
        assert db.session.get(Article, recent.id) is not None


def test_a_sent_issue_cannot_be_trashed(app) -> None:
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, make_article("Tahoua : la route coupée").id, "lead", issue.version, None)
        lifecycle.set_status(issue, "sent", issue.version, None, BRAND)
        with pytest.raises(NotEditable):
            lifecycle.trash_issue(issue, issue.version)


def test_purge_trash_command(app, runner) -> None:
    with app.app_context():
        article = make_article("À effacer")
        library.trash_article(article)
        age(Article, article.id, 40)
    result = runner.invoke(args=["purge-trash"])
    assert result.exit_code == 0 and "Purged 1 article(s) and 0 issue(s)" in result.output
    assert runner.invoke(args=["purge-trash", "--days", "-1"]).exit_code != 0


def test_trash_page_restores_an_issue_deleted_from_the_compose_page(app, client, editor, admin) -> None:
    editor_client = app.test_client()
    login(editor_client, editor.email)
    login(client, admin.email)
    with app.app_context():
        issue = make_issue("Lettre à jeter")
        stale = issue.version
        editing.add_item(issue, make_article("Entre-temps").id, "news", issue.version, None)  # a colleague
        issue_id, version = issue.id, issue.version
    assert post(editor_client, f"/issues/{issue_id}/delete", {"version": version}).status_code == 403
    assert post(client, f"/issues/{issue_id}/delete", {"version": stale}).status_code == 409
    assert post(client, f"/issues/{issue_id}/delete", {"version": version}).status_code == 302
    assert editor_client.get(f"/issues/{issue_id}").status_code == 404
    assert "Lettre à jeter" not in editor_client.get("/issues").get_data(as_text=True)
    page = editor_client.get("/trash").get_data(as_text=True)
    assert "Lettre à jeter" in page and "Chef" in page  # any editor may bring it back
    assert post(editor_client, f"/trash/issues/{issue_id}/restore").status_code == 302
    assert editor_client.get(f"/issues/{issue_id}").status_code == 200
    assert post(editor_client, f"/trash/issues/{issue_id}/restore").status_code == 404


def test_deleting_an_article_from_its_page_puts_it_in_the_trash(app, editor_client) -> None:
    with app.app_context():
        article_id = make_article("Gao : le pont").id
    assert post(editor_client, f"/articles/{article_id}/delete").status_code == 302
    assert editor_client.get(f"/articles/{article_id}").status_code == 404
    assert "Gao : le pont" in editor_client.get("/trash").get_data(as_text=True)
    assert post(editor_client, f"/trash/articles/{article_id}/restore").status_code == 302
    assert editor_client.get(f"/articles/{article_id}").status_code == 200


def test_a_trashed_article_is_never_suggested_as_related(app) -> None:
    from composer.library.related import suggest_related

    with app.app_context():
        story = make_article("Mali : combats à Kidal", tags="Mali, Kidal", body="<p>Les FAMa et Wagner à Kidal.</p>")
        kept = make_article("Kidal : la reprise", tags="Mali, Kidal", body="<p>Wagner entre dans Kidal.</p>")
        gone = make_article("Kidal : les combats", tags="Mali, Kidal", body="<p>Les FAMa avancent sur Kidal.</p>")
        library.trash_article(gone)
        assert [s.article.id for s in suggest_related(story)] == [kept.id]


def test_a_draft_restored_from_the_trash_brings_back_its_stories_deleted_meanwhile(app, editor_client) -> None:
    with app.app_context():
        kept, gone = make_article("Niamey : le couvre-feu levé"), make_article("Kayes : l’or en question")
        draft = make_issue("Lettre du lundi")
        editing.add_item(draft, kept.id, "news", draft.version, None)
        editing.add_item(draft, gone.id, "news", draft.version, None)
        lifecycle.trash_issue(draft, draft.version)
        library.trash_article(gone)  # nothing holds it back: its only issue is in the trash
        draft_id, gone_id = draft.id, gone.id
    response = post(editor_client, f"/trash/issues/{draft_id}/restore", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Kayes : l’or en question" in page and "aussi revenus dans la bibliothèque" in page
    with app.app_context():
        assert library.get_article(gone_id).id == gone_id  # NotFound otherwise
        html = render_issue(editing.get_issue(draft_id), "generic", BRAND).html
        assert "Kayes\u00a0: l’or en question" in html  # set in French typography at render time
        assert trash.contents().articles == []


def test_the_trash_is_left_out_of_every_query_unless_asked_and_never_out_of_what_a_row_refers_to(app) -> None:
    from sqlalchemy import func, select

    from composer.errors import DuplicateURL
    from composer.models import IssueItem

    with app.app_context():
        story = make_article("Niamey : l’uranium", canonical_url="https://example.org/niamey")
        issue = make_issue()
        editing.add_item(issue, story.id, "lead", issue.version, None)
        lifecycle.set_status(issue, "sent", issue.version, None, BRAND)
        library.trash_article(story)
        draft = make_issue("Brouillon jeté")
        lifecycle.trash_issue(draft, draft.version)
        issue_id, draft_id = issue.id, draft.id
        db.session.remove()  # a fresh session: nothing comes from memory

        # Any query of the models, written today or later, leaves the trash out; the option brings it in.
        assert db.session.scalars(select(Article)).all() == []
        assert [i.id for i in db.session.scalars(select(Issue))] == [issue_id]
        assert db.session.scalar(select(func.count()).select_from(IssueItem).join(Article)) == 0
        everything = select(Issue).execution_options(include_trashed=True)
        assert sorted(i.id for i in db.session.scalars(everything)) == sorted([issue_id, draft_id])
        # What a sent issue holds stays: its story, though in the trash, is still in it and in its email.
        sent = editing.get_issue(issue_id)
        assert [item.article.title for item in sent.items] == ["Niamey : l’uranium"]
        assert "Niamey" in render_issue(sent, "generic", BRAND).html
        # A URL held by an article in the trash is still taken (a clear refusal, not a database error).
        with pytest.raises(DuplicateURL):
            make_article("Niamey, encore", canonical_url="https://example.org/niamey")


def test_deleting_an_article_a_draft_uses_names_the_draft_up_front_and_offers_no_button(app, editor_client) -> None:
    with app.app_context():
        article = make_article("Kidal : la colonne est tombée")
        issue = make_issue(title="Lettre du jeudi")
        editing.add_item(issue, article.id, "news", issue.version, None)
        article_id, issue_id = article.id, issue.id
    page = editor_client.get(f"/articles/{article_id}/delete").get_data(as_text=True)
    assert "Il figure dans un numéro en préparation" in page
    assert f'href="/issues/{issue_id}">«\u00a0Lettre du jeudi\u00a0»</a>' in page or \
        f'href="/issues/{issue_id}">« Lettre du jeudi »</a>' in page
    assert "Oui, le mettre à la corbeille" not in page
    refused = post(editor_client, f"/articles/{article_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "Lettre du jeudi" in refused and "retirez-l’en d’abord" in refused

"""Revisions: each save of an issue or article is kept; the history page shows a readable diff and brings
any revision back as a new one."""
from __future__ import annotations

import re

import pytest

from composer import library, revisions
from composer.errors import StaleEdit
from composer.extensions import db
from composer.issues import editing
from composer.models import Article, Issue, Revision, User
from tests.conftest import post
from tests.factories import make_article, make_issue


def layout(issue: Issue) -> dict[str, list[str]]:
    return {s: [i.title for i in issue.items_in(s)] for s in ("lead", "news") if issue.items_in(s)}


def test_every_issue_save_is_a_revision_with_who_and_what(app, editor) -> None:
    with app.app_context():
        user = db.session.get(User, editor.id)
        issue = make_issue("Lettre du Sahel")
        mali = make_article("Mali : la transition prolongée")
        niger = make_article("Niger : l’uranium d’Arlit")
        editing.add_item(issue, mali.id, "lead", issue.version, user)
        item = editing.add_item(issue, niger.id, "news", issue.version, user)
        editing.set_override(issue, item.id, issue.version, user, "Arlit, l’uranium et la junte", None, None)
        editing.update_issue(issue, editing.IssueData(title="Lettre du Sahel", issue_date=issue.issue_date,
                                                        subject="Mali, Niger : l’essentiel"), issue.version, user)
        entries = revisions.history(issue=issue)
        assert [e.revision.action for e in entries] == ["edited", "override", "added", "added", "created"]
        assert all(e.revision.user_id == editor.id for e in entries[:4])
        latest = entries[0].changes
        assert [(c.label, c.before, c.after) for c in latest] == [
            ("Objet", "Sahel\u00a0: l’essentiel de la semaine", "Mali, Niger : l’essentiel")]
        override = entries[1].changes[0]
        assert override.before == "" and override.after == "Arlit, l’uranium et la junte"
        assert "Niger : l’uranium d’Arlit" in override.label
        added = entries[3].changes[0]
        assert added.label == "Ajouté\u00a0: « Mali : la transition prolongée »" and added.after == "À la une #1"


def test_restoring_a_revision_brings_back_items_order_and_text_as_a_new_revision(app) -> None:
    with app.app_context():
        issue = make_issue()
        a, b, c = (make_article(t) for t in ("Kidal", "Gao", "Tombouctou"))
        editing.add_item(issue, a.id, "lead", issue.version, None)
        editing.add_item(issue, b.id, "news", issue.version, None)
        editing.update_issue(issue, editing.IssueData(title=issue.title, issue_date=issue.issue_date,
                                                        intro="Chers lecteurs,\n\nbonne lecture."),
                              issue.version, None)
        good = revisions.history(issue=issue)[0].revision
        # Then a bad morning: the lead goes, another story comes, the intro is rewritten.
        editing.remove_item(issue, issue.items_in("lead")[0].id, issue.version, None)
        editing.add_item(issue, c.id, "news", issue.version, None, position=0)
        editing.update_issue(issue, editing.IssueData(title=issue.title, issue_date=issue.issue_date,
                                                        intro="Texte raté"), issue.version, None)
        before = len(revisions.history(issue=issue))
        missing = editing.restore_revision(issue, good.id, issue.version, None)
        assert missing == []
        db.session.expire_all()
        issue = db.session.get(Issue, issue.id)
        assert layout(issue) == {"lead": ["Kidal"], "news": ["Gao"]}
        assert "bonne lecture" in issue.intro and "raté" not in issue.intro
        history = revisions.history(issue=issue)
        assert len(history) == before + 1 and history[0].revision.action == f"restored:{good.id}"
        assert {c.label for c in history[0].changes} >= {"Retiré\u00a0: « Tombouctou »", "Ajouté\u00a0: « Kidal »"}


def test_a_stale_restore_changes_nothing(app) -> None:
    with app.app_context():
        issue = make_issue()
        first = revisions.history(issue=issue)[0].revision
        stale = issue.version
        editing.add_item(issue, make_article("Ségou").id, "news", issue.version, None)
        with pytest.raises(StaleEdit):
            editing.restore_revision(issue, first.id, stale, None)
        assert layout(issue) == {"news": ["Ségou"]}


def test_article_saves_are_revisions_and_the_body_diff_is_word_by_word(app) -> None:
    with app.app_context():
        article = make_article("Bamako", body="<p>Le conseil des ministres a adopté le budget.</p>")
        library.update_article(article, library.ArticleData(
            title="Bamako", body="<p>Le conseil des ministres a rejeté le budget.</p>"), article.version)
        entry = revisions.history(article=article)[0]
        body = next(c for c in entry.changes if c.label == "Corps")
        assert ("delete", "adopté") in body.words and ("insert", "rejeté") in body.words
        first = revisions.history(article=article)[1].revision
        library.restore_article_revision(article, first.id, article.version)
        assert db.session.get(Article, article.id).body == "<p>Le conseil des ministres a adopté le budget.</p>"


def test_history_page_shows_the_diff_and_restores_from_the_browser(app, editor_client) -> None:
    with app.app_context():
        issue = make_issue("Lettre")
        editing.add_item(issue, make_article("Ouagadougou").id, "news", issue.version, None)
        editing.update_issue(issue, editing.IssueData(title="Lettre", issue_date=issue.issue_date,
                                                        subject="Objet « nouveau »"), issue.version, None)
        issue_id, version = issue.id, issue.version
        oldest = revisions.history(issue=issue)[-1].revision.id
    page = editor_client.get(f"/issues/{issue_id}/history")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<ins>Objet « nouveau »</ins>" in html and "Ajouté\u00a0: « Ouagadougou »" in html
    assert len(re.findall(r'/history/\d+/restore"', html)) == 2  # every revision but the current one
    stale = post(editor_client, f"/issues/{issue_id}/history/{oldest}/restore", {"version": version - 1})
    assert stale.status_code == 409 and "Quelqu’un d’autre a modifié ce numéro" in stale.get_data(as_text=True)
    done = post(editor_client, f"/issues/{issue_id}/history/{oldest}/restore", {"version": version})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Issue, issue_id).items == []


def test_article_history_page_lists_saves(app, editor_client) -> None:
    with app.app_context():
        article = make_article("Niamey")
        library.update_article(article, library.ArticleData(title="Niamey, capitale"), article.version)
        article_id = article.id
    html = editor_client.get(f"/articles/{article_id}/history").get_data(as_text=True)
    assert "<del>Niamey</del> → <ins>Niamey, capitale</ins>" in html


def test_changes_since_a_page_of_an_issue_older_than_its_history_are_all_listed(app) -> None:
    with app.app_context():
        issue = make_issue()
        db.session.query(Revision).delete()  # an issue made before revisions existed
        db.session.commit()
        assert revisions.latest_id(issue) == 0
        editing.add_item(issue, make_article("Tessalit").id, "news", issue.version, None)
        assert [e.revision.action for e in revisions.since(issue, 0)] == ["added"]
        assert revisions.since(issue, None) == []


def test_prune_history_keeps_recent_saves_and_the_last_of_each_older_day(app, runner) -> None:
    from datetime import timedelta

    from composer.models import utcnow

    with app.app_context():
        issue = make_issue("Lettre du mois d’août")
        for n in range(5):
            editing.update_issue(issue, editing.IssueData(title="Lettre du mois d’août", issue_date=issue.issue_date,
                                                            subject=f"Objet {n}"), issue.version, None)
        article = make_article("Bamako : la saison des pluies")
        ids = [e.revision.id for e in revisions.history(issue=issue)][::-1]  # created, Objet 0 … Objet 4
        now = utcnow()
        day_120, day_100 = ((now - timedelta(days=d)).replace(hour=9) for d in (120, 100))
        when = {ids[0]: day_120, ids[1]: day_120 + timedelta(hours=1), ids[2]: day_120 + timedelta(hours=2),
                ids[3]: day_100, ids[4]: day_100 + timedelta(hours=5), ids[5]: now - timedelta(days=3)}
        for revision_id, created_at in when.items():
            db.session.get(Revision, revision_id).created_at = created_at
        for revision in db.session.scalars(db.select(Revision).where(Revision.article_id == article.id)):
            revision.created_at = now - timedelta(days=200)  # an article's only revision: its first, kept
        db.session.commit()
        article_id, issue_id = article.id, issue.id
    result = runner.invoke(args=["prune-history", "--days", "90"])
    assert result.exit_code == 0 and "Removed 2 revision(s)" in result.output
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        entries = revisions.history(issue=issue)
        assert [e.revision.id for e in entries] == [ids[5], ids[4], ids[2], ids[0]]
        assert [(c.before, c.after) for c in entries[1].changes] == [("Objet 1", "Objet 3")]  # spans the gap
        assert db.session.scalar(db.select(db.func.count()).select_from(Revision)
                                 .where(Revision.article_id == article_id)) == 1
    assert runner.invoke(args=["prune-history", "--days", "0"]).exit_code != 0


def test_a_long_rewrite_shows_as_replaced_whole_and_a_small_edit_in_a_long_body_word_by_word(app) -> None:
    """Matching words one by one grows with the cube of their number (a 2 000-word rewrite held the history
    page 88 s): past 300 differing words the middle shows as replaced; a long body with one word changed
    keeps its word-by-word diff."""
    hostile_before, hostile_after = " ".join(["b", "a"] * 750), " ".join(["b", "a", "a"] * 500)
    ops = [op for op, _ in revisions.word_diff(hostile_before, hostile_after)]
    assert ops == ["equal", "delete", "insert", "equal"]
    long_before = " ".join(f"mot{n}" for n in range(3000))
    long_after = long_before.replace("mot1500 ", "changé ")
    assert revisions.word_diff(long_before, long_after) == [
        ("equal", " ".join(f"mot{n}" for n in range(1500))), ("delete", "mot1500"), ("insert", "changé"),
        ("equal", " ".join(f"mot{n}" for n in range(1501, 3000)))]

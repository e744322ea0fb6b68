"""Issue services: items, order, sections, overrides, versions, status and duplication."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from composer import revisions
from composer.domain import Section
from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.errors import Conflict, NotEditable, StaleEdit
from composer.extensions import db
from composer.issues import editing, lifecycle
from composer.models import Issue
from tests.factories import make_article, make_issue

BRAND = Brand.from_mapping({})
SECTIONS = Section.values()


def layout(issue: Issue) -> dict[str, list[str]]:
    db.session.refresh(issue)
    return {s: [i.article.title for i in issue.items_in(s)] for s in SECTIONS if issue.items_in(s)}


def test_items_are_added_to_sections_in_order(app) -> None:
    with app.app_context():
        a, b, c = (make_article(t) for t in ("Kidal", "Uranium", "Tribune"))
        issue = make_issue()
        editing.add_item(issue, a.id, "lead", issue.version, None)
        editing.add_item(issue, b.id, "news", issue.version, None)
        editing.add_item(issue, c.id, "news", issue.version, None, position=0)
        assert layout(issue) == {"lead": ["Kidal"], "news": ["Tribune", "Uranium"]}


def test_an_article_appears_at_most_once_per_issue(app) -> None:
    with app.app_context():
        a = make_article("Une fois")
        issue = make_issue()
        editing.add_item(issue, a.id, "news", issue.version, None)
        with pytest.raises(Conflict):
            editing.add_item(issue, a.id, "related", issue.version, None)
        assert layout(issue) == {"news": ["Une fois"]}


def test_moving_within_and_across_sections(app) -> None:
    with app.app_context():
        issue = make_issue()
        items = [editing.add_item(issue, make_article(t).id, "news", issue.version, None) for t in "ABC"]
        editing.move_item(issue, items[2].id, issue.version, None, direction="up")
        assert layout(issue) == {"news": ["A", "C", "B"]}
        editing.move_item(issue, items[0].id, issue.version, None, direction="up")  # already first: stays
        assert layout(issue) == {"news": ["A", "C", "B"]}
        editing.move_item(issue, items[0].id, issue.version, None, section="related")
        assert layout(issue) == {"news": ["C", "B"], "related": ["A"]}
        editing.move_item(issue, items[1].id, issue.version, None, section="related", position=0)
        assert layout(issue) == {"news": ["C"], "related": ["B", "A"]}
        assert [i.position for i in issue.items_in("related")] == [0, 1]


def test_removing_an_item_closes_the_gap(app) -> None:
    with app.app_context():
        issue = make_issue()
        items = [editing.add_item(issue, make_article(t).id, "news", issue.version, None) for t in "ABC"]
        editing.remove_item(issue, items[1].id, issue.version, None)
        assert layout(issue) == {"news": ["A", "C"]}
        assert [i.position for i in issue.items_in("news")] == [0, 1]


def test_overrides_change_the_issue_not_the_library(app) -> None:
    with app.app_context():
        article = make_article("Titre de la bibliothèque", lead="Chapô d’origine")
        issue = make_issue()
        item = editing.add_item(issue, article.id, "lead", issue.version, None)
        editing.set_override(issue, item.id, issue.version, None, "Titre pour la lettre", "Accroche courte", "")
        html = render_issue(issue, "generic", BRAND).html
        assert "Titre pour la lettre" in html and "Accroche courte" in html
        assert "Titre de la bibliothèque" not in html
        db.session.refresh(article)
        assert (article.title, article.lead) == ("Titre de la bibliothèque", "Chapô d’origine")
        editing.reset_override(issue, item.id, issue.version, None)
        assert "Titre de la bibliothèque" in render_issue(issue, "generic", BRAND).html


def test_a_save_against_an_older_version_changes_nothing(app) -> None:
    with app.app_context():
        issue = make_issue()
        loaded = issue.version
        first = make_article("Premier")
        editing.add_item(issue, first.id, "news", loaded, None)
        with pytest.raises(StaleEdit):
            editing.add_item(issue, make_article("Second").id, "news", loaded, None)
        with pytest.raises(StaleEdit):
            editing.update_issue(issue, editing.IssueData(title="Autre", issue_date=issue.issue_date,
                                                            subject="Écrasé ?"), loaded, None)
        assert layout(issue) == {"news": ["Premier"]}
        assert issue.subject == "Sahel\u00a0: l’essentiel de la semaine"


def test_a_failure_half_way_leaves_the_issue_as_it_was(app) -> None:
    with app.app_context():
        issue = make_issue()
        items = [editing.add_item(issue, make_article(t).id, "news", issue.version, None) for t in "AB"]
        version = issue.version

        def explode() -> None:
            items[0].section = "related"  # a first change is made...
            raise RuntimeError("database went away")  # ...then the action fails

        with pytest.raises(RuntimeError):
            editing._edit(issue, version, None, explode, "moved")
        db.session.expire_all()
        issue = db.session.get(Issue, issue.id)
        assert layout(issue) == {"news": ["A", "B"]}
        assert issue.version == version
        assert [e.revision.action for e in revisions.history(issue=issue)][0] == "added"  # no revision either


def test_only_drafts_are_editable(app) -> None:
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, make_article("A").id, "news", issue.version, None)
        lifecycle.set_status(issue, "ready", issue.version, None, BRAND)
        with pytest.raises(NotEditable):
            editing.add_item(issue, make_article("B").id, "news", issue.version, None)
        lifecycle.set_status(issue, "draft", issue.version, None, BRAND)
        editing.add_item(issue, make_article("C").id, "news", issue.version, None)
        assert layout(issue) == {"news": ["A", "C"]}


def test_a_sent_issue_is_frozen_forever(app) -> None:
    with app.app_context():
        article = make_article("Titre envoyé", lead="Chapô envoyé", canonical_url="https://example.org/a")
        issue = make_issue(subject="Objet")
        editing.add_item(issue, article.id, "lead", issue.version, None)
        lifecycle.set_status(issue, "sent", issue.version, None, BRAND)
        before = {p: render_issue(issue, p, BRAND) for p in ("generic", "mailchimp")}
        from composer import library

        library.update_article(article, library.ArticleData(title="Titre corrigé après envoi",
                                                            canonical_url="https://example.org/a"))
        for profile, rendered in before.items():
            after = render_issue(issue, profile, BRAND)
            assert after.html == rendered.html and after.text == rendered.text
        assert "Titre envoyé" in before["generic"].html
        for status in ("draft", "ready"):
            with pytest.raises(NotEditable):
                lifecycle.set_status(issue, status, issue.version, None, BRAND)


def test_duplicate_makes_an_editable_draft_with_the_same_items(app) -> None:
    with app.app_context():
        issue = make_issue(subject="Objet")
        item = editing.add_item(issue, make_article("A").id, "lead", issue.version, None)
        editing.set_override(issue, item.id, issue.version, None, "Titre retouché", None, None)
        lifecycle.set_status(issue, "sent", issue.version, None, BRAND)
        copy = lifecycle.duplicate_issue(issue, None)
        assert copy.status == "draft" and copy.id != issue.id and copy.subject == "Objet"
        assert [(i.section, i.title) for i in copy.items] == [("lead", "Titre retouché")]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["up", "down", "to"]),
                                st.sampled_from(SECTIONS), st.integers(-2, 8)), max_size=25))
def test_positions_stay_dense_and_unique_after_any_moves(app, moves) -> None:
    with app.app_context():
        issue = db.session.get(Issue, _issue_with_six_items())
        for index, kind, section, position in moves:
            item = issue.items[index % len(issue.items)]
            if kind == "to":
                editing.move_item(issue, item.id, issue.version, None, section=section, position=position)
            else:
                editing.move_item(issue, item.id, issue.version, None, direction=kind)
        db.session.expire_all()
        issue = db.session.get(Issue, issue.id)
        assert len(issue.items) == 6
        for section in SECTIONS:
            assert [i.position for i in issue.items_in(section)] == list(range(len(issue.items_in(section))))
        db.session.delete(issue)
        db.session.commit()


def _issue_with_six_items() -> int:
    issue = make_issue()
    for n in range(6):
        article = make_article(f"Article {n} {issue.id}")
        editing.add_item(issue, article.id, SECTIONS[n % 4], issue.version, None)
    return issue.id


def test_intro_typed_as_plain_text_becomes_paragraphs_and_reads_back_as_text(app, editor_client) -> None:
    from tests.conftest import post

    with app.app_context():
        issue = make_issue()
        issue_id, version = issue.id, issue.version
    typed = "Bonjour à toutes et à tous\u00a0!\n\nAu sommaire : Kidal & l’uranium."
    post(editor_client, f"/issues/{issue_id}", {"title": "Lettre", "issue_date": "2026-11-26", "language": "fr",
                                                "subject": "", "preheader": "", "intro": typed, "version": version})
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        assert issue.intro == "<p>Bonjour à toutes et à tous\u00a0!</p><p>Au sommaire : Kidal &amp; l’uranium.</p>"
        html = render_issue(issue, "generic", BRAND).html  # each paragraph now carries the email's own style
        assert '">Bonjour à toutes et à tous\u00a0!</p><p class="rt-p"' in html
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert "Bonjour à toutes et à tous\u00a0!\n\nAu sommaire : Kidal &amp; l’uranium.</textarea>" in page


def test_a_colleague_saving_between_the_check_and_the_commit_is_a_conflict_not_a_crash(app) -> None:
    """Two editors press Save at the same instant: the version check passed for both, and the database
    refuses the second UPDATE. That editor gets the conflict (nothing saved), never a server error."""
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, make_article("Kayes").id, "news", issue.version, None)
        seen = issue.version
        with db.engine.begin() as other:  # the colleague's save lands first, on its own connection
            other.execute(text("UPDATE issues SET version = version + 1 WHERE id = :id"), {"id": issue.id})
        with pytest.raises(StaleEdit):
            editing.add_item(issue, make_article("Sikasso").id, "news", seen, None)
        db.session.expire_all()
        issue = db.session.get(Issue, issue.id)
        assert layout(issue) == {"news": ["Kayes"]} and issue.version == seen + 1
        assert [e.revision.action for e in revisions.history(issue=issue)] == ["added", "created"]


def test_an_intro_with_a_bold_word_and_an_address_keeps_its_paragraphs_and_links_the_address(
        app, editor_client) -> None:
    from tests.conftest import post

    with app.app_context():
        issue = make_issue()
        issue_id, version = issue.id, issue.version
    address = "https://www.example.org/evenements/2026/12/webinaire-sahel-securite?utm_source=lettre&utm_medium=email"
    typed = (f"Bonjour,\n\nLe dossier est <b>exceptionnel</b>.\n\nInscrivez-vous : {address}.\n\n"
             "À bientôt !")
    post(editor_client, f"/issues/{issue_id}", {"title": "Lettre", "issue_date": "2026-11-26", "language": "fr",
                                                "subject": "", "preheader": "", "intro": typed, "version": version})
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        linked = address.replace("&", "&amp;")
        assert issue.intro == ("<p>Bonjour,</p><p>Le dossier est <strong>exceptionnel</strong>.</p>"
                               f'<p>Inscrivez-vous : <a href="{linked}">{linked}</a>.</p><p>À bientôt !</p>')
        html = render_issue(issue, "generic", BRAND).html
    assert html.count('<p class="rt-p"') == 4
    assert f'href="{linked}"' in html and "word-break:break-word" in html.replace(": ", ":")

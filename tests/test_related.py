"""« Du même sujet »: suggestions on a hand-written French set of stories."""
from __future__ import annotations

from datetime import datetime

import pytest

from composer.accounts.tokens import create_token
from composer.extensions import db
from composer.issues import editing
from composer.library.related import subject_terms, suggest_related
from composer.models import Article, Issue, User
from tests.conftest import post
from tests.factories import at, make_article, make_issue

NOW = datetime(2026, 11, 25, 12, 0)


@pytest.fixture
def newsroom(app):
    with app.app_context():
        stories = {
            "kidal": make_article(
                "Mali : combats autour de Kidal entre l’armée et les rebelles du CSP",
                lead="Les Forces armées maliennes, appuyées par Wagner, ont lancé une offensive au nord du Mali.",
                body="<p>Les combats ont repris près de Kidal et de Tessalit. Les mercenaires de Wagner "
                     "accompagnent les FAMa. Au Mali, la junte promet de reprendre tout le nord.</p>",
                tags="Mali, Kidal, Wagner", section="Sécurité", published_at=at(24)),
            "wagner": make_article(
                "Wagner quitte le Mali, l’Africa Corps prend le relais",
                lead="Le groupe russe Wagner annonce son départ ; le Mali reste lié à Moscou.",
                tags="Mali, Wagner, Russie", section="Sécurité", published_at=at(20)),
            "tessalit": make_article(
                "Nord du Mali : Tessalit sous le feu des drones",
                lead="Les frappes se multiplient dans la région de Kidal, au nord du Mali.",
                tags="Mali, Kidal", section="Sécurité", published_at=at(18)),
            "sahel": make_article(
                "Au Sahel, les jihadistes profitent du départ des forces étrangères",
                lead="Du Mali au Niger, le JNIM étend son emprise sur le Sahel.",
                tags="Sahel, JNIM, Mali", section="Sécurité", published_at=at(10)),
            "tribune": make_article(
                "Tribune : « Au Mali, la guerre ne se gagnera pas sans les populations du nord »",
                kind="opinion", lead="Pour le chercheur, Kidal et Tessalit demandent une solution politique.",
                tags="Mali, Kidal", section="Opinions", published_at=at(15)),
            "cacao": make_article(
                "Côte d’Ivoire : le cacao à prix record",
                lead="Les planteurs ivoiriens attendent leur part de la hausse des cours mondiaux.",
                tags="Côte d’Ivoire, cacao", section="Économie", published_at=at(23)),
            "budget": make_article(
                "Sénégal : un budget de rigueur pour réduire la dette",
                lead="Le gouvernement présente un budget qui coupe dans les dépenses.",
                tags="Sénégal, dette", section="Économie", published_at=at(22)),
        }
        yield {k: v.id for k, v in stories.items()}


def article(ident: int) -> Article:
    return db.session.get(Article, ident)


def titles(suggestions) -> list[str]:
    return [s.article.title for s in suggestions]


def test_a_story_on_fighting_in_northern_mali_gets_mali_wagner_and_sahel_first(app, newsroom) -> None:
    with app.app_context():
        kidal = article(newsroom["kidal"])
        suggestions = suggest_related(kidal, now=NOW)
        ids = [s.article.id for s in suggestions]
        related = {newsroom[k] for k in ("wagner", "tessalit", "sahel", "tribune")}
        assert set(ids[:4]) == related
        assert newsroom["cacao"] not in ids[:4] and newsroom["budget"] not in ids[:4]
        assert all(s.reason for s in suggestions)
        assert any("Kidal" in s.reason or "Wagner" in s.reason for s in suggestions)


def test_never_itself_nor_what_is_already_in_the_issue(app, newsroom) -> None:
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, newsroom["kidal"], "lead", issue.version, None)
        editing.add_item(issue, newsroom["wagner"], "news", issue.version, None)
        kidal = article(newsroom["kidal"])
        ids = [s.article.id for s in suggest_related(kidal, exclude={i.article_id for i in issue.items}, now=NOW)]
        assert newsroom["kidal"] not in ids and newsroom["wagner"] not in ids
        assert newsroom["tessalit"] in ids


def test_suggestions_are_stable(app, newsroom) -> None:
    with app.app_context():
        kidal = article(newsroom["kidal"])
        assert titles(suggest_related(kidal, now=NOW)) == titles(suggest_related(kidal, now=NOW))


def test_an_article_alone_in_the_library_gets_nothing(app) -> None:
    with app.app_context():
        lonely = make_article("Mali : un article seul", lead="Rien d’autre dans la bibliothèque.", tags="Mali")
        assert suggest_related(lonely) == []


def test_subject_terms_favour_tags_and_named_entities(app) -> None:
    with app.app_context():
        article = make_article("Burkina Faso : Ibrahim Traoré prolonge la transition",
                               lead="La junte de Ouagadougou repousse les élections.", tags="Burkina Faso")
        terms, labels = subject_terms(article)
        assert terms[:2] == ["burkina", "faso"] and "Burkina Faso" in labels
        assert "la" not in terms and "les" not in terms


def test_compose_page_shows_suggestions_for_the_lead_story_and_adds_one(app, newsroom, editor_client) -> None:
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, newsroom["kidal"], "lead", issue.version, None)
        issue_id, version = issue.id, issue.version
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    panel = page.split('id="related-title"')[1].split("</section>")[0]
    assert "Wagner quitte le Mali" in panel and "Côte d’Ivoire" not in panel.split("Partagé")[0]
    assert "Partagé" in panel
    post(editor_client, f"/issues/{issue_id}/items", {"article_id": newsroom["tribune"], "section": "opinions",
                                                      "version": version})
    with app.app_context():
        assert [i.article_id for i in db.session.get(Issue, issue_id).items_in("opinions")] == [newsroom["tribune"]]


def test_api_related(app, newsroom, client, editor) -> None:
    with app.app_context():
        token = create_token(db.session.get(User, editor.id), "t")[1]
    response = client.get(f"/api/v1/articles/{newsroom['kidal']}/related?limit=3",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and len(response.json["items"]) == 3
    assert all(item["reason"] for item in response.json["items"])
    assert client.get("/api/v1/articles/999/related", headers={"Authorization": f"Bearer {token}"}).status_code == 404

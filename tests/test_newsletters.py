"""Newsletters: the migration that makes the first one, the service's rules, and issues belonging to one."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from composer.email.brand import Brand
from composer.email.render import render_issue
from composer.errors import InvalidInput
from composer.extensions import db
from composer.issues import editing, lifecycle, newsletters
from composer.models import Issue, Newsletter, SentCopy
from tests.factories import make_article, make_issue
from tests.test_migrations_data import old_database  # noqa: F401 (a fixture)

FROZEN = "<!DOCTYPE html><html lang=\"fr\"><body><p>Le numéro tel qu’il est parti\u00a0: « Kidal ».</p></body></html>"


def test_the_migration_makes_a_first_newsletter_from_the_brand_and_keeps_sent_copies_byte_for_byte(
        old_database) -> None:  # noqa: F811
    app = old_database
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="8fe2642de958")
        connection = db.session.connection()
        connection.execute(text(
            "INSERT INTO brand_settings (id, publication_name, logo_url, accent_color, postal_address, footer_text, "
            "sender_email, unsubscribe_url, view_online_url, site_url, utm_enabled, utm_source, unsubscribe_email, "
            "table_of_contents, version, updated_at) VALUES (1, 'La Lettre du Sahel', '', '#b3261e', 'Dakar', "
            "'Pied', 'l@example.org', 'https://example.org/u', '', '', false, 'newsletter', '', true, 1, "
            "'2026-11-24')"))
        for number, status in ((1, "sent"), (2, "draft")):
            connection.execute(text(
                "INSERT INTO issues (id, title, subject, preheader, intro, issue_date, language, status, version, "
                "created_at, updated_at, in_archive) VALUES (:id, 'Lettre', 'Objet', '', '', '2026-11-26', 'fr', "
                ":status, 1, '2026-11-24', '2026-11-24', true)"), {"id": number, "status": status})
        connection.execute(text(
            "INSERT INTO sent_copies (id, issue_id, profile, subject, preheader, html, text, created_at) "
            "VALUES (1, 1, 'generic', 'Objet', '', :html, 'texte', '2026-11-26')"), {"html": FROZEN})
        db.session.commit()
        upgrade(directory=directory)

        first = db.session.scalars(select(Newsletter)).one()
        assert (first.name, first.slug, first.design, first.language) == (
            "La Lettre du Sahel", "la-lettre-du-sahel", {"preset": "classique"}, "fr")
        assert [s["key"] for s in first.sections] == ["lead", "news", "opinions", "related"]
        assert {i.newsletter_id for i in db.session.scalars(select(Issue))} == {first.id}
        copy = db.session.get(SentCopy, 1)
        assert copy.html == FROZEN
        sent = db.session.get(Issue, 1)
        assert render_issue(sent, "generic", Brand.from_mapping({})).html == FROZEN
        # The next newsletter gets an id of its own (PostgreSQL's sequence moved past the migration's row).
        second = newsletters.create_newsletter(newsletters.NewsletterData(name="La Matinale"))
        assert second.id == 2
        db.session.remove()
        db.engine.dispose()


def test_an_issue_belongs_to_the_first_newsletter_unless_told_otherwise(app) -> None:
    with app.app_context():
        issue = make_issue()
        assert issue.newsletter == newsletters.default_newsletter()
        morning = newsletters.create_newsletter(newsletters.NewsletterData(name="La Matinale", language="en"))
        other = editing.create_issue(editing.IssueData(title="Brief", issue_date=issue.issue_date,
                                                       newsletter_id=morning.id), None)
        assert (other.newsletter, other.language) == (morning, "en")


def test_a_newsletter_takes_only_its_sections_and_the_kinds_each_accepts(app) -> None:
    with app.app_context():
        brief = newsletters.create_newsletter(newsletters.NewsletterData(
            name="Le Brief", sections=[{"key": "news", "title": "L’essentiel", "accepts": ["article"]}]))
        issue = make_issue(newsletter_id=brief.id)
        article, opinion = make_article("Kidal"), make_article("Tribune", kind="opinion")
        editing.add_item(issue, article.id, "news", issue.version, None)
        with pytest.raises(InvalidInput):
            editing.add_item(issue, opinion.id, "news", issue.version, None)
        with pytest.raises(InvalidInput):
            editing.add_item(issue, opinion.id, "opinions", issue.version, None)
        html = render_issue(issue, "generic", Brand.from_mapping({})).html
        assert "L’essentiel" in html and "Actualités" not in html


def test_duplicating_into_another_newsletter_keeps_the_stories_its_sections_take(app) -> None:
    with app.app_context():
        issue = make_issue()
        news, opinion = make_article("Kidal"), make_article("Tribune", kind="opinion")
        editing.add_item(issue, news.id, "news", issue.version, None)
        editing.add_item(issue, opinion.id, "opinions", issue.version, None)
        brief = newsletters.create_newsletter(newsletters.NewsletterData(
            name="Le Brief", sections=[{"key": "news", "title": "", "accepts": ["article", "opinion"]}]))
        copy = lifecycle.duplicate_issue(issue, None, brief)
        assert copy.newsletter == brief
        assert [(i.section, i.article.title) for i in copy.items] == [("news", "Kidal")]


@pytest.mark.parametrize(("values", "field"), [
    ({"name": " "}, "name"),
    ({"language": "de"}, "language"),
    ({"sections": [{"key": "sports"}]}, "sections"),
    ({"sections": []}, "sections"),
    ({"sections": [{"key": "news", "accepts": ["podcast"]}]}, "sections"),
    ({"design": {"preset": "neon"}}, "preset"),
    ({"design": {"preset": "brief", "accent_color": "#f5d90a"}}, "accent_color"),
    ({"design": {"preset": "brief", "layout": "carousel"}}, "layout"),
    ({"sender_email": "not an address"}, "sender_email"),
])
def test_a_newsletter_with_an_error_is_refused_with_the_field_that_has_it(app, values, field) -> None:
    with app.app_context():
        with pytest.raises(InvalidInput) as refused:
            newsletters.create_newsletter(newsletters.NewsletterData(**{"name": "La Matinale", **values}))
        assert field in refused.value.fields


def _token(app, user_id: int) -> dict[str, str]:
    from composer.accounts.tokens import create_token
    from composer.models import User

    with app.app_context():
        return {"Authorization": f"Bearer {create_token(db.session.get(User, user_id), 'test')[1]}"}


def test_the_api_lists_creates_and_changes_newsletters_and_issues_name_theirs(app, client, admin, editor) -> None:
    headers = _token(app, admin.id)
    listed = client.get("/api/v1/newsletters", headers=headers).get_json()["items"]
    assert [n["name"] for n in listed] == ["Horizon Sahel"]
    assert [s["key"] for s in listed[0]["sections"]] == ["lead", "news", "opinions", "related"]
    assert listed[0]["design"]["preset"] == "classique" and listed[0]["design"]["layout"] == "text"
    made = client.post("/api/v1/newsletters", headers=headers, json={
        "name": "La Matinale", "language": "fr",
        "sections": [{"key": "news", "title": "L’essentiel", "accepts": ["article"]},
                     {"key": "opinions", "title": "Débats", "accepts": ["opinion"]}],
        "design": {"preset": "brief", "accent_color": "#0b5394"}})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert (body["slug"], body["design"]["font"], body["design"]["accent_color"]) == ("la-matinale", "sans", "#0b5394")
    assert [(s["key"], s["title"], s["accepts"]) for s in body["sections"]] == [
        ("news", "L’essentiel", ["article"]), ("opinions", "Débats", ["opinion"])]
    changed = client.patch(f"/api/v1/newsletters/{body['id']}", headers={**headers, "If-Match": '"1"'},
                           json={"design": {"preset": "magazine"}, "name": "La Matinale du Sahel"})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["design"]["layout"], changed.get_json()["sections"][0]["title"]) == ("image",
                                                                                                   "L’essentiel")
    # renamed, it keeps its address: its archive and feed are linked to and subscribed to
    assert changed.get_json()["slug"] == "la-matinale"
    stale = client.patch(f"/api/v1/newsletters/{body['id']}", headers={**headers, "If-Match": '"1"'},
                         json={"name": "Encore"})
    assert stale.status_code == 412
    refused = client.patch(f"/api/v1/newsletters/{body['id']}", headers=headers,
                           json={"design": {"preset": "brief", "accent_color": "#ffee00"}})
    assert refused.status_code == 422 and "accent_color" in refused.get_json()["error"]["fields"]
    issue = client.post("/api/v1/issues", headers=headers, json={
        "title": "Matinale du 27", "date": "2026-11-27", "newsletter_id": body["id"]})
    assert issue.status_code == 201 and issue.get_json()["newsletter_id"] == body["id"]
    assert client.post("/api/v1/issues", headers=headers, json={
        "title": "Nulle part", "date": "2026-11-27", "newsletter_id": 99}).status_code == 422
    editor_headers = _token(app, editor.id)
    assert client.get(f"/api/v1/newsletters/{body['id']}", headers=editor_headers).status_code == 200
    assert client.post("/api/v1/newsletters", headers=editor_headers, json={"name": "X"}).status_code == 403
    assert client.patch(f"/api/v1/newsletters/{body['id']}", headers=editor_headers,
                        json={"name": "X"}).status_code == 403

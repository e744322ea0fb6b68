"""One vocabulary (composer/domain.py): sections, statuses and kinds with their labels and the allowed status
changes, read alike by the pages, the API, the services and the email; one story as it goes out, for the
renderer and the checks before sending."""
from __future__ import annotations

import re

import pytest

from composer.domain import EmailItem, Kind, Section, Status
from composer.email.brand import Brand
from composer.email.export import export_issue
from composer.email.render import render_issue
from composer.errors import NotEditable
from composer.extensions import db
from composer.issues import editing, lifecycle, preflight
from composer.models import Issue
from tests.conftest import post
from tests.factories import make_article, make_issue

BRAND = Brand.from_mapping({"unsubscribe_url": "https://example.org/u"})


def test_a_status_says_which_may_follow_it() -> None:
    assert Status.DRAFT.can_become(Status.READY) and Status.DRAFT.can_become("sent")
    assert Status.READY.next_states == (Status.DRAFT, Status.SENT)
    assert Status.SENT.next_states == () and not Status.SENT.can_become(Status.DRAFT)
    assert not Status.DRAFT.can_become(Status.DRAFT) and not Status.DRAFT.can_become("archived")
    assert Status.of("ready") is Status.READY and Section.LEAD == "lead" and Kind.values() == ("article", "opinion")


def test_the_compose_page_offers_exactly_the_allowed_status_changes(app, editor_client) -> None:
    with app.app_context():
        issue = make_issue()
        editing.add_item(issue, make_article("Kidal").id, "lead", issue.version, None)
        issue_id = issue.id
    buttons = {Status.DRAFT: ["Marquer prêt", "Marquer envoyé"],
               Status.READY: ["Repasser en brouillon", "Marquer envoyé"], Status.SENT: []}
    for status in Status:
        with app.app_context():
            issue = db.session.get(Issue, issue_id)
            if issue.status != status:
                lifecycle.set_status(issue, status, issue.version, None, BRAND)
        page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
        forms = re.findall(r'name="status" value="(\w+)">\s*<button type="submit">([^<]+)</button>', page)
        assert forms == list(zip([s.value for s in status.next_states], buttons[status], strict=True))
    with app.app_context(), pytest.raises(NotEditable):
        issue = db.session.get(Issue, issue_id)
        lifecycle.set_status(issue, Status.DRAFT, issue.version, None, BRAND)


def test_a_section_has_one_title_on_the_page_and_in_the_email_in_each_language(app, editor_client) -> None:
    with app.app_context():
        ids = {}
        for language in ("fr", "en"):
            issue = make_issue(language=language)
            editing.add_item(issue, make_article("Tribune", kind="opinion").id, "opinions", issue.version, None)
            ids[language] = issue.id
        emails = {language: render_issue(db.session.get(Issue, ids[language]), "generic", BRAND).text
                  for language in ids}
    assert "== OPINIONS ==" in emails["en"] and "== OPINIONS ==" in emails["fr"]
    english_page = editor_client.get(f"/issues/{ids['en']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h3>Opinions</h3>" in english_page and "<h3>Top story</h3>" in english_page
    french_page = editor_client.get(f"/issues/{ids['fr']}").get_data(as_text=True)
    assert "<h3>À la une</h3>" in french_page and "<h3>Du même sujet</h3>" in french_page


def test_the_email_speaks_the_issues_language_whatever_the_editors(app, editor_client) -> None:
    with app.app_context():
        french = make_issue()
        english = make_issue(language="en")
        for issue in (french, english):
            editing.add_item(issue, make_article("Kidal", kind="opinion", author="A. Traoré").id, "news",
                             issue.version, None)
        french_id, english_id = french.id, english.id
    in_english_ui = editor_client.get(f"/issues/{french_id}/preview?view=text",
                                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Pour vous désinscrire &lt;https:" in in_english_ui and "Opinion · A. Traoré" in in_english_ui
    assert "== ACTUALITÉS ==" in in_english_ui and "Preview" in in_english_ui  # the page itself in English
    email = editor_client.get(f"/issues/{english_id}/preview/email").get_data(as_text=True)  # French interface
    assert ">Unsubscribe</a>" in email and "Se désinscrire" not in email and ">News<" in email


def test_the_renderer_and_the_checks_read_the_same_story(app) -> None:
    with app.app_context():
        issue = make_issue(subject="Sahel\u00a0: la semaine")
        article = make_article("Gao : le pont", lead="Le pont rouvre.", image_url="https://images.example.org/gao.jpg",
                               image_alt="Le pont de Gao", author="Awa")
        item = editing.add_item(issue, article.id, "lead", issue.version, None,
                                overrides={"title_override": "Gao : le pont rouvert",
                                           "image_override": "http://images.example.org/autre.jpg"})
        story = item.story
        assert isinstance(story, EmailItem)
        assert (story.section, story.kind, story.title, story.teaser, story.author) == (
            Section.LEAD, Kind.ARTICLE, "Gao : le pont rouvert", "Le pont rouvre.", "Awa")
        assert story.image_chosen == "http://images.example.org/autre.jpg" and story.image_url == ""
        assert (story.slug, story.anchor) == ("gao-le-pont-rouvert", "lead-1")
        html = render_issue(issue, "generic", BRAND).html
        assert "Gao\u00a0: le pont rouvert" in html and "autre.jpg" not in html  # http: the email leaves it out
        [check] = [c for c in preflight.check_issue(issue) if "https" in c.message]
        assert "Gao : le pont rouvert" in check.message and check.article_id is None  # fixed in the issue

        editing.set_override(issue, item.id, issue.version, None, None, None, None)
        story = db.session.get(Issue, issue.id).items[0].story
        assert (story.title, story.image_url, story.image_alt) == (
            "Gao : le pont", "https://images.example.org/gao.jpg", "Le pont de Gao")
        assert 'alt="Le pont de Gao"' in render_issue(issue, "generic", BRAND).html


def test_the_links_campaign_is_the_issues_slug(app) -> None:
    with app.app_context():
        issue = make_issue(subject="Sahel\u00a0: la semaine où tout a basculé")
        editing.add_item(issue, make_article("Kidal", canonical_url="https://example.org/kidal").id, "news",
                         issue.version, None)
        brand = Brand.from_mapping({"utm_enabled": True, "utm_source": "lettre"})
        html = render_issue(issue, "generic", brand).html
        assert f"utm_campaign={issue.slug}&amp;utm_content=news" in html
        assert export_issue(issue, "html", "generic", brand).filename == f"2026-11-26-{issue.slug}.html"


def test_the_api_document_lists_the_vocabulary(client) -> None:
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["ItemIn"]["properties"]["section"]["enum"] == list(Section.values())
    assert schemas["ItemOut"]["properties"]["section"]["enum"] == list(Section.values())
    assert schemas["StatusIn"]["properties"]["status"]["enum"] == list(Status.values())
    assert schemas["IssueSummary"]["properties"]["status"]["enum"] == list(Status.values())
    assert schemas["ArticleIn"]["properties"]["kind"]["enum"] == list(Kind.values())


def test_a_status_form_with_an_unknown_status_changes_nothing(app, editor_client) -> None:
    with app.app_context():
        issue_id, version = (lambda i: (i.id, i.version))(make_issue())
    response = post(editor_client, f"/issues/{issue_id}/status", {"status": "archived", "version": version})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Issue, issue_id).status == Status.DRAFT

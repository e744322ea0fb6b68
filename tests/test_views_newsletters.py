"""Newsletter pages: admins create and edit, editors see and pick; the issue list filters, duplicates into
another newsletter; the public archive per newsletter with its own feed."""
from __future__ import annotations

from sqlalchemy import select

from composer.extensions import db
from composer.issues import editing, lifecycle, newsletters
from composer.models import Issue, Newsletter
from tests.conftest import post
from tests.factories import make_article, make_issue

FORM = {"name": "La Matinale", "language": "fr", "preset": "brief", "accent_color": "#0b5394",
        "use_news": "y", "order_news": "1", "title_news": "L’essentiel", "article_news": "y",
        "use_opinions": "y", "order_opinions": "2", "opinion_opinions": "y", "audience_listmonk": "3"}


def test_an_admin_creates_a_newsletter_with_its_sections_and_design(app, admin_client) -> None:
    response = post(admin_client, "/newsletters/new", FORM)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        made = db.session.scalar(select(Newsletter).where(Newsletter.slug == "la-matinale"))
        assert made.sections == [{"key": "news", "title": "L’essentiel", "accepts": ["article"], "leads": 0},
                                 {"key": "opinions", "title": "", "accepts": ["opinion"], "leads": 0}]
        assert made.design == {"preset": "brief", "accent_color": "#0b5394"}
        assert made.audiences == {"listmonk": "3"}
    page = admin_client.get(f"/newsletters/{made.id}").get_data(as_text=True)
    assert 'value="L’essentiel"' in page and 'value="#0b5394"' in page


def test_a_pale_accent_colour_is_refused_with_a_clear_error_and_the_form_kept(app, admin_client) -> None:
    response = post(admin_client, "/newsletters/new", {**FORM, "accent_color": "#f5d90a"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "4.5:1" in page and 'value="La Matinale"' in page
    with app.app_context():
        assert db.session.scalar(select(Newsletter).where(Newsletter.slug == "la-matinale")) is None


def test_editors_see_newsletters_and_pick_one_but_cannot_create_or_edit(app, editor_client) -> None:
    with app.app_context():
        first = newsletters.default_newsletter()
        db.session.commit()
        morning = newsletters.create_newsletter(newsletters.NewsletterData(name="La Matinale", language="en"))
        morning_id, first_id = morning.id, first.id
    page = editor_client.get("/newsletters").get_data(as_text=True)
    assert "La Matinale" in page and "/archive/la-matinale/" in page
    assert editor_client.get("/newsletters/new").status_code == 403
    assert editor_client.get(f"/newsletters/{first_id}").status_code == 403
    form = editor_client.get(f"/issues/new?newsletter={morning_id}").get_data(as_text=True)
    assert f'<option selected value="{morning_id}">La Matinale</option>' in form
    response = post(editor_client, "/issues/new", {"newsletter": str(morning_id), "title": "Matinale du 27",
                                                   "issue_date": "2026-11-27", "language": ""})
    assert response.status_code == 302
    with app.app_context():
        issue = db.session.scalar(select(Issue).where(Issue.title == "Matinale du 27"))
        assert (issue.newsletter_id, issue.language) == (morning_id, "en")
    compose = editor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "La Matinale" in compose


def test_the_issue_list_filters_by_newsletter_and_duplicates_into_another(app, editor_client) -> None:
    with app.app_context():
        weekly = make_issue("Lettre du jeudi")
        editing.add_item(weekly, make_article("Kidal").id, "news", weekly.version, None)
        morning = newsletters.create_newsletter(newsletters.NewsletterData(name="La Matinale"))
        make_issue("Matinale du 27", newsletter_id=morning.id)
        weekly_id, morning_id = weekly.id, morning.id
    everything = editor_client.get("/issues").get_data(as_text=True)
    assert "Lettre du jeudi" in everything and "Matinale du 27" in everything
    filtered = editor_client.get(f"/issues?newsletter={morning_id}").get_data(as_text=True)
    assert "Matinale du 27" in filtered and "Lettre du jeudi" not in filtered
    response = post(editor_client, f"/issues/{weekly_id}/duplicate", {"newsletter_id": str(morning_id)})
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(select(Issue).where(Issue.newsletter_id == morning_id)
                                  .order_by(Issue.id.desc())).first()
        assert copy.title.endswith("Lettre du jeudi") and [i.article.title for i in copy.items] == ["Kidal"]


def test_each_newsletter_has_its_public_archive_and_feed_and_the_old_addresses_still_work(app, client) -> None:
    with app.app_context():
        from composer.email.brand import current_brand

        weekly = make_issue("Lettre du jeudi", subject="Jeudi : Kidal")
        editing.add_item(weekly, make_article("Kidal").id, "news", weekly.version, None)
        morning = newsletters.create_newsletter(newsletters.NewsletterData(name="La Matinale"))
        early = make_issue("Matinale", subject="Matin : Niamey", newsletter_id=morning.id)
        editing.add_item(early, make_article("Niamey").id, "news", early.version, None)
        for issue in (weekly, early):
            lifecycle.set_status(issue, "sent", issue.version, None, current_brand())
        key, weekly_slug = early.archive_key, weekly.newsletter.slug
    own = client.get("/archive/la-matinale/").get_data(as_text=True)
    assert "Matin : Niamey" in own and "Jeudi : Kidal" not in own and "/archive/la-matinale/feed.xml" in own
    feed = client.get("/archive/la-matinale/feed.xml")
    assert feed.mimetype == "application/atom+xml"
    body = feed.get_data(as_text=True)
    assert "<title>La Matinale</title>" in body and "Matin : Niamey" in body and "Jeudi" not in body
    assert "Jeudi" in client.get(f"/archive/{weekly_slug}/").get_data(as_text=True)
    everything = client.get("/archive/").get_data(as_text=True)
    assert "Matin : Niamey" in everything and "Jeudi : Kidal" in everything
    assert "Niamey" in client.get("/archive/feed.xml").get_data(as_text=True)
    assert client.get(f"/archive/{key}").status_code == 200
    assert client.get("/archive/nulle-part/").status_code == 404


def test_the_compose_page_offers_the_sections_of_the_issues_newsletter_only(app, editor_client) -> None:
    with app.app_context():
        brief = newsletters.create_newsletter(newsletters.NewsletterData(
            name="Le Brief", sections=[{"key": "news", "title": "L’essentiel", "accepts": ["article"]}]))
        issue = make_issue("Brief du 27", newsletter_id=brief.id)
        make_article("Kidal : la reprise")
        make_article("Tribune : le franc CFA", kind="opinion")
        issue_id = issue.id
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert "<h3>L’essentiel</h3>" in page and "À la une" not in page
    assert page.count('name="section" value="news"') == 1  # the article only: the section takes no opinion
    assert 'value="opinions"' not in page and "Lettre\u00a0: Le Brief" in page

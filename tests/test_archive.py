"""The public web archive: sent issues readable without login, exactly as sent; nothing else is public."""
from __future__ import annotations

from composer.email.brand import Brand
from composer.extensions import db
from composer.issues import editing, lifecycle
from composer.models import Issue
from tests.conftest import post
from tests.factories import make_article, make_issue


def _issues(app) -> dict[str, int]:
    with app.app_context():
        brand = Brand.from_mapping({"archive_base_url": "https://lettre.example.org"})
        ids = {}
        for status, subject in (("sent", "Sahel : la semaine décisive"), ("ready", "Prêt mais pas envoyé"),
                                ("draft", "Brouillon secret")):
            issue = make_issue(subject=subject, preheader=f"Pré-en-tête {status}")
            editing.add_item(issue, make_article(f"Article {status}", canonical_url=f"https://e.org/{status}").id,
                              "lead", issue.version, None)
            if status != "draft":
                lifecycle.set_status(issue, status, issue.version, None, brand)
            ids[status] = issue.id
        return ids


def test_sent_issues_are_public_exactly_as_sent_and_in_the_feed(app, client) -> None:
    ids = _issues(app)
    listing = client.get("/archive/")
    assert listing.status_code == 200
    page = listing.get_data(as_text=True)
    assert "Sahel : la semaine décisive" in page
    assert "Prêt mais pas envoyé" not in page and "Brouillon secret" not in page
    with app.app_context():
        issue = db.session.get(Issue, ids["sent"])
        key, sent_html = issue.archive_key, next(c.html for c in issue.sent_copies if c.profile == "generic")
    assert key == "2026-11-26-sahel-la-semaine-decisive"
    archived = client.get(f"/archive/{key}")
    assert archived.status_code == 200 and archived.get_data(as_text=True) == sent_html
    assert f'href="https://lettre.example.org/archive/{key}"' in sent_html  # "view in browser" lands here
    feed = client.get("/archive/feed.xml")
    assert feed.mimetype == "application/atom+xml"
    assert f"/archive/{key}</id>" in feed.get_data(as_text=True)
    assert "Brouillon secret" not in feed.get_data(as_text=True)


def test_draft_and_ready_issues_are_never_reachable_without_login(app, client) -> None:
    ids = _issues(app)
    with app.app_context():
        keys = {s: db.session.get(Issue, i).archive_key for s, i in ids.items()}
    for status in ("draft", "ready"):
        assert client.get(f"/archive/{keys[status]}").status_code == 404
        for path in (f"/issues/{ids[status]}", f"/issues/{ids[status]}/preview/email",
                     f"/issues/{ids[status]}/export?format=html"):
            assert client.get(path).status_code == 302  # to the login page


def test_an_admin_can_take_an_issue_off_the_archive_an_editor_cannot(app, client, editor_client) -> None:
    ids = _issues(app)
    with app.app_context():
        key = db.session.get(Issue, ids["sent"]).archive_key
    assert post(editor_client, f"/issues/{ids['sent']}/archive").status_code == 403
    assert client.get(f"/archive/{key}").status_code == 200
    from tests.conftest import PASSWORD, login

    with app.app_context():
        from composer.accounts.users import create_user

        create_user("chef@example.org", PASSWORD, "admin")
    admin = app.test_client()
    login(admin, "chef@example.org")
    assert post(admin, f"/issues/{ids['sent']}/archive").status_code == 302
    assert app.test_client().get(f"/archive/{key}").status_code == 404
    assert "la semaine décisive" not in app.test_client().get("/archive/").get_data(as_text=True)

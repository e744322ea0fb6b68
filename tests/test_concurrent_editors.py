"""Several editors at once: who else has an issue open (a soft lock that never blocks), and admins changing
the same user's role."""
from __future__ import annotations

import re
from datetime import timedelta

from composer.extensions import db
from composer.issues import presence
from composer.models import IssuePresence, User
from tests.conftest import PASSWORD, login, post
from tests.factories import make_issue


def presence_line(page: str) -> str:
    found = re.search(r'<p id="presence"[^>]*>(.*?)</p>', page, re.S)
    assert found, "the compose page has no presence line"
    return found.group(1).strip()


def test_the_compose_page_says_who_else_has_the_issue_open(app, editor, admin) -> None:
    with app.app_context():
        issue_id = make_issue("Lettre du lundi").id
    awa, chef = app.test_client(), app.test_client()
    login(awa, editor.email)
    login(chef, admin.email)
    assert presence_line(awa.get(f"/issues/{issue_id}").get_data(as_text=True)) == ""  # alone so far
    # Opening the page announces nobody (it only reads, and says nothing without JavaScript): the page's
    # heartbeat does, which composer.js sends as soon as the page has loaded, then every 30 s.
    assert presence_line(chef.get(f"/issues/{issue_id}").get_data(as_text=True)) == ""
    assert post(awa, f"/issues/{issue_id}/presence").json["others"] == []  # Chef's page has not beaten yet
    page = chef.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert presence_line(page).startswith("Aussi sur ce numéro en ce moment\u00a0: Awa Redac.")
    assert [o["name"] for o in post(chef, f"/issues/{issue_id}/presence").json["others"]] == ["Awa Redac"]
    beat = post(awa, f"/issues/{issue_id}/presence")
    assert beat.status_code == 200 and [o["name"] for o in beat.json["others"]] == ["Chef"]
    # Chef closed the page three minutes ago: the lock has expired.
    with app.app_context():
        row = db.session.get(IssuePresence, (issue_id, admin.id))
        row.seen_at -= timedelta(seconds=presence.PRESENCE_SECONDS + 60)
        db.session.commit()
    assert post(awa, f"/issues/{issue_id}/presence").json["others"] == []
    assert presence_line(awa.get(f"/issues/{issue_id}").get_data(as_text=True)) == ""


def test_presence_needs_the_csrf_token(app, editor_client) -> None:
    with app.app_context():
        issue_id = make_issue().id
    assert editor_client.post(f"/issues/{issue_id}/presence").status_code == 400


def test_a_role_change_made_by_another_admin_is_not_overwritten(app, admin, editor) -> None:
    first, second = app.test_client(), app.test_client()
    login(first, admin.email, PASSWORD)
    login(second, admin.email, PASSWORD)
    with app.app_context():
        seen = db.session.get(User, editor.id).version
    assert post(first, f"/users/{editor.id}/role", {"role": "admin", "version": seen}).status_code == 302
    refused = post(second, f"/users/{editor.id}/role", {"role": "editor", "version": seen})
    assert refused.status_code == 409
    assert "Un autre administrateur a modifié redaction@example.org" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, editor.id).role == "admin"

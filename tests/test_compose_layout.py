"""The compose page folds the issue's details once they are written, so the stories come first on the screen."""
from __future__ import annotations

from composer.demo import seed
from composer.extensions import db
from composer.models import Issue
from tests.conftest import login


def test_the_details_are_folded_once_the_issue_has_a_subject_and_open_until_then(app, client, editor) -> None:
    with app.app_context():
        seed()
    login(client, editor.email)
    page = client.get("/issues/1").get_data(as_text=True)
    assert '<details class="issue-details">' in page  # the demo issue has its subject: folded
    assert "Objet, pré-en-tête, intro" in page and "36/60" in page
    client.set_cookie("details_open", "1")  # the editor left them open
    assert '<details class="issue-details" open>' in client.get("/issues/1").get_data(as_text=True)
    client.delete_cookie("details_open")
    with app.app_context():
        db.session.get(Issue, 1).subject = ""
        db.session.commit()
    assert '<details class="issue-details" open>' in client.get("/issues/1").get_data(as_text=True)

"""The intro's rich-text editor: its files served from node_modules (never from the repository), loaded by the
compose page only when installed, and the HTML it sends sanitized on save like any intro."""
from __future__ import annotations

from composer.demo import seed
from composer.extensions import db
from composer.models import Issue
from tests.conftest import login, post


def _demo(app, client, editor):
    with app.app_context():
        seed()
    login(client, editor.email)


def test_the_editors_files_come_from_node_modules_and_nothing_else_is_served(app, client, editor) -> None:
    _demo(app, client, editor)
    with client.get("/editor/trix.js") as script:
        assert script.status_code == 200 and script.mimetype == "text/javascript" and b"Trix" in script.data
    with client.get("/editor/trix.css") as style:
        assert style.mimetype == "text/css" and b"trix-editor" in style.data
    assert client.get("/editor/package.json").status_code == 404
    assert client.get("/editor/..%2Fpackage.json").status_code == 404
    page = client.get("/issues/1").get_data(as_text=True)
    assert '<script src="/editor/trix.js" defer></script>' in page and "data-rich-text=" in page


def test_without_the_package_the_intro_stays_a_textarea(new_app, tmp_path, editor) -> None:
    app = new_app(NODE_MODULES=str(tmp_path / "nothing-installed"))
    client = app.test_client()
    from tests.conftest import reset_database

    reset_database(app)
    with app.app_context():
        from composer.accounts.users import create_user
        from tests.conftest import PASSWORD

        create_user("awa@example.org", PASSWORD, "editor", "Awa")
        seed()
    login(client, "awa@example.org")
    page = client.get("/issues/1").get_data(as_text=True)
    assert "/editor/trix.js" not in page and '<textarea' in page and 'name="intro"' in page
    assert client.get("/editor/trix.js").status_code == 404


def test_the_intros_html_is_sanitized_on_save(app, client, editor) -> None:
    _demo(app, client, editor)
    with app.app_context():
        issue = db.session.get(Issue, 1)
        form = {"version": issue.version, "title": issue.title, "subject": issue.subject,
                "preheader": issue.preheader, "issue_date": issue.issue_date.isoformat(), "language": issue.language}
    intro = ('<p><strong>Lisez</strong> notre <a href="https://example.org/dossier" onclick="x()">dossier</a>'
             '<script>alert(1)</script></p><h2>Kidal</h2><p><a href="javascript:alert(1)">piège</a></p>')
    post(client, "/issues/1", {**form, "intro": intro})
    with app.app_context():
        saved = db.session.get(Issue, 1).intro
    assert '<strong>Lisez</strong>' in saved and '<a href="https://example.org/dossier">dossier</a>' in saved
    assert "<h2>Kidal</h2>" in saved
    assert "script" not in saved and "onclick" not in saved and "javascript:" not in saved
    email = client.get("/issues/1/preview/email").get_data(as_text=True)
    assert 'href="https://example.org/dossier' in email

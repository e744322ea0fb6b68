"""A save sent after the session ended says so in the interface language, keeps the text, and saves once the
editor has logged in again."""
from __future__ import annotations

from composer.extensions import db
from composer.models import Issue
from tests.conftest import login, post
from tests.factories import make_issue
from tests.pageforms import form_to


def _subject(app, issue_id: int) -> str:
    with app.app_context():
        return db.session.get(Issue, issue_id).subject


def test_a_save_after_the_session_ended_keeps_the_text_and_saves_after_logging_in(app, client, editor) -> None:
    with app.app_context():
        issue_id = make_issue().id
    login(client, editor.email)
    form = form_to(client.get(f"/issues/{issue_id}").get_data(as_text=True), f"/issues/{issue_id}",
                   containing="original_subject")
    client.delete_cookie("session")  # the session expired (or was closed in another tab)
    intro = "Une introduction longue,\ntapée pendant une heure."
    ended = client.post(form.action, data=form.data("Enregistrer", subject="Objet tapé trop tard", intro=intro))
    page = ended.get_data(as_text=True)
    assert ended.status_code == 401
    assert "Votre session a pris fin" in page and "CSRF" not in page and "session token" not in page
    assert "Objet tapé trop tard" in page and "Une introduction longue,\ntapée pendant une heure." in page
    assert 'href="/login"' in page
    assert _subject(app, issue_id) == "Sahel\u00a0: l’essentiel de la semaine"
    login(client, editor.email)  # in another tab
    resend = form_to(page, f"/issues/{issue_id}")
    answer = client.post(resend.action, data=resend.data("Envoyer à nouveau"))
    if answer.status_code == 401:  # logging in gave the session a new CSRF token: the text comes back with it
        assert "Objet tapé trop tard" in answer.get_data(as_text=True)
        resend = form_to(answer.get_data(as_text=True), f"/issues/{issue_id}")
        answer = client.post(resend.action, data=resend.data("Envoyer à nouveau"))
    assert answer.status_code == 302
    assert _subject(app, issue_id) == "Objet tapé trop tard"


def test_a_form_from_before_logging_in_again_is_given_back_to_send_again(app, client, editor) -> None:
    with app.app_context():
        issue_id = make_issue().id
    login(client, editor.email)
    form = form_to(client.get(f"/issues/{issue_id}").get_data(as_text=True), f"/issues/{issue_id}",
                   containing="original_subject")
    client.delete_cookie("session")
    login(client, editor.email)  # a new session: the old page's token is not its own
    answer = client.post(form.action, data=form.data("Enregistrer", subject="Objet d’avant"))
    page = answer.get_data(as_text=True)
    if answer.status_code == 302:  # the session kept its token: saved straight away
        assert _subject(app, issue_id) == "Objet d’avant"
        return
    assert answer.status_code == 401 and "avant que vous vous reconnectiez" in page
    resend = form_to(page, f"/issues/{issue_id}")
    assert client.post(resend.action, data=resend.data("Envoyer à nouveau")).status_code == 302
    assert _subject(app, issue_id) == "Objet d’avant"


def test_an_english_editor_reads_it_in_english(app, client, editor) -> None:
    with app.app_context():
        issue_id = make_issue().id
    answer = client.post(f"/issues/{issue_id}", data={"subject": "Late subject"},
                         headers={"Accept-Language": "en"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 401 and "Your session has ended" in page and "Late subject" in page


def test_a_get_still_goes_to_the_login_page(client) -> None:
    assert client.get("/issues").status_code == 302


def test_a_missing_token_while_logged_in_is_explained_in_french(app, editor_client) -> None:
    answer = editor_client.post("/logout", data={})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "jeton de sécurité manque" in page and "The CSRF" not in page
    assert post(editor_client, "/logout").status_code == 302

"""The compose page merges what an editor does into the issue as it is now: a double click applies once, two
tabs changing different things both save, the same field changed twice is a conflict with both texts, resolved
in place; a removed story comes back with « Annuler »."""
from __future__ import annotations

from flask.testing import FlaskClient

from composer.extensions import db
from composer.models import Issue
from tests.conftest import login
from tests.factories import make_article, make_issue
from tests.pageforms import Form, form_to


def _setup(app) -> tuple[int, list[int]]:
    with app.app_context():
        issue = make_issue()
        ids = [make_article(t, canonical_url=f"https://example.org/{n}").id
               for n, t in enumerate(["Sécurité à Kidal", "Uranium nigérien", "Tribune sur le CFA"])]
        return issue.id, ids


def _issue(app, issue_id: int) -> dict:
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        return {"subject": issue.subject, "preheader": issue.preheader, "title": issue.title,
                "stories": [(i.section, i.title) for s in ("lead", "news", "opinions", "related")
                            for i in issue.items_in(s)]}


def _page(client: FlaskClient, issue_id: int) -> str:
    return client.get(f"/issues/{issue_id}").get_data(as_text=True)


def _add_form(page: str, title: str) -> Form:
    return form_to(page, "/items", containing=title)


def _send(client: FlaskClient, form: Form, button: str | None = None, **typed: str):
    return client.post(form.action, data=form.data(button, **typed))


def test_a_double_click_on_add_adds_the_story_once_and_reports_no_conflict(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    form = _add_form(_page(editor_client, issue_id), "Sécurité à Kidal")
    first, second = _send(editor_client, form, "Actualités"), _send(editor_client, form, "Actualités")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]  # both land on the story added
    assert _issue(app, issue_id)["stories"] == [("news", "Sécurité à Kidal")]
    page = editor_client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Quelqu’un d’autre" not in page and "autofocus" in page


def test_two_quick_adds_from_the_same_page_both_land(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    page = _page(editor_client, issue_id)  # both clicks come from this page, loaded before either
    assert _send(editor_client, _add_form(page, "Sécurité à Kidal"), "Actualités").status_code == 302
    assert _send(editor_client, _add_form(page, "Uranium nigérien"), "Actualités").status_code == 302
    assert _issue(app, issue_id)["stories"] == [("news", "Sécurité à Kidal"), ("news", "Uranium nigérien")]


def test_a_double_click_on_save_saves_once_and_later_saves_still_work(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    form = form_to(_page(editor_client, issue_id), f"/issues/{issue_id}", containing="original_subject")
    for _ in range(2):
        answer = _send(editor_client, form, "Enregistrer", subject="Objet du lundi")
        assert answer.status_code == 302
    page = editor_client.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'value="Objet du lundi"' in page and "Quelqu’un d’autre" not in page
    again = form_to(page, f"/issues/{issue_id}", containing="original_subject")
    assert _send(editor_client, again, "Enregistrer", subject="Objet du mardi").status_code == 302
    assert _issue(app, issue_id)["subject"] == "Objet du mardi"


def test_two_tabs_changing_different_fields_both_save(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    tab_a = form_to(_page(editor_client, issue_id), f"/issues/{issue_id}", containing="original_subject")
    tab_b = form_to(_page(editor_client, issue_id), f"/issues/{issue_id}", containing="original_subject")
    assert _send(editor_client, tab_a, "Enregistrer", subject="Objet d’Awa").status_code == 302
    assert _send(editor_client, tab_b, "Enregistrer", preheader="Le pré-en-tête de B").status_code == 302
    assert _issue(app, issue_id)["subject"] == "Objet d’Awa"
    assert _issue(app, issue_id)["preheader"] == "Le pré-en-tête de B"


def test_the_same_field_changed_in_two_places_shows_both_texts_and_either_can_win(app, client, editor,
                                                                                    admin) -> None:
    issue_id, _ = _setup(app)
    moussa = app.test_client()
    login(client, editor.email)
    login(moussa, admin.email)
    awa_form = form_to(_page(client, issue_id), f"/issues/{issue_id}", containing="original_subject")
    moussa_form = form_to(_page(moussa, issue_id), f"/issues/{issue_id}", containing="original_subject")
    assert _send(client, awa_form, "Enregistrer", subject="Objet d’Awa").status_code == 302
    refused = _send(moussa, moussa_form, "Enregistrer", subject="Objet de Moussa", preheader="Tapé avec soin")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Quelqu’un d’autre a modifié «\u00a0Objet\u00a0»" in page
    assert 'value="Objet de Moussa"' in page and "Objet d’Awa" in page and 'value="Tapé avec soin"' in page
    assert _issue(app, issue_id)["preheader"] == ""  # nothing saved until Moussa picks
    resolve = form_to(page, f"/issues/{issue_id}", containing="original_subject")
    taken = _send(moussa, resolve, "Reprendre la leur")
    assert taken.status_code == 302
    assert _issue(app, issue_id)["subject"] == "Objet d’Awa"
    assert _issue(app, issue_id)["preheader"] == "Tapé avec soin"  # the rest of Moussa's typing is saved
    # Or he keeps his: the form the conflict page gave back saves it.
    refused = _send(moussa, moussa_form, "Enregistrer", subject="Objet de Moussa")
    kept = _send(moussa, form_to(refused.get_data(as_text=True), f"/issues/{issue_id}",
                                 containing="original_subject"), "Garder la mienne")
    assert kept.status_code == 302 and _issue(app, issue_id)["subject"] == "Objet de Moussa"


def test_a_story_removed_meanwhile_cannot_be_moved_and_says_so(app, client, editor, admin) -> None:
    issue_id, _ = _setup(app)
    login(client, editor.email)
    _send(client, _add_form(_page(client, issue_id), "Sécurité à Kidal"), "Actualités")
    page = _page(client, issue_id)
    _send(client, form_to(page, "/remove"))
    refused = _send(client, form_to(page, "/move", containing="Déplacer"))
    assert refused.status_code == 409
    assert "Cet article a été retiré du numéro entre-temps\u00a0:" in refused.get_data(as_text=True)


def test_a_removed_story_comes_back_at_its_place_with_undo(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    for title in ("Sécurité à Kidal", "Uranium nigérien", "Tribune sur le CFA"):
        _send(editor_client, _add_form(_page(editor_client, issue_id), title), "Actualités")
    kidal = form_to(_page(editor_client, issue_id), "/remove").action.split("/items/")[1].split("/")[0]
    override = form_to(editor_client.get(f"/issues/{issue_id}?edit={kidal}").get_data(as_text=True), "/override")
    _send(editor_client, override, "Enregistrer pour ce numéro", title_override="Kidal : le titre du numéro")
    removed = _send(editor_client, form_to(_page(editor_client, issue_id), "/remove"))
    page = editor_client.get(removed.headers["Location"]).get_data(as_text=True)
    assert "«\u00a0Kidal : le titre du numéro\u00a0» a été retiré du numéro." in page
    assert _issue(app, issue_id)["stories"] == [("news", "Uranium nigérien"), ("news", "Tribune sur le CFA")]
    undo = form_to(page, "/items/restore")
    assert _send(editor_client, undo, "Annuler").status_code == 302
    assert _send(editor_client, undo, "Annuler").status_code == 302  # twice: still once
    assert _issue(app, issue_id)["stories"] == [("news", "Kidal : le titre du numéro"),
                                                ("news", "Uranium nigérien"), ("news", "Tribune sur le CFA")]


def test_undo_cannot_smuggle_a_javascript_or_data_image_into_the_email(app, editor_client) -> None:
    issue_id, _ = _setup(app)
    _send(editor_client, _add_form(_page(editor_client, issue_id), "Sécurité à Kidal"), "Actualités")
    removed = _send(editor_client, form_to(_page(editor_client, issue_id), "/remove"))
    undo = form_to(editor_client.get(removed.headers["Location"]).get_data(as_text=True), "/items/restore")
    for image in ("javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>"):
        answer = editor_client.post(undo.action, data=undo.data("Annuler", image_override=image))
        assert answer.status_code == 422
        assert "doit commencer par http:// ou https://" in answer.get_data(as_text=True)
    assert _issue(app, issue_id)["stories"] == []

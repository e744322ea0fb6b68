"""The compose workspace, preview and export, through the test client (the no-JavaScript path)."""
from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from composer.extensions import db
from composer.issues import editing
from composer.models import Article, Issue
from tests.conftest import login, post
from tests.factories import make_article, make_issue


def _setup(app) -> tuple[int, list[int]]:
    with app.app_context():
        issue = make_issue()
        ids = [make_article(t, canonical_url=f"https://example.org/{n}").id
               for n, t in enumerate(["Sécurité à Kidal", "Uranium nigérien", "Tribune sur le CFA"])]
        return issue.id, ids


def _version(app, issue_id: int) -> int:
    with app.app_context():
        return db.session.get(Issue, issue_id).version


def _layout(app, issue_id: int) -> dict[str, list[str]]:
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        return {s: [i.title for i in issue.items_in(s)] for s in ("lead", "news", "opinions", "related")}


def test_editor_creates_an_issue_from_the_form(app, editor_client: FlaskClient) -> None:
    response = post(editor_client, "/issues/new", {"title": "Lettre du lundi", "issue_date": "2026-11-30",
                                                   "language": "fr"})
    assert response.status_code == 302
    page = editor_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lettre du lundi" in page
    assert "Lettre du lundi" in editor_client.get("/issues").get_data(as_text=True)


def test_compose_without_javascript_add_move_override_remove(app, editor_client: FlaskClient) -> None:
    issue_id, (a, b, c) = _setup(app)
    page = editor_client.get(f"/issues/{issue_id}?q=securite").get_data(as_text=True)
    assert "<mark>Sécurité</mark> à Kidal" in page
    for article_id, section in ((a, "lead"), (b, "news"), (c, "news")):
        response = post(editor_client, f"/issues/{issue_id}/items",
                        {"article_id": article_id, "section": section, "version": _version(app, issue_id)})
        assert response.status_code == 302
    assert _layout(app, issue_id)["news"] == ["Uranium nigérien", "Tribune sur le CFA"]
    with app.app_context():
        items = {i.title: i.id for i in db.session.get(Issue, issue_id).items}
    post(editor_client, f"/issues/{issue_id}/items/{items['Tribune sur le CFA']}/move",
         {"direction": "up", "version": _version(app, issue_id)})
    assert _layout(app, issue_id)["news"] == ["Tribune sur le CFA", "Uranium nigérien"]
    post(editor_client, f"/issues/{issue_id}/items/{items['Tribune sur le CFA']}/move",
         {"section": "opinions", "version": _version(app, issue_id)})
    assert _layout(app, issue_id)["opinions"] == ["Tribune sur le CFA"]
    post(editor_client, f"/issues/{issue_id}/items/{items['Uranium nigérien']}/override",
         {"title_override": "Niger : l’uranium", "teaser_override": "", "image_override": "",
          "version": _version(app, issue_id)})
    assert _layout(app, issue_id)["news"] == ["Niger : l’uranium"]
    preview = editor_client.get(f"/issues/{issue_id}/preview/email").get_data(as_text=True)
    assert "Niger\u00a0: l’uranium" in preview  # typed with a plain space, set in French at render time
    post(editor_client, f"/issues/{issue_id}/items/{items['Sécurité à Kidal']}/remove",
         {"version": _version(app, issue_id)})
    assert _layout(app, issue_id)["lead"] == []


def test_the_second_of_two_editors_gets_the_conflict_with_their_text_kept(app, client, editor, admin) -> None:
    issue_id, _ = _setup(app)
    loaded = _version(app, issue_id)
    other = app.test_client()
    login(client, editor.email)
    login(other, admin.email)
    seen = re.search(r'name="seen_revision" value="(\d+)"', other.get(f"/issues/{issue_id}").get_data(as_text=True))
    form = {"title": "Lettre du jeudi", "issue_date": "2026-11-26", "language": "fr", "intro": ""}
    first = post(client, f"/issues/{issue_id}", {**form, "subject": "Objet d’Awa", "preheader": "",
                                                 "version": loaded})
    assert first.status_code == 302
    second = post(other, f"/issues/{issue_id}", {**form, "subject": "Objet de Moussa", "version": loaded,
                                                 "preheader": "Pré-en-tête tapé avec soin",
                                                 "seen_revision": seen.group(1) if seen else ""})
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert 'value="Objet de Moussa"' in page and 'value="Pré-en-tête tapé avec soin"' in page
    assert "Objet d’Awa" in page
    # What Awa changed since Moussa opened the page is listed in the conflict box, with her name.
    box = page.split('class="conflict"')[1].split("</div>")[0]
    assert "A modifié les informations — Awa Redac" in box and "Objet → Objet d’Awa" in box
    with app.app_context():
        assert db.session.get(Issue, issue_id).subject == "Objet d’Awa"


def test_a_ready_issue_refuses_changes_with_409(app, editor_client: FlaskClient) -> None:
    issue_id, (a, b, _) = _setup(app)
    post(editor_client, f"/issues/{issue_id}/items", {"article_id": b, "section": "news",
                                                      "version": _version(app, issue_id)})
    post(editor_client, f"/issues/{issue_id}/status", {"status": "ready", "version": _version(app, issue_id)})
    response = post(editor_client, f"/issues/{issue_id}/items",
                    {"article_id": a, "section": "lead", "version": _version(app, issue_id)})
    assert response.status_code == 409
    assert _layout(app, issue_id)["lead"] == []
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert 'fieldset disabled' in page


def test_preview_html_is_export_html_for_the_same_profile(app, editor_client: FlaskClient) -> None:
    issue_id, (a, _, _) = _setup(app)
    post(editor_client, f"/issues/{issue_id}/items", {"article_id": a, "section": "lead",
                                                      "version": _version(app, issue_id)})
    for profile in ("generic", "brevo"):
        preview = editor_client.get(f"/issues/{issue_id}/preview/email?profile={profile}")
        export = editor_client.get(f"/issues/{issue_id}/export?format=html&profile={profile}")
        assert preview.data == export.data
        assert "sandbox" in preview.headers["Content-Security-Policy"]
    assert 'attachment; filename="2026-11-26-' in export.headers["Content-Disposition"]


def test_preview_page_has_desktop_mobile_and_text_views(app, editor_client: FlaskClient) -> None:
    issue_id, _ = _setup(app)
    assert 'width="375"' in editor_client.get(f"/issues/{issue_id}/preview?view=mobile").get_data(as_text=True)
    text_view = editor_client.get(f"/issues/{issue_id}/preview?view=text").get_data(as_text=True)
    assert "<pre" in text_view
    assert editor_client.get(f"/issues/{issue_id}/preview?profile=gmail").status_code == 400


def test_export_rejects_unknown_format_and_profile(app, editor_client: FlaskClient) -> None:
    issue_id, _ = _setup(app)
    response = editor_client.get(f"/issues/{issue_id}/export?format=pdf")
    assert response.status_code == 400 and "pdf" in response.get_data(as_text=True)
    assert editor_client.get(f"/issues/{issue_id}/export?format=html&profile=nope").status_code == 400
    assert editor_client.get("/issues/999/export?format=html").status_code == 404


def test_export_page_offers_every_profile_and_the_html_to_copy(app, editor_client: FlaskClient) -> None:
    issue_id, _ = _setup(app)
    page = editor_client.get(f"/issues/{issue_id}/export?profile=mailchimp").get_data(as_text=True)
    assert "*|UNSUB|*" in page  # in the textarea, escaped only as HTML text
    assert all(name in page for name in ("Mailchimp", "Brevo", "listmonk", "SendGrid", "Mailjet"))


def test_duplicate_from_the_list(app, editor_client: FlaskClient) -> None:
    issue_id, _ = _setup(app)
    response = post(editor_client, f"/issues/{issue_id}/duplicate")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Issue).count() == 2


def test_cli_export_to_stdout_and_file(app, runner, tmp_path: Path) -> None:
    issue_id, (a, _, _) = _setup(app)
    with app.app_context():
        issue = db.session.get(Issue, issue_id)
        editing.add_item(issue, a, "lead", issue.version, None)
    result = runner.invoke(args=["export", str(issue_id), "--format", "text"])
    assert result.exit_code == 0 and "Sécurité à Kidal" in result.output
    target = tmp_path / "lettre.html"
    result = runner.invoke(args=["export", str(issue_id), "--format", "html", "--profile", "generic",
                                 "-o", str(target)])
    assert result.exit_code == 0
    assert re.search(r"<html lang=\"fr\"", target.read_text(encoding="utf-8"))


def test_cli_export_errors_exit_1_with_one_line(app, runner) -> None:
    issue_id, _ = _setup(app)
    for args, word in ((["export", "999", "--format", "html"], "999"),
                       (["export", str(issue_id), "--format", "pdf"], "pdf"),
                       (["export", str(issue_id), "--format", "html", "--profile", "gmail"], "gmail")):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, args
        assert word in result.output and len(result.output.strip().splitlines()) == 1


def test_every_form_on_the_compose_page_carries_the_csrf_token_and_loaded_version(app, editor_client) -> None:
    issue_id, (a, _, _) = _setup(app)
    post(editor_client, f"/issues/{issue_id}/items", {"article_id": a, "section": "lead",
                                                      "version": _version(app, issue_id)})
    page = editor_client.get(f"/issues/{issue_id}?edit=1").get_data(as_text=True)
    forms = re.findall(r'<form method="post".*?</form>', page, re.S)
    assert len(forms) >= 6
    for form in forms:
        assert 'name="csrf_token"' in form
        if not any(path in form for path in ("/duplicate", "/logout", "/send-test", "/push/", "/check-links")):
            # these change no issue
            assert re.search(rf'name="version"[^>]*value="{_version(app, issue_id)}"|'
                             rf'value="{_version(app, issue_id)}"[^>]*name="version"', form), form[:200]


def test_the_size_meter_writes_numbers_the_way_the_interface_language_does(app, editor_client: FlaskClient) -> None:
    issue_id, _ids = _setup(app)
    french = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    english = editor_client.get(f"/issues/{issue_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert re.search(r"Taille\s: \d+,\d Ko sur 102 Ko", french)  # a no-break space before the colon
    assert re.search(r"Size: \d+\.\d KB of 102 KB", english)


def test_a_form_left_open_all_morning_still_saves(app, editor_client: FlaskClient, monkeypatch) -> None:
    import time

    issue_id, _ids = _setup(app)
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 4 * 3600)  # four hours later, same session
    response = editor_client.post(f"/issues/{issue_id}", data={
        "csrf_token": token, "title": "Lettre du jeudi", "issue_date": "2026-11-26", "language": "fr",
        "subject": "Écrit sur une longue matinée", "version": str(_version(app, issue_id))})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Issue, issue_id).subject == "Écrit sur une longue matinée"


def test_the_library_pane_pages_through_older_articles_and_keeps_its_page(app, editor_client: FlaskClient) -> None:
    from tests.factories import at

    with app.app_context():
        issue_id = make_issue().id
        for day in range(1, 16):  # 15 articles, the newest first in the pane: 12 on page 1, 3 on page 2
            make_article(f"Chronique du {day} novembre", published_at=at(day))
    first = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert "Page 1 sur 2" in first and "Chronique du 15 novembre" in first and "Chronique du 3 novembre" not in first
    assert f'href="/issues/{issue_id}?lp=2#search-results"' in first
    second = editor_client.get(f"/issues/{issue_id}?lp=2").get_data(as_text=True)
    assert "Chronique du 3 novembre" in second and "Chronique du 15 novembre" not in second
    with app.app_context():
        oldest = db.session.scalar(db.select(Article).where(Article.title == "Chronique du 1 novembre"))
        oldest_id = oldest.id
    added = post(editor_client, f"/issues/{issue_id}/items?lp=2",
                 {"article_id": oldest_id, "section": "news", "version": _version(app, issue_id)})
    location = added.headers["Location"]  # the editor stays on that page, focused on the story added
    assert location.startswith(f"/issues/{issue_id}?") and "lp=2" in location and location.endswith("#item-1")
    assert _layout(app, issue_id)["news"] == ["Chronique du 1 novembre"]


def test_the_library_pane_filters_by_kind_and_rubrique(app, editor_client: FlaskClient) -> None:
    with app.app_context():
        issue_id = make_issue().id
        make_article("Tribune : « Le Sahel mérite mieux »", kind="opinion", section="Opinions")
        make_article("Kidal : le convoi attaqué", section="Sécurité")
        make_article("Le cacao à prix record", section="Économie")
    page = editor_client.get(f"/issues/{issue_id}").get_data(as_text=True)
    assert "<option>Sécurité</option>" in page and "Toutes rubriques" in page
    security = editor_client.get(f"/issues/{issue_id}?section=Sécurité").get_data(as_text=True)
    pane = security.split('id="search-results"')[1].split("</ul>")[0]
    assert "Kidal : le convoi attaqué" in pane and "cacao" not in pane and "Tribune" not in pane
    opinions = editor_client.get(f"/issues/{issue_id}?kind=opinion").get_data(as_text=True)
    pane = opinions.split('id="search-results"')[1].split("</ul>")[0]
    assert "Le Sahel mérite mieux" in pane and "Kidal" not in pane

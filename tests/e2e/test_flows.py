"""What an editor sees in a real browser: the five everyday flows, with and without JavaScript."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in, new_context, screenshot

KIDAL = "Revers majeur pour l’armée malienne dans la région de Kidal"
URANIUM = "Niger\u00a0: l’uranium au cœur d’un bras de fer avec Orano"
DRONES = "Au Sahel, les drones turcs changent la guerre"
TRIBUNE = "Tribune\u00a0: «\u00a0Le franc CFA n’est plus un tabou\u00a0»"
WAGNER = "Mali\u00a0: les mercenaires de Wagner remplacés par l’Africa Corps"


@pytest.fixture
def two_editors(browser: Browser, live_server: str, editor, admin) -> Iterator[tuple[Page, Page]]:
    """Awa (editor) and Moussa (admin), each in a browser of their own, on the demo issue's compose page."""
    first, second = new_context(browser), new_context(browser)
    awa, moussa = first.new_page(), second.new_page()
    log_in(awa, live_server, editor.email)
    log_in(moussa, live_server, admin.email)
    for page in (awa, moussa):
        page.goto(f"{live_server}/issues/1")
        _open_details(page)
    yield awa, moussa
    first.close()
    second.close()


def test_search_without_accents_open_edit_and_see_the_change(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.get_by_label("Rechercher", exact=True).fill("securite capitales")
    page.get_by_role("button", name="Filtrer").click()
    result = page.get_by_role("link", name=re.compile("la sécurité ne se décrète pas"))
    expect(result).to_have_count(1)
    expect(page.locator("mark").first).to_have_text("sécurité")
    result.click()
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("Chapô").fill("Un chapô réécrit par la rédaction\u00a0: plus court.")
    expect(page.get_by_text("Modifications non enregistrées")).to_be_visible()
    dialogs: list[str] = []  # closing the tab before saving asks first; saving itself does not
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".flash")).to_have_text("Article enregistré.")
    assert dialogs == ["beforeunload"]
    expect(page.locator(".lead")).to_have_text("Un chapô réécrit par la rédaction\u00a0: plus court.")
    screenshot(page, "1-article-edited")


def _add(page: Page, query: str, title: str, section_label: str) -> None:
    page.get_by_label("Rechercher dans la bibliothèque").fill(query)
    page.get_by_role("button", name="Rechercher", exact=True).click()
    result = page.locator("#search-results li").filter(has_text=title)
    result.get_by_role("button", name=re.compile(f"^\\+ {section_label}")).click()
    expect(page.locator(".issue-pane .item-title", has_text=title)).to_have_count(1)


def _open_details(page: Page) -> None:
    """Unfold the issue's details (folded once the issue has a subject); composer.js keeps them open after."""
    details = page.locator("details.issue-details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")


def _titles(page: Page, section: str) -> list[str]:
    return [t.strip() for t in page.locator(f"ol.items[data-section={section}] .item-title").all_inner_texts()]


def _compose_new_issue(page: Page, live_server: str, title: str) -> None:
    page.goto(f"{live_server}/issues")
    page.get_by_role("link", name="Nouveau numéro").click()
    page.get_by_label("Titre interne").fill(title)
    page.get_by_role("button", name="Créer").click()
    expect(page.locator("h1")).to_contain_text(title)
    _add(page, "kidal", KIDAL, "À la une")
    _add(page, "uranium orano", URANIUM, "Actualités")
    _add(page, "drones turcs", DRONES, "Actualités")
    _add(page, "franc cfa tabou", TRIBUNE, "Opinions")
    _add(page, "wagner africa corps", WAGNER, "Du même sujet")
    assert _titles(page, "news") == [URANIUM, DRONES]


def test_compose_with_drag_and_drop_keyboard_override_preview_and_export(
        page: Page, live_server: str, editor, tmp_path) -> None:
    log_in(page, live_server, editor.email)
    _compose_new_issue(page, live_server, "Lettre du vendredi")
    # Drag « drones » above « uranium ».
    drones = page.locator(".item", has_text=DRONES)
    uranium = page.locator(".item", has_text=URANIUM)
    drones.drag_to(uranium, target_position={"x": 30, "y": 3})
    expect(page.locator("ol.items[data-section=news] .item-title").first).to_have_text(DRONES)
    # Keyboard: focus « drones » and move it back down with Alt+↓.
    page.locator(".item", has_text=DRONES).focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("ol.items[data-section=news] .item-title").first).to_have_text(URANIUM)
    expect(page.locator(".item", has_text=DRONES)).to_be_focused()
    # Override a title for this issue only; the live preview follows.
    page.locator(".item", has_text=URANIUM).get_by_role("link", name="Retoucher pour ce numéro").click()
    page.get_by_label("Titre dans ce numéro").fill("Niger : Niamey reprend la main sur l’uranium")
    page.get_by_role("button", name="Enregistrer pour ce numéro").click()
    expect(page.locator(".issue-pane .item-title", has_text="Niamey reprend la main")).to_have_count(1)
    preview = page.frame_locator(".preview-pane iframe.email-frame")
    expect(preview.get_by_text("Niger : Niamey reprend la main sur l’uranium")).to_be_visible()
    screenshot(page, "2-compose")
    # Mobile preview.
    preview_link = page.get_by_role("link", name="Prévisualiser")
    preview_link.scroll_into_view_if_needed()  # the page is scrolled down where the editor was working
    preview_link.click()
    page.get_by_role("link", name="Mobile (375 px)").click()
    expect(page.locator("iframe.email-frame")).to_have_attribute("width", "375")
    screenshot(page, "2-preview-mobile")
    # Export the HTML and check the downloaded file.
    page.get_by_role("link", name="Exporter").last.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le HTML").click()
    download = download_info.value
    assert re.match(r"\d{4}-\d{2}-\d{2}-lettre-du-vendredi\.html", download.suggested_filename)
    html = (tmp_path / "export.html")
    download.save_as(html)
    content = html.read_text(encoding="utf-8")
    assert "Niger\u00a0: Niamey reprend la main sur l’uranium" in content and 'lang="fr"' in content  # typography
    assert content.index(DRONES.replace("\u00a0", "\u00a0")) > content.index("Niamey reprend la main")


def test_compose_without_javascript_uses_the_fallback_buttons(browser: Browser, live_server: str, editor) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, editor.email)
    _compose_new_issue(page, live_server, "Lettre sans JavaScript")
    page.locator(".item", has_text=DRONES).get_by_role("button", name="Monter").click()
    assert _titles(page, "news") == [DRONES, URANIUM]
    item = page.locator(".item", has_text=URANIUM)
    item.get_by_label("Section").select_option("related")
    item.get_by_role("button", name="Déplacer").click()
    assert _titles(page, "related") == [WAGNER, URANIUM]
    page.locator(".item", has_text=WAGNER).get_by_role("button", name="Retirer").click()
    assert _titles(page, "related") == [URANIUM]
    page.get_by_role("link", name="Prévisualiser").first.click()
    page.get_by_role("link", name="Texte brut").click()
    expect(page.locator("pre.plain-text")).to_contain_text("== À LA UNE ==")
    screenshot(page, "3-no-javascript")
    context.close()


def test_two_editors_on_different_fields_both_save_and_on_the_same_field_pick_in_place(two_editors) -> None:
    awa, moussa = two_editors
    expect(moussa.locator("#presence")).to_contain_text("Aussi sur ce numéro en ce moment\u00a0: Awa Redac")
    awa.get_by_label("Objet").fill("Objet choisi par Awa")
    awa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(awa.locator(".flash")).to_contain_text("Enregistré à")
    moussa.get_by_label("Pré-en-tête").fill("Le pré-en-tête que Moussa a longuement écrit")
    moussa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(moussa.locator(".flash")).to_contain_text("Enregistré à")  # another field: no conflict
    expect(moussa.get_by_label("Objet")).to_have_value("Objet choisi par Awa")
    # Both change the subject: the second sees both texts and picks, in place.
    awa.reload()
    awa.get_by_label("Objet").fill("Objet d’Awa, deuxième version")
    moussa.get_by_label("Objet").fill("Objet de Moussa")
    awa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(awa.locator(".flash")).to_contain_text("Enregistré à")
    moussa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(moussa.get_by_role("alert")).to_contain_text("Quelqu’un d’autre a modifié «\u00a0Objet\u00a0»")
    expect(moussa.locator(".field-conflict")).to_contain_text("Objet d’Awa, deuxième version")
    expect(moussa.get_by_label("Objet")).to_have_value("Objet de Moussa")
    expect(moussa.get_by_label("Pré-en-tête")).to_have_value("Le pré-en-tête que Moussa a longuement écrit")
    screenshot(moussa, "4-conflict")
    moussa.get_by_role("button", name="Reprendre la leur").click()
    expect(moussa.get_by_label("Objet")).to_have_value("Objet d’Awa, deuxième version")
    moussa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(moussa.locator(".flash")).to_contain_text("Enregistré à")
    moussa.reload()
    expect(moussa.get_by_label("Objet")).to_have_value("Objet d’Awa, deuxième version")


def test_a_double_click_adds_once_and_saves_once_without_a_conflict(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    _open_details(page)
    page.get_by_role("button", name=f"+ Actualités : {DRONES}").dblclick()
    expect(page.locator("ol.items[data-section=news] .item-title", has_text=DRONES)).to_have_count(1)
    expect(page.locator(".conflict")).to_have_count(0)
    expect(page.locator(".item", has_text=DRONES)).to_be_focused()  # the story acted on
    page.get_by_label("Objet").fill("Objet tapé puis double-cliqué")
    page.get_by_role("button", name="Enregistrer", exact=True).dblclick()
    expect(page.locator(".flash")).to_contain_text("Enregistré à")
    expect(page.locator(".conflict")).to_have_count(0)
    page.get_by_label("Objet").fill("Objet enregistré ensuite")
    with page.expect_response(lambda r: r.request.method == "GET" and "focus=details" in r.url):
        page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Enregistré à")
    expect(page.locator(".conflict")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Objet")).to_have_value("Objet enregistré ensuite")


def test_a_removed_story_comes_back_with_undo(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    story = page.locator(".item", has_text=URANIUM)
    story.get_by_role("button", name="Retirer").click()
    expect(page.locator(".item", has_text=URANIUM)).to_have_count(0)
    expect(page.get_by_role("button", name="Annuler")).to_be_focused()
    page.get_by_role("button", name="Annuler").click()
    expect(page.locator(".item", has_text=URANIUM)).to_have_count(1)
    expect(page.locator(".item", has_text=URANIUM)).to_be_focused()


def test_switching_the_interface_to_english_leaves_a_french_issue_french(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/account")
    page.get_by_label("Langue de l’interface").select_option("en")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("link", name="Library")).to_be_visible()
    page.goto(f"{live_server}/issues/1/preview")
    expect(page.get_by_role("link", name="Back to the issue")).to_be_visible()
    email = page.frame_locator("iframe.email-frame")
    expect(email.get_by_text("À la une")).to_be_visible()
    expect(email.get_by_text("jeudi 26 novembre 2026")).to_be_visible()
    screenshot(page, "5-english-interface-french-email")
    page.goto(f"{live_server}/account")
    page.get_by_label("Interface language").select_option("fr")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Bibliothèque")).to_be_visible()


def test_history_shows_each_save_and_brings_an_earlier_one_back(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    _compose_new_issue(page, live_server, "Lettre à remonter le temps")
    for subject in ("Le Sahel en cinq articles", "Objet écrit trop vite"):
        page.get_by_label("Objet").fill(subject)
        with page.expect_response(lambda r: r.request.method == "GET" and "focus=details" in r.url):
            page.get_by_role("button", name="Enregistrer", exact=True).click()
        expect(page.locator(".flash")).to_contain_text("Enregistré à")
    page.get_by_role("link", name="Historique").click()
    latest = page.locator(".revision").first
    expect(latest.locator("del")).to_have_text("Le Sahel en cinq articles")
    expect(latest.locator("ins")).to_have_text("Objet écrit trop vite")
    expect(page.locator(".revision").filter(has_text="Ajouté\u00a0: « " + KIDAL)).to_have_count(1)
    page.locator(".revision").nth(1).get_by_role("button", name=re.compile("Restaurer cette révision")).click()
    expect(page.get_by_label("Objet")).to_have_value("Le Sahel en cinq articles")
    expect(page.locator(".flash").first).to_contain_text("est rétablie")
    screenshot(page, "6-history-restored")


def test_typing_not_saved_survives_other_actions_and_leaving_asks_first(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    _open_details(page)
    meta = page.locator("form.issue-meta")
    page.get_by_label("Objet").fill("Objet en cours d’écriture")
    expect(meta.get_by_text("Modifications non enregistrées")).to_be_visible()
    page.locator(".item", has_text=URANIUM).get_by_role("link", name="Retoucher pour ce numéro").click()
    page.get_by_label("Accroche dans ce numéro").fill("Une accroche retouchée, pas encore enregistrée")
    # Another action refreshes the page in place: a story added, a library search.
    page.get_by_role("button", name=f"+ Actualités : {DRONES}").click()
    expect(page.locator("ol.items[data-section=news] .item-title", has_text=DRONES)).to_have_count(1)
    page.get_by_label("Rechercher dans la bibliothèque").fill("wagner")
    page.get_by_label("Rechercher dans la bibliothèque").press("Enter")
    expect(page.locator("#search-results .title").first).to_contain_text("Wagner")
    expect(page.get_by_label("Objet")).to_have_value("Objet en cours d’écriture")
    expect(page.get_by_label("Accroche dans ce numéro")).to_have_value("Une accroche retouchée, pas encore enregistrée")
    expect(meta.get_by_text("Modifications non enregistrées")).to_be_visible()
    # Closing the tab now asks first; staying keeps everything.
    dialogs: list[str] = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    expect(page.get_by_label("Objet")).to_have_value("Objet en cours d’écriture")
    assert dialogs == ["beforeunload"]
    page.get_by_label("Objet").press("Control+s")  # saves the form, not the web page
    expect(page.locator(".flash")).to_contain_text("Enregistré à")
    expect(meta.get_by_text("Modifications non enregistrées")).to_be_hidden()
    page.get_by_role("button", name="Enregistrer pour ce numéro").click()
    expect(page.frame_locator(".preview-pane iframe.email-frame").get_by_text("Une accroche retouchée")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Objet")).to_have_value("Objet en cours d’écriture")


def test_typing_kept_over_a_colleagues_save_of_the_same_field_ends_in_the_conflict_box(two_editors) -> None:
    awa, moussa = two_editors
    awa.get_by_label("Objet").fill("L’objet qu’Awa écrit")
    moussa.get_by_label("Objet").fill("L’objet que Moussa a enregistré")
    moussa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(moussa.locator(".flash")).to_contain_text("Enregistré à")
    awa.get_by_role("button", name=f"+ Actualités : {DRONES}").click()  # the page refreshes with Moussa's subject
    expect(awa.locator(".item", has_text=DRONES)).to_be_visible()  # the refreshed page is in place
    expect(awa.get_by_label("Objet")).to_have_value("L’objet qu’Awa écrit")
    awa.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(awa.get_by_role("alert")).to_contain_text("Quelqu’un d’autre a modifié «\u00a0Objet\u00a0»")
    expect(awa.locator(".field-conflict")).to_contain_text("L’objet que Moussa a enregistré")
    expect(awa.get_by_label("Objet")).to_have_value("L’objet qu’Awa écrit")


def test_typing_that_can_no_longer_be_saved_is_shown_to_copy(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    _open_details(page)
    page.get_by_label("Introduction").fill("Une intro écrite mais jamais enregistrée")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Marquer prêt").click()  # asks first: the editor stays
    expect(page.get_by_label("Introduction")).to_be_editable()
    assert asked and "pas enregistré" in asked[0]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Marquer prêt").click()  # goes on: what was typed is kept to copy
    lost = page.locator(".flash-error", has_text="Non enregistré, et plus sur la page")
    expect(lost).to_contain_text("« Introduction »")
    expect(lost.locator("textarea")).to_have_value("Une intro écrite mais jamais enregistrée")
    page.get_by_role("button", name="Repasser en brouillon").click()  # a later action: the text stays to copy
    expect(page.locator("#intro")).to_be_editable()
    expect(lost.locator("textarea")).to_have_value("Une intro écrite mais jamais enregistrée")
    lost.get_by_role("button", name="Fermer ce message").click()
    expect(lost).to_have_count(0)


def test_a_refused_or_unanswered_save_keeps_the_page_and_what_was_typed(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    _open_details(page)
    subject = page.get_by_label("Objet")
    subject.fill("Un objet qui doit survivre")
    # The server refuses the request (here: a form token it does not recognise).
    page.locator("form.issue-meta input[name=csrf_token]").evaluate("input => input.value = 'périmé'")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Requête invalide")).to_be_visible()
    expect(subject).to_have_value("Un objet qui doit survivre")
    # The server does not answer at all.
    page.context.set_offline(True)
    page.get_by_label("Pré-en-tête").fill("Un pré-en-tête écrit hors ligne")
    page.get_by_role("button", name="+ Actualités : " + DRONES).click()
    expect(page.get_by_role("alert").filter(has_text="Le serveur n’a pas répondu")).to_be_visible()
    expect(subject).to_have_value("Un objet qui doit survivre")
    expect(page.get_by_label("Pré-en-tête")).to_have_value("Un pré-en-tête écrit hors ligne")
    page.context.set_offline(False)


def test_a_save_after_the_session_ended_keeps_the_text_and_saves_after_logging_in(
        page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    _open_details(page)
    page.get_by_label("Objet").fill("Objet tapé pendant la pause déjeuner")
    page.context.clear_cookies()  # the session expired
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Votre session a pris fin")
    expect(page.get_by_label("Objet")).to_have_value("Objet tapé pendant la pause déjeuner")
    screenshot(page, "7-session-ended")
    other = page.context.new_page()  # the editor logs in again in another tab
    log_in(other, live_server, editor.email)
    other.close()
    dialog.get_by_role("button", name="Envoyer à nouveau").click()
    expect(page.locator(".flash")).to_contain_text("Enregistré à")
    page.reload()
    expect(page.get_by_label("Objet")).to_have_value("Objet tapé pendant la pause déjeuner")


def test_skip_links_take_the_keyboard_to_the_stories_library_and_preview(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/issues/1")
    for name, target in (("Aller aux articles du numéro", "stories"), ("Aller à la bibliothèque", "library"),
                         ("Aller à l’aperçu", "preview")):
        page.get_by_role("link", name=name).focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"#{target}")).to_be_focused()
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "8-compose-1366")


def test_putting_an_issue_in_the_trash_asks_once_and_says_where_it_went(page: Page, live_server: str, admin) -> None:
    """A double-click on « Mettre à la corbeille » asked twice; the issue list then showed no message (the
    script had fetched the page that carried it, then loaded the list again)."""
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/issues/1")
    page.get_by_role("button", name="Mettre à la corbeille").dblclick()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/issues"))
    expect(page.locator(".flash")).to_contain_text("est dans la corbeille")
    assert len(asked) == 1

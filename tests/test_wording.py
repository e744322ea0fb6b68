"""Words the crawl cannot judge by language alone: the history's values and quotes, the account's role, and the
validation messages WTForms writes itself (its own fr catalogue, through Flask-WTF)."""
from __future__ import annotations

import pytest

from composer.demo import seed
from tests.conftest import login, post


@pytest.fixture
def demo_client(app, client, admin):
    with app.app_context():
        seed()
    return client


def _page(client, admin, language: str, url: str) -> str:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(client, admin.email)
    return client.get(url).get_data(as_text=True)


def test_the_history_shows_dates_languages_and_titles_as_an_editor_reads_them(demo_client, admin) -> None:
    page = _page(demo_client, admin, "fr", "/issues/1/history")
    assert "Création" in page and "Créé le" not in page
    assert "26 novembre 2026" in page and "2026-11-26" not in page
    assert "<ins>Français</ins>" in page and "<ins>fr</ins>" not in page
    assert "« «" not in page and "» »" not in page  # a title that is a quotation is not quoted again
    assert "«\u00a0Au Sahel, la sécurité ne se décrète pas depuis les capitales\u00a0»" in page
    assert "« Tribune\u00a0: “Le franc CFA n’est plus un tabou” »" in page


def test_the_english_history_dates_in_english(demo_client, admin) -> None:
    page = _page(demo_client, admin, "en", "/issues/1/history")
    assert "November 26, 2026" in page and "Created" in page and "Création" not in page


@pytest.mark.parametrize(("language", "role"), [("fr", "Administrateur"), ("en", "Administrator")])
def test_the_account_page_names_the_role(demo_client, admin, language, role) -> None:
    page = _page(demo_client, admin, language, "/account")
    assert f"· {role} ·" in page and "· admin ·" not in page


@pytest.mark.parametrize(("language", "required", "other"), [
    ("fr", "Ce champ est requis.", "This field is required."),
    ("en", "This field is required.", "Ce champ est requis."),
])
def test_wtforms_own_messages_speak_the_interface_language(demo_client, admin, language, required, other) -> None:
    demo_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(demo_client, admin.email)
    page = post(demo_client, "/issues/new", {"issue_date": ""}).get_data(as_text=True)
    assert required in page and other not in page

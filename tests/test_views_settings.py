"""Brand settings at /settings: admins only, validated, used by the next render, never silently overwritten."""
from __future__ import annotations

from composer.email.brand import current_brand
from composer.extensions import db
from composer.models import BrandSettings
from tests.conftest import post
from tests.factories import make_issue

FORM = {
    "publication_name": "Le Sahel Hebdo", "logo_url": "", "accent_color": "#0b4f6c",
    "postal_address": "BP 42, Niamey, Niger", "footer_text": "Merci de nous lire.",
    "sender_email": "lettre@sahel-hebdo.example", "unsubscribe_url": "https://sahel-hebdo.example/stop",
    "view_online_url": "https://sahel-hebdo.example/lettre", "site_url": "https://sahel-hebdo.example/",
    "utm_source": "hebdo", "version": "0",
}


def test_only_admins_edit_settings(editor_client) -> None:
    assert editor_client.get("/settings").status_code == 403
    assert post(editor_client, "/settings", FORM).status_code == 403


def test_saved_settings_appear_in_the_next_export(app, admin_client) -> None:
    with app.app_context():
        issue_id = make_issue().id
    response = post(admin_client, "/settings", FORM)
    assert response.status_code == 302
    html = admin_client.get(f"/issues/{issue_id}/export?format=html").get_data(as_text=True)
    assert "Le Sahel Hebdo" in html and "BP 42, Niamey, Niger" in html
    assert 'href="https://sahel-hebdo.example/stop"' in html
    assert "#0b4f6c" in html
    with app.test_request_context():
        assert current_brand().publication_name == "Le Sahel Hebdo"


def test_unreadable_accent_and_http_links_are_refused_with_the_input_kept(app, admin_client) -> None:
    response = post(admin_client, "/settings", {**FORM, "accent_color": "#ffe680",
                                                "unsubscribe_url": "http://insecure.example/stop"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="#ffe680"' in page and "4.5:1" in page and "https://" in page
    with app.app_context():
        assert db.session.get(BrandSettings, 1) is None


def test_a_stale_settings_save_changes_nothing(app, admin_client) -> None:
    post(admin_client, "/settings", FORM)
    post(admin_client, "/settings", {**FORM, "publication_name": "Première version", "version": "1"})
    response = post(admin_client, "/settings", {**FORM, "publication_name": "Version périmée", "version": "1"})
    assert response.status_code == 409
    assert 'value="Version périmée"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(BrandSettings, 1).publication_name == "Première version"

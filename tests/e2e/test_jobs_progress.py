"""An import in a real browser: the page answers at once with a progress bar that its script follows, and the
result appears when a real worker has run the job."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from tests.feedserver import FeedServer
from tests.test_jobs import worker

FEED = (Path(__file__).parent.parent / "fixtures" / "feed.rss").read_bytes()


def test_an_import_shows_a_progress_bar_then_its_result(app: Flask, page: Page, live_server: str, editor,
                                                         tmp_path: Path) -> None:
    app.config.update(JOBS_IMMEDIATE=False, INGEST_ALLOW_PRIVATE=True)  # queued, as in production
    with FeedServer() as server:
        url = server.serve("/feed/", FEED)
        log_in(page, live_server, editor.email)
        page.goto(f"{live_server}/imports")
        page.locator("#url").fill(url)
        page.get_by_role("button", name="Importer", exact=True).click()
        bar = page.locator("section.job progress")
        expect(bar).to_be_visible()
        expect(page.locator("#job-status")).to_contain_text("En attente de traitement")
        with worker(app, tmp_path):
            expect(page.get_by_text("3 importés, 1 ignoré.").first).to_be_visible(timeout=60_000)
        expect(bar).to_have_count(0)


def test_a_link_check_started_on_the_compose_page_shows_its_result_without_a_reload(
        app: Flask, page: Page, live_server: str, editor, tmp_path: Path) -> None:
    """The compose page applies « Vérifier les liens » in place: the job's block arrives with the page's new
    workspace, and its progress must still be followed to the end (it stayed « Vérification des liens… »)."""
    app.config.update(JOBS_IMMEDIATE=False, INGEST_ALLOW_PRIVATE=True)
    with FeedServer() as server:
        from composer.extensions import db
        from composer.models import Issue

        with app.app_context():
            issue = db.session.get(Issue, 1)
            issue.intro = f'<p>Voir <a href="{server.serve("/absent", b"", status=404)}">le dossier</a>.</p>'
            db.session.commit()
        log_in(page, live_server, editor.email)
        page.goto(f"{live_server}/issues/1")
        page.get_by_role("button", name="Vérifier les liens").click()
        with worker(app, tmp_path):
            expect(page.locator(".check-warning", has_text="404")).to_have_count(1, timeout=90_000)

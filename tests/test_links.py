"""Link check before sending: every link of an issue fetched (HEAD, then GET), broken ones in « Avant l’envoi »
naming their story, from the compose page, when the issue is marked ready, and from the command line."""
from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from composer.extensions import db
from composer.issues import editing
from composer.models import Issue, Job, LinkProblem
from tests.conftest import post
from tests.factories import make_article, make_issue
from tests.feedserver import FeedServer


@pytest.fixture
def site(app: Flask) -> Iterator[SimpleNamespace]:
    """A local site answering 200, 301 → 200, 404, 500 and too slowly, and an issue linking to each."""
    app.config.update(INGEST_ALLOW_PRIVATE=True, FETCH_DEADLINE=1)
    with FeedServer() as server:
        ok = server.serve("/ok", b"<html>ok</html>", Content_Type="text/html")
        moved = server.serve("/ancien", b"", 301, Location=ok)
        missing = server.serve("/disparu", b"", 404)
        broken = server.serve("/panne", b"", 500)
        slow = server.serve_slowly("/lent", 3)
        intro_link = server.serve("/intro-disparue", b"", 404)
        app.config["BRAND"] = {"publication_name": "Horizon Sahel", "site_url": ok, "unsubscribe_url": ok,
                               "footer_text": f'Écrivez-nous : <a href="{moved}">contact</a>'}
        with app.app_context():
            issue = make_issue("Lettre du vendredi")
            titles = {"Bamako : la rentrée": ok, "Niamey : le marché": moved, "Dakar : le port": missing,
                      "Lomé : la foire": broken, "Accra : le cedi": slow,
                      "Ouaga : la pluie": "http://lettre-introuvable.invalid/article"}
            for position, (title, url) in enumerate(titles.items()):
                article = make_article(title, canonical_url=url)
                editing.add_item(issue, article.id, "lead" if position == 0 else "news", issue.version, None)
            issue.intro = f'<p>Bonjour, lisez <a href="{intro_link}">notre enquête</a>.</p>'
            db.session.commit()
            issue_id = issue.id
        yield SimpleNamespace(server=server, issue_id=issue_id, ok=ok, moved=moved, missing=missing, broken=broken,
                              slow=slow, intro_link=intro_link)


def test_check_links_prints_each_broken_link_and_exits_1(app: Flask, runner: Any, site: SimpleNamespace) -> None:
    result = runner.invoke(args=["check-links", str(site.issue_id)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    broken = {line.split("  ", 1)[0] for line in lines if line.startswith("http")}
    assert broken == {site.missing, site.broken, site.slow, site.intro_link, "http://lettre-introuvable.invalid/article"}
    assert any(line.startswith(site.missing) and "Dakar" in line and "404" in line for line in lines)
    assert any(line.startswith(site.broken) and "500" in line for line in lines)
    assert any(line.startswith(site.slow) and "1" in line for line in lines)  # stopped after 1 s
    assert any(line.startswith(site.intro_link) and "intro" in line for line in lines)
    # HEAD was enough for /ok (its one GET follows /ancien's redirect); a 301 is asked again with GET, followed.
    assert "/ok" in site.server.heads and site.server.requests.count("/ok") == 1
    assert "/ancien" in site.server.heads and "/ancien" in site.server.requests


def test_a_good_issue_passes_the_check(app: Flask, runner: Any, site: SimpleNamespace) -> None:
    with app.app_context():
        issue = db.session.get(Issue, site.issue_id)
        assert issue is not None
        for item in list(issue.items):
            if item.article.canonical_url not in (site.ok, site.moved):
                editing.remove_item(issue, item.id, issue.version, None)
        issue.intro = ""
        db.session.commit()
    result = runner.invoke(args=["check-links", str(site.issue_id)])
    assert result.exit_code == 0 and "0 broken" in result.output
    assert runner.invoke(args=["check-links", "999"]).exit_code == 1


def test_the_compose_page_checks_the_links_and_lists_the_broken_ones_by_story(
        app: Flask, editor_client: Any, site: SimpleNamespace) -> None:
    page = editor_client.get(f"/issues/{site.issue_id}").get_data(as_text=True)
    assert "Vérifier les liens" in page and "Dakar" in page and site.missing not in page
    assert editor_client.post(f"/issues/{site.issue_id}/check-links").status_code == 400  # no CSRF token
    response = post(editor_client, f"/issues/{site.issue_id}/check-links")
    assert response.status_code == 303
    page = editor_client.get(f"/issues/{site.issue_id}").get_data(as_text=True)
    checks = page.split('id="checks-title"', 1)[1].split('<div class="link-check">', 1)[0]
    assert f"Le lien de «\u00a0Dakar : le port\u00a0» ne répond pas (404 Not Found)\u00a0: {site.missing}" in checks
    assert "500" in checks and site.slow in checks and site.intro_link in checks
    assert site.ok not in checks and site.moved not in checks
    assert "Dernière vérification" in page.split('<div class="link-check">', 1)[1]  # in sight, not folded


def test_marking_an_issue_ready_checks_its_links(app: Flask, editor_client: Any, site: SimpleNamespace) -> None:
    app.config["LINK_CHECK_ON_READY"] = True
    with app.app_context():
        version = db.session.get(Issue, site.issue_id).version  # type: ignore[union-attr]
    response = post(editor_client, f"/issues/{site.issue_id}/status", {"status": "ready", "version": version})
    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.kind == "links"))
        assert job is not None and job.status == "done" and (job.done, job.total) == (7, 7)  # each link once
        places = {p.place for p in db.session.scalars(select(LinkProblem))}
    assert places == {"Dakar : le port", "Lomé : la foire", "Accra : le cedi", "Ouaga : la pluie", "l’intro"}
    page = editor_client.get(f"/issues/{site.issue_id}").get_data(as_text=True)
    assert "ne répond pas" in page


def test_a_second_check_while_one_is_pending_is_the_same_job_and_links_are_capped(
        app: Flask, site: SimpleNamespace, monkeypatch: Any) -> None:
    """Five clicks on « Vérifier les liens » queued five checks of 20 000 links each: the worker was held for
    hours. One pending check per issue, and at most MAX_LINKS links in one."""
    from composer.email.brand import current_brand
    from composer.issues import links
    from composer.jobs.queue import start_job

    app.config["JOBS_IMMEDIATE"] = False  # queued, as in production: nothing runs it in this test
    with app.app_context():
        first = start_job("links", {}, None, issue_id=site.issue_id)
        again = start_job("links", {}, None, issue_id=site.issue_id)
        assert again.id == first.id
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.issue_id == site.issue_id)) == 1
        monkeypatch.setattr(links, "MAX_LINKS", 2)
        totals: list[int] = []
        links.check_links(db.session.get(Issue, site.issue_id), current_brand(), app.config,
                          progress=lambda done, total: totals.append(total))
    assert set(totals) == {2}

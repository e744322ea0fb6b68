"""The job queue as editors and operators meet it: an import that answers at once and shows its progress, real
workers on the SQLite store and on Redis, a worker killed mid-import, sources polled on schedule, run-due."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from composer.extensions import db
from composer.jobs.schedule import tick
from composer.models import Article, FeedSource, ImportRun, Job
from tests.conftest import login, post
from tests.feedserver import FeedServer

ROOT = Path(__file__).resolve().parent.parent
FEED = (Path(__file__).parent / "fixtures" / "feed.rss").read_bytes()
REDIS_URL = "redis://127.0.0.1:6379/0"


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def job_row(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job is not None
        db.session.expunge(job)
        return job


def wait_for(check: Callable[[], bool], seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"still not true after {seconds} s")


@contextmanager
def worker(app: Flask, tmp_path: Path, **settings: str) -> Iterator[subprocess.Popen[bytes]]:
    """`flask --app app worker` in its own process, on the test's database and queue."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSER_") and k != "REDIS_URL"}
    env.update(DATABASE_URL=app.config["DATABASE_URL"], SECRET_KEY="test-secret", COMPOSER_INGEST_ALLOW_PRIVATE="1",
               COMPOSER_JOBS_STORE=app.config["JOBS_STORE"], COMPOSER_JOBS_NAME=app.config["JOBS_NAME"],
               COMPOSER_IMAGE_MEASURE="0", **settings)
    log = (tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log").open("wb")
    process = subprocess.Popen([str(Path(sys.executable).parent / "flask"), "--app", "app", "worker"], cwd=ROOT,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


@pytest.fixture
def queued_app(app: Flask, new_app: Callable[..., Flask]) -> Flask:
    """The app as it runs in production: jobs go on the SQLite queue and wait for a worker."""
    made = new_app(JOBS_IMMEDIATE=False, INGEST_ALLOW_PRIVATE=True, JOBS_NAME=f"t{uuid.uuid4().hex[:10]}")
    return made


def test_an_import_answers_at_once_with_a_progress_bar_and_a_worker_on_the_sqlite_store_finishes_it(
        queued_app: Flask, editor: Any, tmp_path: Path) -> None:
    client = queued_app.test_client()
    login(client, editor.email)
    with FeedServer() as server:
        url = server.serve("/feed/", FEED)
        started = time.monotonic()
        response = post(client, "/imports", {"url": url, "format": "", "kind": "article"})
        assert response.status_code == 303 and time.monotonic() - started < 2  # no fetch in the request
        page = client.get(response.location).get_data(as_text=True)
        assert "<progress" in page and "En attente de traitement" in page and "jobs.js" in page
        assert 'http-equiv="refresh"' in page  # without JavaScript, the page refreshes itself
        job_id = int(response.location.rsplit("=", 1)[1])
        status = client.get(f"/jobs/{job_id}").get_json()
        assert status["status"] == "queued" and not status["finished"]
        assert count(queued_app, Article) == 0

        with worker(queued_app, tmp_path):
            wait_for(lambda: client.get(f"/jobs/{job_id}").get_json()["finished"])
        status = client.get(f"/jobs/{job_id}").get_json()
        assert (status["status"], status["done"], status["total"]) == ("done", 4, 4)
        page = client.get(f"/imports?job={job_id}").get_data(as_text=True)
    assert "3 importés, 1 ignoré." in page and "<progress" not in page
    assert count(queued_app, Article) == 3
    job = job_row(queued_app, job_id)
    assert job.user_id == editor.id and job.finished_at is not None and job.attempts == 1


def test_a_worker_killed_during_an_import_leaves_nothing_written_and_the_job_runs_again(
        queued_app: Flask, editor: Any, tmp_path: Path) -> None:
    release = threading.Event()

    def half_then_wait() -> Iterator[bytes]:  # the first half of the feed, then the rest once released
        yield FEED[: len(FEED) // 2]
        release.wait(30)
        yield FEED[len(FEED) // 2:]

    client = queued_app.test_client()
    login(client, editor.email)
    with FeedServer() as server:
        url = server.serve("/feed/", half_then_wait, Content_Type="application/rss+xml")
        response = post(client, "/imports", {"url": url, "format": "rss", "kind": "article"})
        job_id = int(response.location.rsplit("=", 1)[1])
        with worker(queued_app, tmp_path) as first:
            wait_for(lambda: job_row(queued_app, job_id).status == "running" and len(server.requests) == 1)
            first.kill()  # no goodbye: SIGKILL in the middle of the import
            first.wait()
        assert job_row(queued_app, job_id).status == "running"
        assert count(queued_app, Article) == 0 and count(queued_app, ImportRun) == 0  # nothing half-written
        release.set()
        with worker(queued_app, tmp_path):  # a new worker finds the job its dead predecessor held
            wait_for(lambda: job_row(queued_app, job_id).finished)
    job = job_row(queued_app, job_id)
    assert (job.status, job.attempts) == ("done", 2)
    assert count(queued_app, Article) == 3 and count(queued_app, ImportRun) == 1


def test_a_worker_on_redis_runs_the_queued_import(app: Flask, new_app: Callable[..., Flask], editor: Any,
                                                  tmp_path: Path) -> None:
    name = f"composertest{uuid.uuid4().hex[:10]}"
    on_redis = new_app(JOBS_IMMEDIATE=False, INGEST_ALLOW_PRIVATE=True, REDIS_URL=REDIS_URL, JOBS_NAME=name)
    store = redis.Redis.from_url(REDIS_URL)
    try:
        client = on_redis.test_client()
        login(client, editor.email)
        with FeedServer() as server:
            url = server.serve("/feed/", FEED)
            response = post(client, "/imports", {"url": url, "format": "", "kind": "article"})
            job_id = int(response.location.rsplit("=", 1)[1])
            assert store.keys(f"*{name}*")  # the message waits in Redis
            with worker(on_redis, tmp_path, REDIS_URL=REDIS_URL):
                wait_for(lambda: client.get(f"/jobs/{job_id}").get_json()["finished"])
        assert client.get(f"/jobs/{job_id}").get_json()["status"] == "done"
        assert count(on_redis, Article) == 3
    finally:
        keys = store.keys(f"*{name}*")
        if keys:
            store.delete(*keys)
        store.close()


def test_a_failed_job_shows_its_reason_on_the_page_and_in_its_status(app: Flask, editor_client: Any) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/bad", b"pas un flux du tout")
        response = post(editor_client, "/imports", {"url": url, "format": "rss", "kind": "article"})
    job_id = int(response.location.rsplit("=", 1)[1])
    status = editor_client.get(f"/jobs/{job_id}").get_json()
    assert status["status"] == "failed" and "pas un flux RSS" in status["error"]
    page = editor_client.get(response.location).get_data(as_text=True)
    assert "Rien n’a été importé" in page and "pas un flux RSS" in page
    assert editor_client.get("/jobs/999999").status_code == 404


def test_a_job_status_needs_a_login(app: Flask, client: Any) -> None:
    assert client.get("/jobs/1").status_code == 302


def save_source(app: Flask, url: str, every: int | None, next_run: datetime | None) -> int:
    with app.app_context():
        source = FeedSource(url=url, name="Courrier", every_minutes=every, next_run_at=next_run)
        db.session.add(source)
        db.session.commit()
        return source.id


def test_a_source_gets_a_poll_interval_between_a_quarter_of_an_hour_and_a_week(app: Flask, editor_client: Any) -> None:
    source_id = save_source(app, "https://courrier.example/rss", None, None)
    form = {"name": "Courrier", "kind": "article", "section": "", "opinion_labels": "", "category_map": ""}
    for wrong in ("10", "20000"):
        response = post(editor_client, f"/imports/sources/{source_id}", {**form, "every_minutes": wrong})
        assert response.status_code == 422 and "15 à 10080 minutes" in response.get_data(as_text=True)
    assert post(editor_client, f"/imports/sources/{source_id}", {**form, "every_minutes": "60"}).status_code == 302
    page = editor_client.get("/imports").get_data(as_text=True)
    assert "toutes les 60 min" in page and "prochaine" in page and "jamais" in page
    with app.app_context():
        source = db.session.get(FeedSource, source_id)
        assert source is not None and source.every_minutes == 60 and source.next_run_at is not None
    post(editor_client, f"/imports/sources/{source_id}", {**form, "every_minutes": ""})
    assert "à la demande" in editor_client.get("/imports").get_data(as_text=True)


def test_run_due_imports_a_source_missed_during_a_downtime_once_not_once_per_slot(app: Flask, runner: Any) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    now = datetime(2026, 12, 2, 6, 0)
    with FeedServer() as server:
        url = server.serve("/feed/", FEED)
        source_id = save_source(app, url, 15, now - timedelta(hours=10))  # 40 slots missed
        save_source(app, url + "?plus-tard", 15, now + timedelta(minutes=30))  # not yet due
        result = runner.invoke(args=["run-due", "--now", "2026-12-02T06:00"])
        assert result.exit_code == 0, result.output
        assert f"Imported {url}: imported 3, updated 0, unchanged 0, skipped 1" in result.output
        assert "1 job(s) due at 2026-12-02T06:00 UTC; 0 failed." in result.output
        assert len(server.requests) == 1
        again = runner.invoke(args=["run-due", "--now", "2026-12-02T06:10"])
        assert "0 job(s) due" in again.output and len(server.requests) == 1
        later = runner.invoke(args=["run-due", "--now", "2026-12-02T07:15+01:00"])  # 06:15 UTC
        assert "1 job(s) due at 2026-12-02T06:15 UTC" in later.output and "unchanged 3" in later.output
    with app.app_context():
        source = db.session.get(FeedSource, source_id)
        assert source is not None and source.next_run_at is not None
        assert source.next_run_at >= datetime(2026, 12, 2, 6, 30)
        assert db.session.scalar(select(func.count()).select_from(Job).where(Job.kind == "source")) == 2


def test_run_due_refuses_a_time_it_cannot_read_in_one_line(runner: Any) -> None:
    result = runner.invoke(args=["run-due", "--now", "demain matin"])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "--now" in result.output


def test_the_scheduler_tick_queues_each_due_source_and_the_imports_page_shows_the_last_result(
        app: Flask, editor_client: Any) -> None:
    app.config["INGEST_ALLOW_PRIVATE"] = "1"
    with FeedServer() as server:
        url = server.serve("/feed/", FEED)
        with app.app_context():
            save_source(app, url, 30, datetime(2026, 1, 1))
            jobs = tick(datetime(2026, 12, 2, 6, 0))
            db.session.expire_all()
            assert [j.status for j in jobs] == ["done"]  # immediate mode: run as it is queued
            assert tick(datetime(2026, 12, 2, 6, 1)) == []
    page = editor_client.get("/imports").get_data(as_text=True)
    assert "toutes les 30 min" in page and "3 importés, 1 ignoré." in page


def test_a_job_left_running_by_a_gone_worker_is_queued_again_by_the_tick(app: Flask) -> None:
    with app.app_context():
        job = Job(kind="import", params=json.dumps({"url": "https://courrier.example/rss"}), status="running",
                  worker="ailleurs:1", started_at=datetime(2026, 12, 2, 5, 0))
        db.session.add(job)
        db.session.commit()
        app.config["JOBS_LEASE"] = 600
        tick(datetime(2026, 12, 2, 5, 5))  # within the lease, on another machine: left alone
        db.session.expire_all()
        assert db.session.get(Job, job.id).status == "running"  # type: ignore[union-attr]
        tick(datetime(2026, 12, 2, 5, 11))  # past it: run again (here, and refused: no private fetch)
        db.session.expire_all()
        again = db.session.get(Job, job.id)
        assert again is not None and again.status == "failed" and again.attempts == 1


def test_make_run_starts_the_web_server_and_the_worker_and_one_interrupt_stops_both(app: Flask,
                                                                                    tmp_path: Path) -> None:
    import signal
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSER_") and k != "REDIS_URL"}
    env.update(DATABASE_URL=app.config["DATABASE_URL"], SECRET_KEY="test-secret", PORT=str(port),
               COMPOSER_JOBS_STORE=str(tmp_path / "jobs.sqlite"), PATH=f"{bin_dir}:{env.get('PATH', '')}")
    log = tmp_path / "honcho.log"
    with log.open("wb") as out:
        honcho = subprocess.Popen([str(bin_dir / "honcho"), "-f", "Procfile.dev", "start"], cwd=ROOT, env=env,
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            def web_answers() -> bool:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as answer:  # noqa: S310
                        return bool(answer.status == 200)
                except OSError:
                    return False
            wait_for(web_answers, 30)
            wait_for(lambda: "worker" in log.read_text() and "huey" in log.read_text(), 30)
            honcho.send_signal(signal.SIGINT)  # Ctrl+C
            honcho.wait(15)
        finally:
            if honcho.poll() is None:
                honcho.kill()
                honcho.wait()
    output = log.read_text()
    assert "web.1 stopped" in output and "worker.1 stopped" in output
    assert not web_answers()


def test_a_colleagues_one_off_import_job_is_not_shown_to_another_editor(app: Flask, client: Any, admin,
                                                                        editor) -> None:
    from tests.conftest import login

    app.config["JOBS_IMMEDIATE"] = False
    with app.app_context():
        from composer.jobs.queue import start_job
        from composer.models import User

        owner = db.session.scalar(select(User).where(User.email == admin.email))
        job_id = start_job("import", {"url": "https://example.org/flux"}, owner).id
    login(client, editor.email)
    assert client.get(f"/jobs/{job_id}").status_code == 404
    owner_browser = app.test_client()
    login(owner_browser, admin.email)
    assert owner_browser.get(f"/jobs/{job_id}").status_code == 200

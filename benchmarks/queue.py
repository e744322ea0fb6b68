"""Queue: a 1 000-item feed queued as a web import, run by a real `flask worker` on the SQLite store, and
searchable so many seconds after it was queued; what queuing adds to a request; the worker's resident memory,
idle and while it imports."""
from __future__ import annotations

import html
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import IO, Any

from benchmarks.common import NOW, ROOT


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(50 if quick else 1_000, 5 if quick else 200)


def _app(tmp: str) -> Any:
    from flask_migrate import upgrade

    from composer import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/queue.sqlite",
                      "INGEST_ALLOW_PRIVATE": True, "JOBS_STORE": f"{tmp}/jobs.sqlite",
                      "JOBS_NAME": f"bench{uuid.uuid4().hex[:8]}", "IMAGE_MEASURE": False})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _worker(app: Any, tmp: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSER_") and k != "REDIS_URL"}
    env.update(DATABASE_URL=app.config["DATABASE_URL"], SECRET_KEY="bench", COMPOSER_INGEST_ALLOW_PRIVATE="1",  # noqa: S106
               COMPOSER_JOBS_STORE=app.config["JOBS_STORE"], COMPOSER_JOBS_NAME=app.config["JOBS_NAME"],
               COMPOSER_IMAGE_MEASURE="0")
    return subprocess.Popen([str(Path(sys.executable).parent / "flask"), "--app", "app", "worker"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)


def measure(count: int, enqueues: int) -> list[dict[str, Any]]:
    from benchmarks.data import Corpus, rss_feed
    from composer.extensions import db
    from composer.jobs.queue import start_job
    from composer.library import SearchQuery, search_articles
    from composer.models import Job
    from tests.feedserver import FeedServer

    feed = rss_feed(Corpus(seed=5), count, NOW)
    last_title = html.unescape(re.findall(rb"<item><title>(.*?)</title>", feed)[-1].decode())
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        url = server.serve("/feed.xml", feed, Content_Type="application/rss+xml")
        app = _app(tmp)
        with app.app_context():  # queuing alone (no worker yet): a Job row and the message
            costs = []
            for _ in range(enqueues):
                start = time.perf_counter()
                job = start_job("import", {"url": url + "?enqueue-only", "format": "rss"})
                costs.append((time.perf_counter() - start) * 1000)
                job.status = "done"  # taken off: the worker must not run these
                db.session.commit()
        rows.append({"measure": f"queue one job (median of {enqueues})", "value": round(statistics.median(costs), 2),
                     "unit": "ms"})
        log_file = open(f"{tmp}/worker.log", "wb")  # noqa: SIM115  (closed once the worker has stopped)
        worker = _worker(app, tmp, log_file)
        try:
            log = Path(f"{tmp}/worker.log")
            deadline = time.monotonic() + 60
            while "consumer started" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.5)  # settled: the queued-only jobs above taken and dropped
            rows.append({"measure": "worker resident, idle", "value": round(_rss_mb(worker.pid), 1), "unit": "MB"})
            with app.app_context():
                start = time.perf_counter()
                job_id = start_job("import", {"url": url, "format": "rss"}).id
                peak, found = 0.0, 0
                while time.perf_counter() - start < 120 and not found:
                    peak = max(peak, _rss_mb(worker.pid))
                    db.session.rollback()  # a fresh snapshot: what the worker committed since
                    found = search_articles(SearchQuery(q=last_title), per_page=1).total
                    if not found:
                        time.sleep(0.1)
                searchable = time.perf_counter() - start
                assert found, Path(f"{tmp}/worker.log").read_text()[-2000:]
                while (job := db.session.get(Job, job_id)) is not None and not job.finished:
                    db.session.rollback()
                    time.sleep(0.05)
                assert job is not None and job.status == "done", (job and job.error)
        finally:
            worker.terminate()
            worker.wait(30)
            log_file.close()
        rows.append({"measure": f"{count}-item feed searchable after being queued", "value": round(searchable, 2),
                     "unit": "s"})
        rows.append({"measure": "worker resident, importing (peak sampled)", "value": round(peak, 1), "unit": "MB"})
    # The baseline, in the same run: the same feed imported inside the calling process, as a request did before.
    from benchmarks import import_feed

    baseline = import_feed.measure(count, 1)[0]["first_import_s"]
    rows.append({"measure": f"{count}-item feed imported in the request (baseline)", "value": baseline, "unit": "s"})
    return rows

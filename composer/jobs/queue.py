"""The queue's store (SQLite in instance/ on one machine, Redis with REDIS_URL) and how a job gets on it: a Job
row first, then its id on the queue; the row is what the worker trusts."""
from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy import or_, select

from composer.extensions import db
from composer.models import Job, User

_made = threading.Lock()


def queue_of(app: Flask) -> Huey:
    """The app's queue, made on first use (an app that never queues a job opens no store) with the two tasks
    the worker runs: one job, by id, and the scheduler's tick each minute, each in an app context."""
    with _made:
        if "huey" not in app.extensions:
            huey = make_huey(app.config, app.instance_path)

            def run_job(job_id: int) -> None:
                from composer.jobs.runner import execute

                with app.app_context():
                    execute(job_id)

            def tick() -> None:
                from composer.jobs.schedule import tick as scheduled_tick

                with app.app_context():
                    scheduled_tick(datetime.now(UTC).replace(tzinfo=None))

            app.extensions["jobs.run"] = huey.task(name="run_job")(run_job)
            huey.periodic_task(crontab(), name="tick")(tick)
            app.extensions["huey"] = huey
        return app.extensions["huey"]  # type: ignore[no-any-return]


def make_huey(config: Mapping[str, Any], instance_path: str) -> Huey:
    """RedisHuey when REDIS_URL is set, else SqliteHuey on JOBS_STORE (default <instance>/jobs.sqlite)."""
    name, immediate = str(config["JOBS_NAME"]), bool(config["JOBS_IMMEDIATE"])
    if config.get("REDIS_URL"):
        return RedisHuey(name, url=config["REDIS_URL"], immediate=immediate, results=False)
    store = config.get("JOBS_STORE") or str(Path(instance_path) / "jobs.sqlite")
    return SqliteHuey(name, filename=store, immediate=immediate, results=False)


def worker_name() -> str:
    """Who runs a job: this host and process (a job left running by a process gone from this host is free)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def submit(job: Job) -> None:
    """Put a saved job's id on the queue (under JOBS_IMMEDIATE: run it now)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    queue_of(app)
    app.extensions["jobs.run"](job.id)


def start_job(kind: str, params: dict[str, Any], user: User | None = None,
              feed_source_id: int | None = None, issue_id: int | None = None) -> Job:
    """Record a job, then queue it: it exists (and shows) even before a worker takes it. A link check of an
    issue, or a run of a saved source, that is already queued or running is that job, not a second one."""
    if issue_id is not None or feed_source_id is not None:
        pending = db.session.scalar(select(Job).where(
            Job.kind == kind, Job.status.in_(("queued", "running")),
            Job.issue_id == issue_id if issue_id is not None else Job.feed_source_id == feed_source_id))
        if pending is not None:
            return pending
    job = Job(kind=kind, params=json.dumps(params), user=user, feed_source_id=feed_source_id, issue_id=issue_id,
              status="queued")
    db.session.add(job)
    db.session.commit()
    submit(job)
    return job


def _process_gone(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def recover(now: datetime, lease_seconds: int, queued: bool = False) -> list[Job]:
    """Jobs whose worker is gone (a process of this host that no longer exists, or past the lease anywhere)
    and, when a worker starts (queued=True), queued jobs older than the lease (their message lost with a wiped
    store): queued again. Taking a job
    is a compare-and-set on its row (runner.claim), so a job queued twice still runs once at a time."""
    cutoff = now - timedelta(seconds=lease_seconds)
    candidates = db.session.scalars(select(Job).where(or_(Job.status == "running", Job.status == "queued"))
                                    .order_by(Job.id)).all()
    again = []
    for job in candidates:
        if job.status == "running" and (_process_gone(job.worker) or (job.started_at or now) < cutoff):
            job.status = "queued"
            again.append(job)
        elif queued and job.status == "queued" and job.created_at < cutoff:
            again.append(job)
    db.session.commit()
    for job in again:
        submit(job)
    return again

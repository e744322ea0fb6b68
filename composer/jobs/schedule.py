"""Sources polled on schedule: each saved source's interval, when it is due, and the scheduler's tick."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from composer.errors import InvalidInput
from composer.extensions import db
from composer.jobs.queue import recover, start_job
from composer.models import FeedSource, ImportRun, Job, utcnow

MIN_EVERY, MAX_EVERY = 15, 7 * 24 * 60  # a quarter of an hour to a week


def check_every(value: object) -> int | None:
    """The interval in minutes (None: not polled), or InvalidInput saying the bounds."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit() \
            or not MIN_EVERY <= int(value) <= MAX_EVERY:
        message = _("Poll every %(low)s to %(high)s minutes (a quarter of an hour to a week).", low=MIN_EVERY,
                    high=MAX_EVERY)
        raise InvalidInput(message, {"every_minutes": message})
    return int(value)


def set_every(source: FeedSource, every: int | None, now: datetime | None = None) -> None:
    """Poll the source every so many minutes from now on (first poll at the next tick), or no longer."""
    source.every_minutes = every
    if every is None:
        source.next_run_at = None
    elif source.next_run_at is None or source.next_run_at > (now or utcnow()) + timedelta(minutes=every):
        source.next_run_at = now or utcnow()


def due_sources(now: datetime) -> list[FeedSource]:
    return list(db.session.scalars(select(FeedSource).where(FeedSource.every_minutes.is_not(None),
                                                            FeedSource.next_run_at <= now)
                                   .order_by(FeedSource.next_run_at, FeedSource.id)))


def run_due(now: datetime, start: Callable[[FeedSource], Job] | None = None) -> list[Job]:
    """A job for each source due at `now`. Its next run counts from now, not from the missed slot: after a
    downtime a source runs once, not once for each slot it missed."""
    started = []
    for source in due_sources(now):
        source.next_run_at = now + timedelta(minutes=source.every_minutes or MAX_EVERY)
        db.session.commit()
        started.append(start(source) if start else start_job("source", {"at": now.isoformat()}, None, source.id))
    return started


def tick(now: datetime) -> list[Job]:
    """Each minute in the worker: jobs whose worker died go back on the queue, due sources get a job."""
    recover(now, int(current_app.config["JOBS_LEASE"]))
    return run_due(now)


def last_runs(sources: list[FeedSource]) -> dict[int, ImportRun]:
    """Each source's latest import (its last run and result, as the history recorded them)."""
    ids = [source.id for source in sources]
    if not ids:
        return {}
    latest = (select(func.max(ImportRun.id)).where(ImportRun.feed_source_id.in_(ids))
              .group_by(ImportRun.feed_source_id))
    return {run.feed_source_id: run for run in db.session.scalars(select(ImportRun).where(ImportRun.id.in_(latest)))
            if run.feed_source_id is not None}

"""Running one job: take it (once, whoever else holds its id), do its work, record how it ended."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from composer.email.brand import current_brand
from composer.errors import DomainError
from composer.extensions import db, get_by_id
from composer.ingest.importer import ImportOptions, run_import
from composer.issues.links import check_links
from composer.jobs.queue import worker_name
from composer.models import FeedSource, Issue, Job, utcnow

log = logging.getLogger(__name__)


def claim(job_id: int) -> Job | None:
    """The job, now running here, if it was queued; None if another worker has it or it has ended."""
    taken = getattr(db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == "queued")
        .values(status="running", started_at=utcnow(), worker=worker_name(), attempts=Job.attempts + 1,
                done=0, total=None, error="")
    ), "rowcount", 0)
    db.session.commit()
    return db.session.get(Job, job_id) if taken else None


def _progress(job: Job) -> Callable[[int], None]:
    def heard(total: int) -> None:
        job.total = total
        db.session.commit()
    return heard


def _import(job: Job) -> str:
    """A web import or a saved source's run: one import, written all or nothing (ingest.apply_records)."""
    params = job.parameters
    source = db.session.get(FeedSource, job.feed_source_id) if job.feed_source_id else None
    kind: str | None
    section: str | None
    if job.kind == "source":
        if source is None:
            raise DomainError(_("The saved source no longer exists."))
        url, fmt = source.url, None if source.format == "auto" else source.format
        kind, section = source.kind, source.section or None
    else:
        url, fmt = str(params["url"]), params.get("format")
        kind, section = params.get("kind"), params.get("section")
    options = ImportOptions.from_config(current_app.config)
    try:
        result, run = run_import(url, fmt, kind, section, job.user, options, feed_source_id=job.feed_source_id,
                                 on_read=_progress(job))
    finally:
        if source is not None and source.every_minutes:  # the next poll counts from this one, never earlier
            # from the time it ran for (run-due --now), else from now (an editor's « run now »)
            ran_at = datetime.fromisoformat(params["at"]) if params.get("at") else utcnow()
            later = ran_at + timedelta(minutes=source.every_minutes)
            if source.next_run_at is None or source.next_run_at < later:
                source.next_run_at = later
                db.session.commit()
    job.import_run_id = run.id
    job.done = job.total = job.total or 0
    return result.summary()


def _links(job: Job) -> str:
    """Every link of an issue, checked; the broken ones kept for « Avant l’envoi »."""
    issue = get_by_id(Issue, job.issue_id or 0)
    if issue is None:
        raise DomainError(_("The issue no longer exists."))

    def heard(done: int, total: int) -> None:
        job.done, job.total = done, total
        db.session.commit()

    problems = check_links(issue, current_brand(), current_app.config, heard)
    return f"checked {job.total or 0} link(s), {len(problems)} broken"


RUNNERS: dict[str, Callable[[Job], str]] = {"import": _import, "source": _import, "links": _links}


def execute(job_id: int) -> Job | None:
    """Run the job if it is queued; its row says how it ended (done with a summary, or failed with a reason)."""
    job = claim(job_id)
    if job is None:
        return None
    try:
        summary = RUNNERS[job.kind](job)
    except DomainError as exc:
        db.session.rollback()
        _finish(job, "failed", error=exc.message)
    except Exception as exc:  # recorded and shown: the worker goes on with the next job
        log.exception("job %s failed", job_id)
        db.session.rollback()
        _finish(job, "failed", error=_("Unexpected error (%(name)s); see the worker's log.",
                                       name=type(exc).__name__))
    else:
        _finish(job, "done", summary=summary)
    return job


def _finish(job: Job, status: str, summary: str = "", error: str = "") -> None:
    job.status, job.summary, job.error, job.finished_at = status, summary, error, utcnow()
    db.session.commit()

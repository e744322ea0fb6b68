"""The job queue: imports, source polls and their schedule run outside requests, each recorded as a Job row."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from huey import crontab

from composer.jobs.queue import make_huey


def init_app(app: Flask) -> None:
    """Give the app its queue and the two tasks the worker runs: one job (by id), and the scheduler's tick each
    minute. Each runs in an app context of this app."""
    huey = make_huey(app.config, app.instance_path)

    def run_job(job_id: int) -> None:
        from composer.jobs.runner import execute

        with app.app_context():
            execute(job_id)

    def tick() -> None:
        from composer.jobs.schedule import tick as scheduled_tick

        with app.app_context():
            scheduled_tick(datetime.now(UTC).replace(tzinfo=None))

    app.extensions["huey"] = huey
    app.extensions["jobs.run"] = huey.task(name="run_job")(run_job)
    huey.periodic_task(crontab(), name="tick")(tick)

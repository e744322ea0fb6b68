"""Command-line interface: flask --app app init-db | seed-demo | create-user | export | import | worker | run-due |
purge-trash | prune-history …"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from composer import revisions
from composer.accounts import users as accounts
from composer.accounts.tokens import create_token
from composer.delivery.esp import SERVICES
from composer.domain import Kind
from composer.email.brand import current_brand
from composer.email.export import FORMATS, export_issue
from composer.email.profiles import PROFILES
from composer.errors import DomainError
from composer.extensions import db
from composer.ingest import FORMATS as INGEST_FORMATS
from composer.ingest.importer import ImportOptions, run_import
from composer.issues import editing
from composer.models import FeedSource, User, utcnow
from composer.trash import TRASH_DAYS, purge


def fail(message: str) -> NoReturn:
    """One line on stderr and exit code 1: what scripts and people both can read."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


class Choice(click.Choice):
    """click.Choice over the names the services accept (one source each), refusing another with the CLI's one
    line and exit code 1 rather than click's usage text."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            fail(exc.format_message())


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db() -> None:
        """Create the database schema, or upgrade it in place. Never drops data."""
        upgrade(directory=app.extensions["migrate"].directory)
        click.echo("Database is up to date.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Add the French demo articles and demo issue (safe to run twice)."""
        from composer.demo import seed

        articles, issue_created = seed()
        click.echo(f"Demo content: {articles} articles added, demo issue {'added' if issue_created else 'kept'}.")

    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", default="editor", show_default=True, help="editor or admin")
    @click.option("--name", default="", help="Display name")
    def create_user(email: str, role: str, name: str) -> None:
        """Create a user; asks for the password (or reads it from stdin when not a terminal)."""
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\r\n")
        try:
            user = accounts.create_user(email, password, role, name)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Created {user.role} {user.email}.")

    @app.cli.command("disable-user")
    @click.argument("email")
    def disable_user(email: str) -> None:
        """Disable a user: no login, their sessions end and their API tokens stop, at once."""
        try:
            user = accounts.find_user(email)
            accounts.disable_user(user)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Disabled {user.email}: logged out everywhere, API tokens stopped.")

    @app.cli.command("enable-user")
    @click.argument("email")
    def enable_user(email: str) -> None:
        """Let a disabled user log in again."""
        try:
            user = accounts.find_user(email)
            accounts.enable_user(user)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Enabled {user.email}.")

    @app.cli.command("create-token")
    @click.argument("email")
    @click.option("--name", default="CLI", show_default=True, help="what the token is for")
    def create_token_command(email: str, name: str) -> None:
        """Create a personal API token for a user and print it (shown once; only its hash is kept)."""
        user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
        if user is None:
            fail(f"no user with the email {email}")
        _token, secret = create_token(user, name)
        click.echo(secret)

    @app.cli.command("send-test")
    @click.argument("issue_id", type=int)
    @click.option("--to", "to", multiple=True, required=True, help="an address (repeat for more, at most 10)")
    def send_test_command(issue_id: int, to: tuple[str, ...]) -> None:
        """Send the issue as a test email ([TEST] in the subject) through the SMTP settings."""
        from composer.delivery.smtp import send_test

        try:
            sent = send_test(editing.get_issue(issue_id), list(to), current_brand(), app.config)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Test sent to {', '.join(sent)}.")

    @app.cli.command("push")
    @click.argument("issue_id", type=int)
    @click.option("--service", required=True, type=Choice(SERVICES), help="the mailing service")
    def push_command(issue_id: int, service: str) -> None:
        """Create the issue as a draft campaign in a mailing service (never sends it)."""
        from composer.delivery.esp import push_issue

        try:
            result = push_issue(editing.get_issue(issue_id), service, current_brand(), app.config)
        except DomainError as exc:
            fail(exc.message)
        click.echo(f"Draft campaign {result.campaign_id} in {service}: {result.url}")

    @app.cli.command("backup")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--with-secrets", is_flag=True, help="include password hashes, token hashes and service keys")
    def backup_command(file: Path, with_secrets: bool) -> None:
        """Write a consistent JSON Lines dump of the whole database."""
        from composer.backup import dump

        try:
            if with_secrets:  # password hashes and service keys: for the owner's eyes only, from the first byte
                descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.fchmod(descriptor, 0o600)  # a file already there keeps no wider mode
                handle = os.fdopen(descriptor, "w", encoding="utf-8")
            else:
                handle = file.open("w", encoding="utf-8")
            with handle as out:
                counts = dump(out, with_secrets)
        except OSError as exc:
            fail(f"cannot write {file}: {exc.strerror}")
        click.echo(f"Wrote {file}: " + ", ".join(f"{n} {t}" for t, n in counts.items() if n))

    @app.cli.command("restore")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    def restore_command(file: Path) -> None:
        """Restore a backup into an empty database (run init-db first)."""
        from composer.backup import restore

        try:
            with file.open(encoding="utf-8") as source:
                counts = restore(source)
        except OSError as exc:
            fail(f"cannot read {file}: {exc.strerror}")
        except DomainError as exc:
            fail(exc.message)
        click.echo("Restored " + ", ".join(f"{n} {t}" for t, n in counts.items() if n))

    @app.cli.command("import")
    @click.argument("source")
    @click.option("--format", "fmt", type=Choice(INGEST_FORMATS), default=None, help="sniffed if absent")
    @click.option("--kind", type=Choice(Kind.values()), default=None, help="for items that do not say")
    @click.option("--section", default=None, help="rubrique for items that have none")
    def import_command(source: str, fmt: str | None, kind: str | None, section: str | None) -> None:
        """Import articles from a file path or an http(s) URL: RSS, Atom, WordPress, CSV, JSON or text."""
        try:
            options = dataclasses.replace(ImportOptions.from_config(app.config), allow_files=True)  # the CLI's own
            result, _run = run_import(source, fmt, kind, section, None, options)
        except DomainError as exc:
            fail(exc.message)
        for message in result.messages:
            click.echo(f"  {message}", err=True)
        click.echo(result.summary())

    @app.cli.command("export")
    @click.argument("issue_id", type=int)
    @click.option("--format", "fmt", type=Choice(FORMATS), required=True)
    @click.option("--profile", type=Choice(PROFILES), default="generic", show_default=True)
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="file (default stdout)")
    def export(issue_id: int, fmt: str, profile: str, output: Path | None) -> None:
        """Export an issue as html, text or eml for a mailing-service profile."""
        try:
            issue = editing.get_issue(issue_id)
            exported = export_issue(issue, fmt, profile, current_brand())
        except DomainError as exc:
            fail(exc.message)
        if output is None:
            sys.stdout.buffer.write(exported.content)
            sys.stdout.flush()
        else:
            try:
                output.write_bytes(exported.content)
            except OSError as exc:
                fail(f"cannot write {output}: {exc.strerror}")
            click.echo(f"Wrote {output} ({len(exported.content)} bytes).", err=True)

    @app.cli.command("prune-history")
    @click.option("--days", type=click.IntRange(min=1), default=revisions.HISTORY_DAYS, show_default=True,
                  help="keep every save younger than this; older, one per issue or article per day")
    def prune_history(days: int) -> None:
        """Thin the history of saves older than --days days to the last save of each day (and the first)."""
        removed = revisions.prune(days)
        click.echo(f"Removed {removed} revision(s) older than {days} days; kept the last of each day "
                   f"and the first of each issue and article.")

    @app.cli.command("measure-images")
    @click.option("--issue", "issue_id", type=int, help="only this issue's top-story images")
    @click.option("--again", is_flag=True, help="measure images whose size is already known too")
    def measure_images_command(issue_id: int | None, again: bool) -> None:
        """Learn the real size of images (articles with an image, the logo) whose size is unknown."""
        from composer.ingest import images
        from composer.models import Article

        if not images.enabled(app.config):
            fail("IMAGE_MEASURE is off in the configuration")
        if issue_id is not None:
            problems = images.issue_images(editing.get_issue(issue_id), app.config, again)
        else:
            problems = [p for p in [images.logo(app.config, again)] if p]
            wanted = select(Article).where(Article.image_url != "", Article.deleted_at.is_(None))
            if not again:
                wanted = wanted.where(Article.image_width.is_(None))
            for article in db.session.scalars(wanted.order_by(Article.id)).all():
                problem = images.article_image(article, app.config, again)
                if problem:
                    problems.append(problem)
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        click.echo(f"Measured images; {len(problems)} could not be read.")
        if problems:
            sys.exit(1)

    @app.cli.command("worker")
    @click.option("--workers", type=click.IntRange(min=1), default=None, help="threads running jobs (JOBS_WORKERS)")
    def worker_command(workers: int | None) -> None:
        """Run the job queue: the consumer and the scheduler (sources due each minute), until Ctrl+C or SIGTERM."""
        import logging

        from composer.jobs import runner  # noqa: F401  (loaded now, not by the first job: it starts at once)
        from composer.jobs.queue import queue_of, recover

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        huey = queue_of(app)
        again = recover(utcnow(), int(app.config["JOBS_LEASE"]), queued=True)
        if again:
            click.echo(f"Queued again {len(again)} job(s) left unfinished: " + ", ".join(f"#{j.id}" for j in again))
        db.session.remove()  # the worker threads take their own connections
        # An idle worker asks the store for work at least each second (huey backs off to 10 s by default: an
        # import queued then would wait that long; Redis answers at once anyway).
        consumer = huey.create_consumer(workers=workers or int(app.config["JOBS_WORKERS"]), worker_type="thread",
                                        periodic=True, check_worker_health=True, max_delay=1.0)
        consumer.run()

    @app.cli.command("run-due")
    @click.option("--now", "now_text", default=None, metavar="ISO-DATETIME",
                  help="the time to run for (UTC unless it says its offset; default: now)")
    def run_due_command(now_text: str | None) -> None:
        """Run, once and here, every job due at that time (sources to poll), print what was done, and exit."""
        from composer.jobs.runner import execute
        from composer.jobs.schedule import run_due
        from composer.models import Job

        now = utcnow()
        if now_text:
            try:
                parsed = datetime.fromisoformat(now_text.strip())
            except ValueError:
                fail(f"--now must be an ISO date and time such as 2026-12-02T06:00 or 2026-12-02T06:00+00:00, "
                     f"not {now_text!r}")
            now = parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
            if now > utcnow() + timedelta(minutes=1):  # each source's next run would be set past it
                fail(f"--now may not be in the future (it is {utcnow():%Y-%m-%dT%H:%M} UTC now): {now_text}")

        urls: dict[int, str] = {}

        def run_here(source: FeedSource) -> Job:
            job = Job(kind="source", params=json.dumps({"at": now.isoformat()}), feed_source_id=source.id,
                      status="queued")
            db.session.add(job)
            db.session.commit()
            urls[job.id] = source.url
            return execute(job.id) or job

        jobs = run_due(now, run_here)
        for job in jobs:
            outcome = job.summary if job.status == "done" else f"failed: {job.error}"
            click.echo(f"Imported {urls[job.id]}: {outcome}")
        click.echo(f"{len(jobs)} job(s) due at {now.isoformat(timespec='minutes')} UTC; "
                   f"{sum(j.status == 'failed' for j in jobs)} failed.")

    @app.cli.command("check-links")
    @click.argument("issue_id", type=int)
    def check_links_command(issue_id: int) -> None:
        """Check every link of the issue (stories, intro, footer); print each broken one; exit 1 if any."""
        from composer.issues.links import check_links, issue_links

        try:
            issue = editing.get_issue(issue_id)
        except DomainError as exc:
            fail(exc.message)
        brand = current_brand()
        problems = check_links(issue, brand, app.config)
        for problem in problems:
            click.echo(f"{problem.url}  ({problem.place}): {problem.reason}")
        click.echo(f"Checked {len(issue_links(issue, brand))} link(s) of issue {issue_id}; {len(problems)} broken.",
                   err=bool(problems))
        if problems:
            sys.exit(1)

    @app.cli.command("purge-trash")
    @click.option("--days", type=click.IntRange(min=0), default=TRASH_DAYS, show_default=True,
                  help="purge what has been in the trash longer than this")
    def purge_trash(days: int) -> None:
        """Remove for good the articles and issues in the trash for more than --days days."""
        report = purge(days)
        for line in report.kept:
            click.echo(f"  {line}", err=True)
        click.echo(f"Purged {report.articles} article(s) and {report.issues} issue(s); "
                   f"kept {len(report.kept)} article(s) still needed.")

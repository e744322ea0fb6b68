"""Load test: 20 editors at once on the app served by gunicorn, on PostgreSQL, for 60 seconds.

Each simulated editor logs in and, until the time is up, browses the library, searches it, opens an issue,
previews it, adds stories to it and rewrites its subject, as a newsroom does on deadline: five editors
share each issue, so their saves collide. A refused save (409: someone else saved first) is not an error;
the editor reloads and goes on. Afterwards the script checks in the database that every save the app
acknowledged is there: each story added is in its issue, each subject is in the issue's history, and the
issue's subject is the last one saved.

    python -m benchmarks.load [--seconds 60] [--editors 20] [--database-url URL] [--quick]

Without --database-url it uses BENCH_PG_URL (default: a database composer_load on 127.0.0.1:5432, dropped
and created afresh). Exit code 1 if any request failed or any acknowledged save is missing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from benchmarks.common import NOW, fresh_postgres, gunicorn, insert_articles, make_app, percentile

PASSWORD = "load-test-password"  # noqa: S105 - a throwaway database's user
EDITORS_PER_ISSUE = 5
SEARCHES = ("mali", "securite", "niger", "transition", "economie", "wagner", "cacao", "bamako", "sahel")


@dataclass
class Shared:
    """What all editors report: latencies per action, errors, refusals, and the saves acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    added: list[tuple[int, int]] = field(default_factory=list)  # (issue, article)
    subjects: list[tuple[int, str]] = field(default_factory=list)  # (issue, subject)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 after a save is the acknowledgement: read it, don't follow it


class Editor:
    def __init__(self, base: str, email: str, issue_id: int, articles: list[int], shared: Shared) -> None:
        self.base, self.email, self.issue_id, self.shared = base, email, issue_id, shared
        self.articles = articles  # this editor's own stories to add: no two editors add the same one
        self.random = random.Random(email)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())
        self.token = ""
        self.version = 0

    def request(self, action: str, path: str, form: dict[str, Any] | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode({"csrf_token": self.token, **form}).encode() if form is not None else None
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data, timeout=30) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:
            status, body = 0, str(exc)
        elapsed = (time.perf_counter() - start) * 1000
        with self.shared.lock:
            self.shared.latencies[action].append(elapsed)
            if status not in (200, 302, 409):
                self.shared.errors.append(f"{action} {path}: {status} {body[:200]}")
        return status, body

    def remember(self, page: str) -> None:
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        if token:
            self.token = token.group(1)
        version = re.search(r'id="workspace" data-issue="\d+" data-version="(\d+)"', page)
        if version:
            self.version = int(version.group(1))

    def login(self) -> None:
        _status, page = self.request("login", "/login")
        self.remember(page)
        self.request("login", "/login", {"email": self.email, "password": PASSWORD})
        self.open_issue()

    def open_issue(self) -> None:
        _status, page = self.request("compose", f"/issues/{self.issue_id}")
        self.remember(page)

    def add_story(self) -> None:
        if not self.articles:
            return
        article_id = self.articles[-1]
        status, page = self.request("add_item", f"/issues/{self.issue_id}/items",
                                    {"article_id": article_id, "section": "news", "version": self.version})
        if status == 302:
            self.articles.pop()
            with self.shared.lock:
                self.shared.added.append((self.issue_id, article_id))
        elif status == 409:
            with self.shared.lock:
                self.shared.conflicts += 1
            self.remember(page)  # the conflict page is the issue as it is now
        if status == 302:
            self.open_issue()

    def rewrite_subject(self) -> None:
        subject = f"Lettre de {self.email.split('@')[0]} n°{self.random.randrange(10**6)} : l’essentiel"
        status, page = self.request("save_subject", f"/issues/{self.issue_id}", {
            "title": f"Numéro {self.issue_id}", "issue_date": "2026-11-26", "subject": subject,
            "preheader": "Sahel, sécurité, économie", "intro": "", "language": "fr", "version": self.version})
        if status == 302:
            with self.shared.lock:
                self.shared.subjects.append((self.issue_id, subject))
            self.open_issue()
        elif status == 409:
            with self.shared.lock:
                self.shared.conflicts += 1
            self.open_issue()

    def run(self, deadline: float) -> None:
        self.login()
        actions = [
            (30, lambda: self.request("library", f"/articles?page={self.random.randint(1, 8)}")),
            (25, lambda: self.request("search", f"/articles?q={self.random.choice(SEARCHES)}")),
            (15, lambda: self.request("preview", f"/issues/{self.issue_id}/preview/email")),
            (10, self.open_issue),
            (12, self.add_story),
            (8, self.rewrite_subject),
        ]
        weights = [w for w, _a in actions]
        for _w, action in actions:  # each action at least once, however short the run or slow the machine
            action()
        while time.perf_counter() < deadline:
            self.random.choices([a for _w, a in actions], weights)[0]()


def prepare(database_url: str, editors: int, stories_each: int) -> tuple[list[int], dict[str, list[int]]]:
    """Schema, a library of generated articles, the editors and their issues (on the app's own services)."""
    from benchmarks.data import Corpus
    from composer.accounts import users as accounts
    from composer.extensions import db
    from composer.issues import editing
    from composer.models import Article

    app = make_app(database_url)
    with app.app_context():
        insert_articles(Corpus(seed=5), 0, max(1_000, editors * stories_each * 2))
        ids = list(db.session.scalars(db.select(Article.id).order_by(Article.id)))
        issues = [editing.create_issue(editing.IssueData(title=f"Numéro {n + 1}", issue_date=NOW.date()), None).id
                  for n in range(-(-editors // EDITORS_PER_ISSUE))]
        stories: dict[str, list[int]] = {}
        for n in range(editors):
            email = f"editeur{n + 1:02d}@example.org"
            accounts.create_user(email, PASSWORD, "editor", f"Éditeur {n + 1}")
            stories[email] = ids[n * stories_each:(n + 1) * stories_each]
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE"))  # as autovacuum would after a bulk load
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return issues, stories


def verify(database_url: str, shared: Shared) -> list[str]:
    """Every acknowledged save is in the database; returns what is missing."""
    from composer import create_app, revisions
    from composer.extensions import db
    from composer.models import Issue, IssueItem

    missing = []
    app = create_app({"TESTING": True, "SECRET_KEY": "load", "DATABASE_URL": database_url})
    with app.app_context():
        items = {(row[0], row[1]) for row in db.session.execute(db.select(IssueItem.issue_id, IssueItem.article_id))}
        missing += [f"issue {i}: story {a} was acknowledged but is not in it" for i, a in shared.added
                    if (i, a) not in items]
        for issue_id in {i for i, _s in shared.subjects}:
            issue = db.session.get(Issue, issue_id)
            history = revisions.history(issue=issue)
            kept = {e.state["subject"] for e in history}
            missing += [f"issue {issue_id}: subject {s!r} was acknowledged but is not in its history"
                        for i, s in shared.subjects if i == issue_id and s not in kept]
            if issue.subject != history[0].state["subject"]:
                missing.append(f"issue {issue_id}: its subject is not the last one saved")
        db.session.remove()
        db.engine.dispose()
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--database-url", help="default: BENCH_PG_URL, a fresh database")
    parser.add_argument("--quick", action="store_true", help="3 editors for 3 seconds: checks the script runs")
    parser.add_argument("--output", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.editors = 3.0, 3
    url = args.database_url
    if url is None:
        url = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/composer_load")
        if not fresh_postgres(url):
            print("Error: PostgreSQL is not reachable; give --database-url", file=sys.stderr)
            return 1
    issues, stories = prepare(url, args.editors, stories_each=200)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-test", "LOGIN_RATE_LIMIT": "1000 per minute"}
    log_path = Path(tempfile.mkdtemp()) / "gunicorn.log"
    shared = Shared()
    with log_path.open("wb") as log, gunicorn(env, args.workers, args.threads, log) as base:
        editors = [Editor(base, email, issues[n // EDITORS_PER_ISSUE], list(ids), shared)
                   for n, (email, ids) in enumerate(stories.items())]
        deadline = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=e.run, args=(deadline,)) for e in editors]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    missing = verify(url, shared)
    every = [ms for values in shared.latencies.values() for ms in values]
    report = {
        "editors": args.editors, "seconds": round(elapsed, 1), "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1), "p95_ms": round(percentile(every, 95), 1),
        "errors": len(shared.errors), "conflicts_refused": shared.conflicts,
        "acknowledged_saves": len(shared.added) + len(shared.subjects), "missing_saves": len(missing),
        "by_action": {name: {"requests": len(v), "p95_ms": round(percentile(v, 95), 1)}
                      for name, v in sorted(shared.latencies.items())},
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    for line in (shared.errors + missing)[:20]:
        print(f"  {line[:300]}", file=sys.stderr)
    if shared.errors:
        print(f"The server's log: {log_path}", file=sys.stderr)
    if args.output:
        args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if shared.errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the benchmarks share: the app on a database of their own, generated articles and issues, timing,
percentiles, the app under gunicorn, a fresh PostgreSQL database."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 24, 8, 0)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of fn in milliseconds."""
    fn()  # warm caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def make_app(database_url: str) -> Any:
    from flask_migrate import upgrade

    from composer import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": database_url,
                      "INGEST_ALLOW_PRIVATE": "1"})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def insert_articles(corpus: Any, start: int, stop: int) -> None:
    """Bulk insert generated articles with their tags and their search columns."""
    from sqlalchemy import insert, select

    from composer.extensions import db
    from composer.models import Article, ArticleTag, Tag, search_columns
    from composer.text import fold

    tag_ids: dict[str, int] = dict(db.session.execute(select(Tag.name, Tag.id)).all())

    def write(batch: list[dict[str, Any]], tags: list[list[str]]) -> None:
        new = sorted({t for names in tags for t in names} - set(tag_ids))
        if new:
            db.session.execute(insert(Tag), [{"name": t, "folded": fold(t)} for t in new])
            tag_ids.update(db.session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(new))).all())
        ids = db.session.scalars(insert(Article).returning(Article.id, sort_by_parameter_order=True), batch).all()
        links = [{"article_id": article_id, "tag_id": tag_ids[t], "position": n}
                 for article_id, names in zip(ids, tags, strict=True) for n, t in enumerate(names)]
        if links:
            db.session.execute(insert(ArticleTag), links)
        db.session.commit()

    batch: list[dict[str, Any]] = []
    batch_tags: list[list[str]] = []
    for number in range(start, stop):
        a = corpus.article(number, NOW)
        names = list(dict.fromkeys(a["tags"]))
        batch_tags.append(names)
        batch.append({
            "kind": a["kind"], "title": a["title"], "lead": a["lead"], "body": a["body"], "author": a["author"],
            "section": a["section"], "canonical_url": a["url"], "image_url": "", "image_alt": "",
            "language": "fr", "published_at": a["published_at"], "created_at": NOW, "updated_at": NOW,
            "version": 1,
            # A bulk INSERT passes by the ORM's flush: the search columns are computed here, by the same rule.
            **search_columns(a["title"], a["lead"], a["body"], a["author"], a["section"], names),
        })
        if len(batch) == 2000:
            write(batch, batch_tags)
            batch, batch_tags = [], []
    if batch:
        write(batch, batch_tags)


def build_issue(count: int, extra_teasers: int = 0) -> Any:
    """An issue of count items: two at the top, half in the news, a fifth in opinions, the rest related;
    extra_teasers more in the news (to weigh what one teaser adds)."""
    from composer.extensions import db
    from composer.issues import editing, newsletters
    from composer.models import Article, Issue, IssueItem

    issue = Issue(newsletter=newsletters.default_newsletter(), title=f"Bench {count}",
                  subject="Sahel : la semaine où tout a basculé",
                  preheader="L’essentiel de la semaine en cinq minutes", issue_date=date(2026, 11, 26),
                  intro="<p>Bonjour, voici l’essentiel de la semaine.</p>")
    db.session.add(issue)
    articles = db.session.query(Article).order_by(Article.id).limit(count + extra_teasers).all()
    plan = ["lead"] * 2 + ["news"] * (count // 2) + ["opinions"] * (count // 5)
    plan += ["related"] * (count - len(plan)) + ["news"] * extra_teasers
    for n, (article, section) in enumerate(zip(articles, plan, strict=False)):
        article.image_url = f"https://images.example.org/{n}.jpg"
        article.image_alt = "Photo d’illustration"
        issue.items.append(IssueItem(article=article, section=section,
                                     position=sum(1 for i in issue.items if i.section == section)))
    db.session.commit()
    editing.get_issue(issue.id)
    return issue


@contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int = 1, log: Any = subprocess.DEVNULL) -> Iterator[str]:
    """The app under gunicorn on a free port of 127.0.0.1, once it answers /healthz; stopped afterwards."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "app:app"], env=env, cwd=ROOT, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def fresh_postgres(url: str) -> bool:
    """Drop and create the benchmark's own PostgreSQL database; False when no server answers."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgresql+psycopg", "postgresql") + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"  PostgreSQL skipped: {exc}", file=sys.stderr)
        return False
    return True

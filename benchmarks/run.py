"""make bench: Composer's performance, each figure a median of repeated runs beside a baseline measured in
the same run. Prints a table and writes benchmarks/results/latest.json.

    python -m benchmarks.run [--quick] [--only render,bytes,search,import,serving,memory]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
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
    from composer.issues import editing
    from composer.models import Article, Issue, IssueItem

    issue = Issue(title=f"Bench {count}", subject="Sahel : la semaine où tout a basculé",
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


# ---------------------------------------------------------------------------------------------- render/bytes
def bench_render(sizes: list[int], repeat: int, out: dict[str, Any]) -> None:
    import css_inline
    from mjml import mjml2html

    from benchmarks.data import Corpus
    from composer.email.brand import Brand
    from composer.email.inliner import premailer
    from composer.email.profiles import get_profile
    from composer.email.render import _environment, email_context, render_fresh, stylesheet

    brand, profile = Brand.from_mapping({}), get_profile("generic")
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/render.sqlite")
        with app.app_context():
            insert_articles(Corpus(seed=1), 0, max(sizes) + 1)
            rows, size_rows = [], []
            for count in sizes:
                issue = build_issue(count)
                for item in issue.items:  # load everything once: we time rendering, not the database
                    _ = item.article.title
                env = _environment()

                def naive() -> str:
                    context = email_context(issue, profile, brand)
                    html = env.get_template("issue.html").render(context, head_css=stylesheet(brand))
                    return premailer(html)

                def fastest() -> str:
                    context = email_context(issue, profile, brand)
                    html = env.get_template("issue.html").render(context, head_css=stylesheet(brand))
                    return str(css_inline.inline(html))

                ours = timed(lambda: render_fresh(issue, profile, brand), repeat)
                a = timed(naive, max(3, repeat // 4))
                b = timed(fastest, repeat)
                rows.append({"items": count, "composer_ms": round(ours, 2), "jinja_premailer_ms": round(a, 2),
                             "jinja_css_inline_ms": round(b, 2), "ratio_to_css_inline": round(ours / b, 2)})
                html = render_fresh(issue, profile, brand).html
                empty = render_fresh(build_issue(0), profile, brand).html
                mjml = mjml2html(mjml_source(email_context(issue, profile, brand)))
                size = len(html.encode())
                one_more = len(render_fresh(build_issue(count, extra_teasers=1), profile, brand).html.encode())
                size_rows.append({"items": count, "html_kb": round(size / 1024, 1),
                                  "per_item_kb": round((size - len(empty.encode())) / count / 1024, 2),
                                  "one_more_teaser_kb": round((one_more - size) / 1024, 2),
                                  "mjml_kb": round(len(mjml.encode()) / 1024, 1),
                                  "ratio_to_mjml": round(size / len(mjml.encode()), 2),
                                  "under_102_kb": size < 102 * 1024})
        out["render"], out["bytes"] = rows, size_rows


def mjml_source(context: dict[str, Any]) -> str:
    """The same newsletter written in MJML, for the size comparison."""
    from html import escape

    parts = [f'<mjml lang="{context["lang"]}"><mj-head><mj-title>{escape(context["subject"])}</mj-title>'
             f'<mj-preview>{escape(context["preheader"])}</mj-preview><mj-attributes>'
             '<mj-text font-family="Georgia, serif" font-size="17px" line-height="26px" color="#1a1a1a"/>'
             '</mj-attributes></mj-head><mj-body background-color="#f2f2ef"><mj-wrapper background-color="#ffffff">'
             f'<mj-section><mj-column><mj-text align="center" font-size="30px">'
             f'{escape(context["brand"].publication_name)}</mj-text></mj-column></mj-section>']
    for section, heading in context["sections"]:
        items = context["items"][section]
        if not items:
            continue
        parts.append(f'<mj-section><mj-column><mj-text font-size="12px" color="#b3261e">{escape(heading)}</mj-text>')
        for item in items:
            if item.image_url and section == "lead":
                parts.append(f'<mj-image src="{item.image_url}" alt="{escape(item.image_alt)}" width="552px"/>')
            parts.append(f'<mj-text font-size="20px"><a href="{item.url}">{escape(item.title)}</a></mj-text>')
            if item.teaser and section != "related":
                parts.append(f"<mj-text>{escape(item.teaser)}</mj-text>")
            if section == "lead":
                parts.append(f'<mj-button background-color="#b3261e" href="{item.url}">Lire l’article</mj-button>')
        parts.append("</mj-column></mj-section>")
    parts.append(f'<mj-section><mj-column><mj-text font-size="12px" align="center">'
                 f'{escape(context["brand"].postal_address)} · <a href="{context["unsubscribe_url"]}">'
                 f'Se désinscrire</a></mj-text></mj-column></mj-section></mj-wrapper></mj-body></mjml>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------- search
def raw_index_query(terms: list[str]) -> Any:
    """The bare full-text query, straight to the index: the floor the service is measured against."""
    from sqlalchemy import text

    from composer.library import search

    query = search.fts_query(terms)
    if search.dialect() == "postgresql":
        return text("SELECT id FROM articles WHERE search_vector @@ to_tsquery('french_unaccent', :q) "
                    "ORDER BY ts_rank_cd(search_vector, to_tsquery('french_unaccent', :q)) DESC LIMIT 50"
                    ).bindparams(q=query)
    return text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT 50").bindparams(q=query)


def bench_search(sizes: list[int], query_count: int, databases: dict[str, str], out: dict[str, Any]) -> None:
    from benchmarks.data import Corpus
    from composer import library
    from composer.extensions import db
    from composer.library.related import suggest_related
    from composer.models import Article
    from composer.text import words

    rows, related_rows = [], []
    for name, url in databases.items():
        app = make_app(url)
        with app.app_context():
            corpus, have = Corpus(seed=3), 0
            queries = corpus.queries(query_count)
            for size in sizes:
                insert_articles(corpus, have, size)
                have = size
                if name == "postgresql":
                    db.session.execute(db.text("ANALYZE articles"))
                    db.session.commit()
                service, raw, like = [], [], []
                for q in queries:
                    query = library.SearchQuery(q=q)
                    start = time.perf_counter()
                    page = library.search_articles(query, page=1, per_page=50)
                    _ = [a.title for a in page.items]
                    service.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    db.session.execute(raw_index_query(words(q))).all()
                    raw.append((time.perf_counter() - start) * 1000)
                for q in queries[:20]:  # LIKE scans every row: a sample is enough to see it
                    start = time.perf_counter()
                    db.session.execute(library.like_statement(library.SearchQuery(q=q)).limit(50)).all()
                    like.append((time.perf_counter() - start) * 1000)
                rows.append({"database": name, "articles": size,
                             "service_p50_ms": round(percentile(service, 50), 2),
                             "service_p95_ms": round(percentile(service, 95), 2),
                             "raw_index_p95_ms": round(percentile(raw, 95), 2),
                             "like_p95_ms": round(percentile(like, 95), 2),
                             "ratio_to_raw": round(percentile(service, 95) / max(percentile(raw, 95), 0.001), 2)})
                print(f"  search {name} {size}: p95 {rows[-1]['service_p95_ms']} ms", file=sys.stderr)
                related = []
                for article_id in range(1, size, max(1, size // 50)):
                    article = db.session.get(Article, article_id)
                    start = time.perf_counter()
                    suggest_related(article, limit=5)
                    related.append((time.perf_counter() - start) * 1000)
                related_rows.append({"database": name, "articles": size,
                                     "related_p50_ms": round(percentile(related, 50), 2),
                                     "related_p95_ms": round(percentile(related, 95), 2)})
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    out["search"], out["related"] = rows, related_rows


# ---------------------------------------------------------------------------------------------------- import
def bench_import(count: int, repeat: int, out: dict[str, Any]) -> None:
    from benchmarks.data import Corpus, rss_feed
    from composer.ingest.importer import ImportOptions, run_import
    from tests.feedserver import FeedServer

    feed = rss_feed(Corpus(seed=5), count, NOW)
    first, again = [], []
    with FeedServer() as server:
        url = server.serve("/feed.xml", feed, Content_Type="application/rss+xml")
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                app = make_app(f"sqlite:///{tmp}/import.sqlite")
                with app.app_context():
                    options = ImportOptions(allow_private=True)
                    start = time.perf_counter()
                    result, _run = run_import(url, None, None, None, None, options)
                    first.append(time.perf_counter() - start)
                    assert result.imported == count, result.summary()
                    start = time.perf_counter()
                    result, _run = run_import(url, None, None, None, None, options)
                    again.append(time.perf_counter() - start)
                    assert result.imported == 0 and result.updated == 0, result.summary()
    out["import"] = [{"items": count, "feed_kb": round(len(feed) / 1024),
                      "first_import_s": round(statistics.median(first), 2),
                      "reimport_s": round(statistics.median(again), 2)}]


# --------------------------------------------------------------------------------------------------- serving
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


def bench_serving(seconds: float, concurrency: int, out: dict[str, Any]) -> None:
    import re
    import threading
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/serve.sqlite"
        env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "bench"}
        subprocess.run([sys.executable, "-m", "benchmarks.prepare_serving"], env=env, check=True, cwd=ROOT)
        with gunicorn(env, workers=2) as base:
            jar = CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            page = opener.open(f"{base}/login").read().decode()
            token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
            form = urllib.parse.urlencode({"csrf_token": token, "email": "bench@example.org",
                                           "password": "bench-password"}).encode()
            opener.open(f"{base}/login", form).read()
            rows = []
            for name, path in (("preview", "/issues/1/preview/email"), ("library", "/articles?q=securite")):
                latencies: list[float] = []
                errors = [0]
                deadline = time.perf_counter() + seconds

                def worker() -> None:
                    while time.perf_counter() < deadline:
                        start = time.perf_counter()
                        try:
                            response = opener.open(base + path, timeout=10)
                            response.read()
                            if response.status != 200:
                                errors[0] += 1
                        except OSError:
                            errors[0] += 1
                        latencies.append((time.perf_counter() - start) * 1000)

                threads = [threading.Thread(target=worker) for _ in range(concurrency)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                rows.append({"page": name, "requests": len(latencies), "rps": round(len(latencies) / seconds, 1),
                             "p95_ms": round(percentile(latencies, 95), 1), "errors": errors[0]})
            out["serving"] = rows


# ---------------------------------------------------------------------------------------------------- memory
def bench_memory(items: int, feed_items: int, out: dict[str, Any]) -> None:
    rows = []
    for task, size in (("idle", 0), ("render", items), ("import", feed_items)):
        result = subprocess.run([sys.executable, "-m", "benchmarks.memory", task, str(size)], cwd=ROOT,
                                capture_output=True, text=True, check=True)
        rows.append({"task": "app loaded, nothing done" if task == "idle" else f"{task} {size}",
                     "peak_rss_mb": float(result.stdout.strip().splitlines()[-1])})
    out["memory"] = rows


# ------------------------------------------------------------------------------------------------------ main
def table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the benchmarks still run")
    parser.add_argument("--only", default="render,search,import,serving,memory")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    quick = args.quick
    out: dict[str, Any] = {"machine": machine(), "when": datetime.now().isoformat(timespec="seconds")}
    pg = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/composer_bench")
    if "render" in only:
        bench_render([5, 10] if quick else [10, 20, 60, 100], 3 if quick else 30, out)
    if "search" in only:
        databases = {"sqlite": f"sqlite:///{tempfile.mkdtemp()}/search.sqlite"}
        if not quick and fresh_postgres(pg):
            databases["postgresql"] = pg
        bench_search([200] if quick else [1_000, 10_000, 100_000], 10 if quick else 200, databases, out)
    if "import" in only:
        bench_import(50 if quick else 1_000, 1 if quick else 3, out)
    if "serving" in only:
        bench_serving(1.0 if quick else 30.0, 2 if quick else 8, out)
    if "memory" in only:
        bench_memory(10 if quick else 100, 50 if quick else 1_000, out)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Machine: {out['machine']}")
    for section in ("render", "bytes", "search", "related", "import", "serving", "memory"):
        if section in out:
            print(f"\n{section}\n{table(out[section])}")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())

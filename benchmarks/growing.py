"""The library the search and « Du même sujet » figures measure: generated articles on SQLite and on
PostgreSQL, grown to 1 000, 10 000 then 100 000. Growing it is most of those figures' time, so when both
are asked for it is grown once and each is measured at every size."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from benchmarks.common import fresh_postgres, insert_articles, make_app

SIZES, QUICK_SIZES = [1_000, 10_000, 100_000], [200]
QUERIES, QUICK_QUERIES = 200, 10


@dataclass
class Library:
    """The library at one size, its app context active; queries are the searches an editor types in it."""

    database: str
    articles: int
    queries: list[str]


Figure = Callable[[Library], dict[str, Any]]


def measure(quick: bool, figures: dict[str, Figure]) -> dict[str, list[dict[str, Any]]]:
    """Each figure's row at each size of the library on each database, by figure name."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in figures}
    for library in grown(QUICK_SIZES if quick else SIZES, QUICK_QUERIES if quick else QUERIES, databases(quick)):
        for name, figure in figures.items():
            rows[name].append(figure(library))
    return rows


def databases(quick: bool) -> dict[str, str]:
    """SQLite in a temporary directory; PostgreSQL from BENCH_PG_URL (default: composer_bench on 127.0.0.1),
    dropped and created afresh, unless quick or no server answers."""
    pg = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/composer_bench")
    urls = {"sqlite": f"sqlite:///{tempfile.mkdtemp()}/search.sqlite"}
    if not quick and fresh_postgres(pg):
        urls["postgresql"] = pg
    return urls


def grown(sizes: list[int], query_count: int, databases: dict[str, str]) -> Iterator[Library]:
    from benchmarks.data import Corpus
    from composer.extensions import db

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
                yield Library(name, size, queries)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()

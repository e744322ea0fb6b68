"""Search: varied queries through the library's own search service (what /articles runs: one page of 50 and
the count), beside the bare full-text query on the index and LIKE on the folded text."""
from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from benchmarks import growing
from benchmarks.common import percentile

if TYPE_CHECKING:
    from sqlalchemy import Select, TextClause

    from composer.library import SearchQuery
    from composer.models import Article


def run(quick: bool) -> list[dict[str, Any]]:
    return growing.measure(quick, {"search": measure})["search"]


def measure(library: growing.Library) -> dict[str, Any]:
    from composer import library as service
    from composer.extensions import db
    from composer.text import words

    times, raw, like = [], [], []
    for q in library.queries:
        query = service.SearchQuery(q=q)
        start = time.perf_counter()
        page = service.search_articles(query, page=1, per_page=50)
        _ = [a.title for a in page.items]
        times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        db.session.execute(raw_index_query(words(q))).all()
        raw.append((time.perf_counter() - start) * 1000)
    for q in library.queries[:20]:  # LIKE scans every row: a sample is enough to see it
        start = time.perf_counter()
        db.session.execute(like_statement(service.SearchQuery(q=q)).limit(50)).all()
        like.append((time.perf_counter() - start) * 1000)
    row = {"database": library.database, "articles": library.articles,
           "service_p50_ms": round(percentile(times, 50), 2),
           "service_p95_ms": round(percentile(times, 95), 2),
           "raw_index_p95_ms": round(percentile(raw, 95), 2),
           "like_p95_ms": round(percentile(like, 95), 2),
           "ratio_to_raw": round(percentile(times, 95) / max(percentile(raw, 95), 0.001), 2)}
    print(f"  search {library.database} {library.articles}: p95 {row['service_p95_ms']} ms", file=sys.stderr)
    return row


def raw_index_query(terms: list[str]) -> TextClause:
    """The bare full-text query, straight to the index: the floor the service is measured against."""
    from sqlalchemy import text

    from composer.library import search

    query = search.fts_query(terms)
    if search.dialect() == "postgresql":
        return text("SELECT id FROM articles WHERE search_vector @@ to_tsquery('french_unaccent', :q) "
                    "ORDER BY ts_rank_cd(search_vector, to_tsquery('french_unaccent', :q)) DESC LIMIT 50"
                    ).bindparams(q=query)
    return text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT 50").bindparams(q=query)


def like_statement(query: SearchQuery) -> Select[tuple[Article]]:
    """The same search with LIKE over the folded text: no index can serve it. The baseline a scan would give."""
    from sqlalchemy import select

    from composer.models import Article

    stmt = select(Article).where(Article.deleted_at.is_(None))
    for term in query.terms:
        stmt = stmt.where(Article.search_text.like(f"%{term}%"))
    return stmt.order_by(Article.published_at.desc(), Article.id.desc())

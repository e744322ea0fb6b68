"""Library search on the database's own full-text index: SQLite FTS5 (unicode61, diacritics removed) or
PostgreSQL tsvector with unaccent and French stemming (GIN index). Both are made by a migration."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, literal_column, select, text
from sqlalchemy.sql.elements import ColumnElement

from composer.extensions import db
from composer.models import Article

# SQLite's bm25 column weights, in the index's column order: title, tags, all text.
BM25_WEIGHTS = "10.0, 5.0, 1.0"
# A broad search ("mali" in a Sahel magazine) matches a fifth of the archive: ranking all of it costs
# ~100 ms at 100 000 articles. Relevance is computed for the CANDIDATES most recently added matches,
# which is what an editor building this week's issue looks for; narrower searches are ranked whole.
CANDIDATES = 500


def dialect() -> str:
    return str(db.engine.dialect.name)


def fts_query(terms: list[str], any_term: bool = False) -> str:
    """The words as an index query: every word must appear (or any, for related articles); the last one
    may be the start of a word, as an editor types it (« secur » finds « sécurité »)."""
    def prefix(term: str, last: bool) -> bool:
        return last and len(term) >= 3 and not any_term

    if dialect() == "postgresql":
        parts = [f"{t}:*" if prefix(t, n == len(terms) - 1) else t for n, t in enumerate(terms)]
        return (" | " if any_term else " & ").join(parts)
    parts = [f'"{t}"*' if prefix(t, n == len(terms) - 1) else f'"{t}"' for n, t in enumerate(terms)]
    return (" OR " if any_term else " ").join(parts)


def matching(stmt: Select[Any], terms: list[str], ranked: bool = True,
             any_term: bool = False) -> tuple[Select[Any], ColumnElement[Any]]:
    """stmt narrowed to the articles that contain every term, and the relevance to order by (higher first);
    unranked (for counting), the relevance is a constant and costs nothing."""
    query = fts_query(terms, any_term)
    if dialect() == "postgresql":
        tsquery = func.to_tsquery(literal_column("'french_unaccent'::regconfig"), query)
        vector: ColumnElement[Any] = literal_column("articles.search_vector")
        candidates = (select(Article.id).where(vector.op("@@")(tsquery)).order_by(Article.id.desc())
                      .limit(CANDIDATES).scalar_subquery())
        score = func.round(func.ts_rank_cd(vector, tsquery).cast(db.Numeric), 4)
        return stmt.where(Article.id.in_(candidates)), score
    relevance = f"round(bm25(articles_fts, {BM25_WEIGHTS}), 3)" if ranked else "0"
    hits = (
        select(literal_column("rowid").label("rowid"), literal_column(relevance).label("score"))
        .select_from(text("articles_fts"))
        .where(text("articles_fts MATCH :fts_query").bindparams(fts_query=query))
        .order_by(literal_column("rowid").desc())
        .limit(CANDIDATES)
        .subquery("hits")
    )
    stmt = stmt.join(hits, and_(hits.c.rowid == Article.id))
    return stmt, -hits.c.score  # bm25: lower is better


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic leaves the full-text index (made by hand in its migration) out of its model comparison."""
    if type_ == "table" and name and name.startswith("articles_fts"):
        return False
    return not (name in ("search_vector", "ix_articles_search_vector") and reflected and compare_to is None)

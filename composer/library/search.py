"""Library search on the database's own full-text index: SQLite FTS5 (unicode61, diacritics removed) or
PostgreSQL tsvector with unaccent and French stemming (GIN index). Both are made by a migration."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, column, func, literal_column, select, table, text
from sqlalchemy.sql.elements import ColumnElement

from composer.extensions import db
from composer.models import Article

# SQLite's bm25 column weights, in the index's column order: title, tags, all text.
BM25_WEIGHTS = "10.0, 5.0, 1.0"
# A broad search ("mali" in a Sahel magazine) matches a fifth of the archive: ranking all of it costs
# ~100 ms at 100 000 articles. Relevance is computed for the CANDIDATES most recently added matches,
# which is what an editor building this week's issue looks for; narrower searches are ranked whole.
CANDIDATES = 200


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


def matching(stmt: Select[Any], terms: list[str], ranked: bool = True, any_term: bool = False,
             conditions: Sequence[ColumnElement[bool]] = ()) -> tuple[Select[Any], ColumnElement[Any]]:
    """stmt narrowed to the articles out of the trash that contain every term and meet the conditions (filters
    on articles, applied before the newest CANDIDATES are taken, so a filter reaches back as far as the words
    do), and the relevance to order by (higher first); unranked (for counting), the relevance is a constant."""
    query = fts_query(terms, any_term)
    # Articles in the trash are left out by id: the trash is small and indexed, while testing each match's
    # own deleted_at would read whole rows (bodies included) on SQLite. Read from the table, not the model:
    # the model's queries leave the trash out (composer/models.py), which would leave this list empty.
    articles = Article.__table__
    trashed = select(articles.c.id).where(articles.c.deleted_at.is_not(None))
    if dialect() == "postgresql":
        tsquery = func.to_tsquery(literal_column("'french_unaccent'::regconfig"), query)
        vector: ColumnElement[Any] = literal_column("articles.search_vector")
        newest_first = Article.id.desc() if broad(query) else (Article.id + 0).desc()
        candidates = (select(Article.id).where(vector.op("@@")(tsquery), Article.id.notin_(trashed), *conditions)
                      .order_by(newest_first).limit(CANDIDATES).scalar_subquery())
        score = func.round(func.ts_rank_cd(vector, tsquery).cast(db.Numeric), 4)
        return stmt.where(Article.id.in_(candidates)), score
    relevance = f"round(bm25(articles_fts, {BM25_WEIGHTS}), 3)" if ranked else "0"
    fts = table("articles_fts", column("rowid"))
    found = (
        select(fts.c.rowid.label("rowid"), literal_column(relevance).label("score"))
        .where(text("articles_fts MATCH :fts_query").bindparams(fts_query=query), fts.c.rowid.notin_(trashed))
    )
    if conditions:
        found = found.join_from(fts, Article, Article.id == fts.c.rowid).where(*conditions)
    hits = found.order_by(fts.c.rowid.desc()).limit(CANDIDATES).subquery("hits")
    stmt = stmt.join(hits, and_(hits.c.rowid == Article.id))
    return stmt, -hits.c.score  # bm25: lower is better


def broad(query: str) -> bool:
    """Whether PostgreSQL expects the words in so many articles that the newest matches are quickest found by
    reading articles newest first; for rarer words (or rare pairs of common ones) that walk would cross most of
    the archive, and the GIN index's list of matches, sorted, is quicker. The planner's own estimate decides,
    read before the query runs (a generic choice made either way costs up to 20× on the other kind of search)."""
    estimate = db.session.execute(
        text("EXPLAIN (FORMAT JSON) SELECT 1 FROM articles "
             "WHERE search_vector @@ to_tsquery('french_unaccent'::regconfig, :q)"), {"q": query}).scalar_one()
    matches = float(estimate[0]["Plan"]["Plan Rows"])
    archive = float(db.session.execute(
        text("SELECT greatest(reltuples, 1) FROM pg_class WHERE oid = 'articles'::regclass")).scalar_one())
    # Reading newest first costs about CANDIDATES × archive / matches rows; sorting the index's matches costs
    # about `matches` heap reads, each some 1.5 times dearer than one row read and tested in order.
    return CANDIDATES * archive / max(matches, 1.0) < 1.5 * matches


def include_in_autogenerate(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic leaves the full-text index (made by hand in its migration) out of its model comparison."""
    if type_ == "table" and name and name.startswith("articles_fts"):
        return False
    return not (name in ("search_vector", "ix_articles_search_vector") and reflected and compare_to is None)

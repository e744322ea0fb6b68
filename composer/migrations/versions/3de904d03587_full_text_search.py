"""full-text search

Revision ID: 3de904d03587
Revises: d730faa1e800
Create Date: 2026-11-25 20:38:32.830018

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3de904d03587'
down_revision = 'd730faa1e800'
branch_labels = None
depends_on = None


# The library's full-text index, in each database's own engine (not modelled in SQLAlchemy; see
# composer/search.py, which queries it and tells autogenerate to leave it alone). It indexes the folded
# copies the app keeps (lower case, accents and ligatures undone: « cœur » is "coeur"), so that both
# engines and the app agree on what a word is.
FTS_COLUMNS = "search_title, search_tags, search_text"
PG_VECTOR = (
    "setweight(to_tsvector('french_unaccent', coalesce(search_title, '')), 'A') || "
    "setweight(to_tsvector('french_unaccent', coalesce(search_tags, '')), 'B') || "
    "setweight(to_tsvector('french_unaccent', coalesce(search_text, '')), 'D')"
)


def create_sqlite_triggers():
    """The triggers that keep SQLite's index in step with articles (a batch rebuild of articles drops them:
    later migrations that rebuild the table call this again)."""
    new = ", ".join(f"new.{c.strip()}" for c in FTS_COLUMNS.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in FTS_COLUMNS.split(","))
    op.execute(f"CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
               f"INSERT INTO articles_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")
    op.execute(f"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
               f"INSERT INTO articles_fts(articles_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); END")
    op.execute(f"CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
               f"INSERT INTO articles_fts(articles_fts, rowid, {FTS_COLUMNS}) VALUES ('delete', old.id, {old}); "
               f"INSERT INTO articles_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, {new}); END")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5({FTS_COLUMNS}, content='articles', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        create_sqlite_triggers()
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
                CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
                ALTER TEXT SEARCH CONFIGURATION french_unaccent
                  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
              END IF;
            END $$;
        """)
        op.execute(f"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_VECTOR}) STORED")
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING GIN (search_vector)")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")

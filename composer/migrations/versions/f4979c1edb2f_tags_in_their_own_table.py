"""tags in their own table

Revision ID: f4979c1edb2f
Revises: c4f1e2a9d7b3
Create Date: 2026-12-02 09:00:00.000000

Each article's comma-separated tags become rows: a tag as written in `tags` (with its folded form, which the
library's tag filter matches), and the article's tags in order in `article_tags`. The text column goes.
"""
import importlib.util
import unicodedata
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4979c1edb2f'
down_revision = 'c4f1e2a9d7b3'
branch_labels = None
depends_on = None

BATCH = 2000
# composer.text.fold as it was when this migration was written (the search columns hold its output): lower
# case, ligatures undone, accents removed. Frozen here so that this migration always does the same.
_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_tags(text):
    """« Mali, Kidal » as the app read it: comma-separated, trimmed, empty ones dropped, each once, in order."""
    names = (unicodedata.normalize("NFC", part.strip()) for part in (text or "").split(","))
    return list(dict.fromkeys(name for name in names if name))


def recreate_sqlite_triggers():
    """The triggers that keep SQLite's full-text index in step with articles, as the full-text migration made
    them: a batch rebuild of articles drops them (a plain ALTER keeps them, hence the drop first)."""
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{trigger}")
    full_text_search().create_sqlite_triggers()


def full_text_search():
    path = Path(__file__).with_name("3de904d03587_full_text_search.py")
    spec = importlib.util.spec_from_file_location("full_text_search_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade():
    tags = op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('folded', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
        sa.UniqueConstraint('name', name=op.f('uq_tags_name')),
    )
    op.create_index(op.f('ix_tags_folded'), 'tags', ['folded'], unique=False)
    article_tags = op.create_table(
        'article_tags',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_tags_article_id_articles'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_article_tags_tag_id_tags'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('article_id', 'tag_id', name=op.f('pk_article_tags')),
    )
    op.create_index(op.f('ix_article_tags_tag_id'), 'article_tags', ['tag_id'], unique=False)

    connection = op.get_bind()
    articles = sa.table('articles', sa.column('id', sa.Integer()), sa.column('tags', sa.Text()))
    tag_ids: dict[str, int] = {}
    last = 0
    while True:
        rows = connection.execute(sa.select(articles.c.id, articles.c.tags).where(articles.c.id > last)
                                  .order_by(articles.c.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1].id
        per_article = [(row.id, split_tags(row.tags)) for row in rows]
        new = list(dict.fromkeys(n for _id, names in per_article for n in names if n not in tag_ids))
        if new:
            connection.execute(tags.insert(), [{"name": n, "folded": fold(n)} for n in new])
            for start in range(0, len(new), 500):
                chunk = new[start:start + 500]
                tag_ids.update(connection.execute(sa.select(tags.c.name, tags.c.id)
                                                  .where(tags.c.name.in_(chunk))).all())
        links = [{"article_id": article_id, "tag_id": tag_ids[n], "position": position}
                 for article_id, names in per_article for position, n in enumerate(names)]
        if links:
            connection.execute(article_tags.insert(), links)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('tags')
    if connection.dialect.name == "sqlite":
        # The index itself still holds every article after the rebuild (ids are kept).
        recreate_sqlite_triggers()


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tags', sa.Text(), nullable=False, server_default=''))
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        recreate_sqlite_triggers()
    rows = connection.execute(sa.text(
        "SELECT article_tags.article_id, tags.name FROM article_tags JOIN tags ON tags.id = article_tags.tag_id "
        "ORDER BY article_tags.article_id, article_tags.position")).all()
    texts: dict[int, list[str]] = {}
    for article_id, name in rows:
        texts.setdefault(article_id, []).append(name)
    articles = sa.table('articles', sa.column('id', sa.Integer()), sa.column('tags', sa.Text()))
    for article_id, names in texts.items():
        connection.execute(articles.update().where(articles.c.id == article_id).values(tags=", ".join(names)))
    op.drop_index(op.f('ix_article_tags_tag_id'), table_name='article_tags')
    op.drop_table('article_tags')
    op.drop_index(op.f('ix_tags_folded'), table_name='tags')
    op.drop_table('tags')

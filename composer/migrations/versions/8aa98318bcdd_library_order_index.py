"""library order index

Revision ID: 8aa98318bcdd
Revises: afcaa2434576
Create Date: 2026-11-25 22:57:14.058463

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8aa98318bcdd'
down_revision = 'afcaa2434576'
branch_labels = None
depends_on = None


def upgrade():
    # Plain index statements (no batch): rebuilding articles on SQLite would drop its full-text triggers.
    op.drop_index("ix_articles_published_at", table_name="articles")
    op.create_index("ix_articles_published_at_id", "articles", ["published_at", "id"], unique=False)


def downgrade():
    op.drop_index("ix_articles_published_at_id", table_name="articles")
    op.create_index("ix_articles_published_at", "articles", ["published_at"], unique=False)

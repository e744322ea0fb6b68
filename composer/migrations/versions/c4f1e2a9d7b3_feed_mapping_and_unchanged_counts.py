"""feed mapping (per-source categories and opinion list, import settings) and unchanged counts

Revision ID: c4f1e2a9d7b3
Revises: 1eb2d568b8ba
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1e2a9d7b3'
down_revision = '1eb2d568b8ba'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN (no batch): SQLite adds a column in place.
    op.add_column("feed_sources", sa.Column("category_map", sa.Text(), nullable=False, server_default=""))
    op.add_column("feed_sources", sa.Column("opinion_labels", sa.Text(), nullable=False, server_default=""))
    op.add_column("import_runs", sa.Column("unchanged", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "import_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opinion_labels", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name="import_settings_single_row"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("import_settings")
    with op.batch_alter_table("import_runs") as batch_op:
        batch_op.drop_column("unchanged")
    with op.batch_alter_table("feed_sources") as batch_op:
        batch_op.drop_column("opinion_labels")
        batch_op.drop_column("category_map")

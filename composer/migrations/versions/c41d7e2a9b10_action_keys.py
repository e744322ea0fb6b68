"""action keys: a form's action applied once

Revision ID: c41d7e2a9b10
Revises: f4979c1edb2f
Create Date: 2026-12-02 01:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41d7e2a9b10'
down_revision = 'f4979c1edb2f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'action_keys',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('result_url', sa.String(length=2000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key'),
    )
    with op.batch_alter_table('action_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_keys_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('action_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_keys_created_at'))
    op.drop_table('action_keys')

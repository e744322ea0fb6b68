"""email images measured and served

Revision ID: 8fe2642de958
Revises: c41d7e2a9b10
Create Date: 2026-12-02 01:02:12.809673

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8fe2642de958'
down_revision = 'c41d7e2a9b10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('email_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('source_url', sa.String(length=1000), nullable=False),
    sa.Column('slot', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_images')),
    sa.UniqueConstraint('key', name=op.f('uq_email_images_key'))
    )
    op.create_index('ix_email_images_source', 'email_images', ['source_url', 'slot'], unique=False)
    # Plain ADD COLUMN (no batch): rebuilding articles on SQLite would drop its full-text triggers.
    op.add_column('articles', sa.Column('image_width', sa.Integer(), nullable=True))
    op.add_column('articles', sa.Column('image_height', sa.Integer(), nullable=True))
    op.add_column('articles', sa.Column('image_bytes', sa.Integer(), nullable=True))
    op.add_column('brand_settings', sa.Column('unsubscribe_email', sa.String(length=254), server_default='',
                                              nullable=False))
    op.add_column('brand_settings', sa.Column('table_of_contents', sa.Boolean(), server_default=sa.true(),
                                              nullable=False))
    op.add_column('brand_settings', sa.Column('logo_width', sa.Integer(), nullable=True))
    op.add_column('brand_settings', sa.Column('logo_height', sa.Integer(), nullable=True))
    op.add_column('brand_settings', sa.Column('logo_bytes', sa.Integer(), nullable=True))
    op.add_column('issue_items', sa.Column('image_override_alt', sa.String(length=500), nullable=True))
    op.add_column('issue_items', sa.Column('image_override_width', sa.Integer(), nullable=True))
    op.add_column('issue_items', sa.Column('image_override_height', sa.Integer(), nullable=True))
    op.add_column('issue_items', sa.Column('image_override_bytes', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('issue_items', schema=None) as batch_op:
        batch_op.drop_column('image_override_bytes')
        batch_op.drop_column('image_override_height')
        batch_op.drop_column('image_override_width')
        batch_op.drop_column('image_override_alt')
    with op.batch_alter_table('brand_settings', schema=None) as batch_op:
        batch_op.drop_column('logo_bytes')
        batch_op.drop_column('logo_height')
        batch_op.drop_column('logo_width')
        batch_op.drop_column('table_of_contents')
        batch_op.drop_column('unsubscribe_email')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('image_bytes')
        batch_op.drop_column('image_height')
        batch_op.drop_column('image_width')
    op.drop_index('ix_email_images_source', table_name='email_images')
    op.drop_table('email_images')

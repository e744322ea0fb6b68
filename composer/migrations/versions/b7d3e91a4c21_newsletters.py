"""newsletters: every issue belongs to one; a first newsletter built from the brand settings

Revision ID: b7d3e91a4c21
Revises: 8fe2642de958
Create Date: 2026-12-02 04:40:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d3e91a4c21'
down_revision = '8fe2642de958'
branch_labels = None
depends_on = None

# Today's four sections, each taking articles and opinion pieces, titled by their own label (title "").
SECTIONS = [
    {"key": "lead", "title": "", "accepts": ["article", "opinion"], "leads": 2},
    {"key": "news", "title": "", "accepts": ["article", "opinion"], "leads": 0},
    {"key": "opinions", "title": "", "accepts": ["article", "opinion"], "leads": 0},
    {"key": "related", "title": "", "accepts": ["article", "opinion"], "leads": 0},
]
CLASSIQUE = {"preset": "classique"}


def _publication_name(connection) -> str:
    """The brand settings' name, else the configuration's BRAND, else the default brand's."""
    name = connection.execute(sa.text("SELECT publication_name FROM brand_settings WHERE id = 1")).scalar()
    if not name:
        try:
            from flask import current_app
            name = (current_app.config.get("BRAND") or {}).get("publication_name")
        except RuntimeError:  # run outside the app
            name = None
    return name or "Horizon Sahel"


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:100] or "lettre"


def upgrade():
    newsletters = op.create_table('newsletters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('sender_email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('design', sa.JSON(), nullable=False),
    sa.Column('footer_text', sa.Text(), nullable=False),
    sa.Column('audiences', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_newsletters')),
    sa.UniqueConstraint('slug', name=op.f('uq_newsletters_slug'))
    )
    connection = op.get_bind()
    name = _publication_name(connection)
    # The first newsletter: the publication's name, its sender and footer (left empty: the brand settings'),
    # today's sections and the « Classique » design (today's email, byte for byte).
    connection.execute(newsletters.insert().values(
        id=1, name=name, slug=_slug(name), sender_name="", sender_email="", language="fr",
        sections=SECTIONS, design=CLASSIQUE, footer_text="", audiences={}, version=1,
        created_at=sa.func.now(), updated_at=sa.func.now()))
    if connection.dialect.name == "postgresql":  # the next newsletter made takes id 2
        connection.execute(sa.text("SELECT setval(pg_get_serial_sequence('newsletters', 'id'), 1)"))
    # Plain ADD COLUMN, then every existing issue attached to it, then NOT NULL (a batch on SQLite).
    op.add_column('issues', sa.Column('newsletter_id', sa.Integer(), nullable=True))
    connection.execute(sa.text("UPDATE issues SET newsletter_id = 1"))
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.alter_column('newsletter_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_issues_newsletter_id'), ['newsletter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_issues_newsletter_id_newsletters'), 'newsletters',
                                    ['newsletter_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_issues_newsletter_id_newsletters'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_issues_newsletter_id'))
        batch_op.drop_column('newsletter_id')
    op.drop_table('newsletters')


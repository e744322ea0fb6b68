"""jobs (the queue's record), sources polled on schedule, link problems

Revision ID: a7c3e9f1b2d4
Revises: b7d3e91a4c21
Create Date: 2026-12-02 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = 'b7d3e91a4c21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("feed_source_id", sa.Integer(), nullable=True),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f("ck_jobs_job_status")),
        sa.ForeignKeyConstraint(["feed_source_id"], ["feed_sources.id"],
                                name=op.f("fk_jobs_feed_source_id_feed_sources"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["import_run_id"], ["import_runs.id"],
                                name=op.f("fk_jobs_import_run_id_import_runs"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name=op.f("fk_jobs_issue_id_issues"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_jobs_user_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(op.f("ix_jobs_status"), "jobs", ["status"], unique=False)
    op.create_index(op.f("ix_jobs_issue_id"), "jobs", ["issue_id"], unique=False)
    op.create_table(
        "link_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_link_problems_article_id_articles"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["issue_id"], ["issues.id"], name=op.f("fk_link_problems_issue_id_issues"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_problems")),
    )
    op.create_index(op.f("ix_link_problems_issue_id"), "link_problems", ["issue_id"], unique=False)
    op.add_column("feed_sources", sa.Column("every_minutes", sa.Integer(), nullable=True))
    op.add_column("feed_sources", sa.Column("next_run_at", sa.DateTime(), nullable=True))
    op.create_index(op.f("ix_feed_sources_next_run_at"), "feed_sources", ["next_run_at"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_feed_sources_next_run_at"), table_name="feed_sources")
    with op.batch_alter_table("feed_sources") as batch_op:
        batch_op.drop_column("next_run_at")
        batch_op.drop_column("every_minutes")
    op.drop_index(op.f("ix_link_problems_issue_id"), table_name="link_problems")
    op.drop_table("link_problems")
    op.drop_index(op.f("ix_jobs_issue_id"), table_name="jobs")
    op.drop_index(op.f("ix_jobs_status"), table_name="jobs")
    op.drop_table("jobs")

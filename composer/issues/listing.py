"""Queries for the issue list: issues not in the trash, and what keeps each from being sent."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only, selectinload

from composer.domain import EmailItem, Status
from composer.extensions import db
from composer.issues import preflight
from composer.models import (
    Article,
    Issue,
    IssueItem,
)


def list_issues(newsletter_id: int | None = None) -> list[Issue]:
    """Every issue not in the trash (of one newsletter, if given), newest first."""
    # The list shows each issue's number of items: load them all at once, without their articles.
    items = selectinload(Issue.items).lazyload(IssueItem.article)
    stmt = select(Issue).options(items, joinedload(Issue.newsletter))
    if newsletter_id is not None:
        stmt = stmt.where(Issue.newsletter_id == newsletter_id)
    return list(db.session.scalars(stmt.order_by(Issue.issue_date.desc(), Issue.id.desc())))


def problems_to_fix(issues: list[Issue]) -> dict[int, int]:
    """For the issue list: how many problems keep each issue not yet sent from being marked ready or sent.
    The stories' articles are read in one query, and only the columns a story as it goes out is made of."""
    waiting = [issue for issue in issues if issue.status != Status.SENT]
    article_ids = {item.article_id for issue in waiting for item in issue.items}
    # Held here while the checks run: the session only keeps weak references, and each item finds its
    # article among them instead of loading it whole.
    columns = [getattr(Article, name) for name in EmailItem.ARTICLE_COLUMNS]
    _held = db.session.scalars(select(Article).where(Article.id.in_(article_ids)).options(
        load_only(*columns)).execution_options(include_trashed=True)).all() if article_ids else []
    return {issue.id: len(preflight.blocking(issue)) for issue in waiting}

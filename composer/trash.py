"""The trash: articles and issues deleted by editors stay restorable for TRASH_DAYS, then `purge-trash`
removes them for good. An article that a sent issue used is never purged: it is part of that record."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, select

from composer import revisions
from composer.domain import Status
from composer.extensions import db
from composer.models import Article, Issue, IssueItem, User, utcnow

TRASH_DAYS = 30


@dataclass
class Trash:
    articles: list[Article]
    issues: list[Issue]


@dataclass
class PurgeReport:
    articles: int = 0
    issues: int = 0
    kept: list[str] = field(default_factory=list)


def put_in(row: Article | Issue, user: User | None) -> None:
    """Move an article or an issue to the trash, saying who did and when, in its history (the caller has made
    its checks and commits)."""
    row.deleted_at = utcnow()
    row.deleted_by = user
    _record(row, user, "trashed")


def take_out(row: Article | Issue, user: User | None) -> None:
    """Bring an article or an issue back from the trash, in its history (the caller commits)."""
    row.deleted_at = None
    row.deleted_by = None
    _record(row, user, "untrashed")


def _record(row: Article | Issue, user: User | None, action: str) -> None:
    if isinstance(row, Issue):
        revisions.record_issue(row, user, action)
    else:
        revisions.record_article(row, user, action)


def contents() -> Trash:
    articles = db.session.scalars(select(Article).where(Article.deleted_at.is_not(None))
                                  .order_by(Article.deleted_at.desc()).execution_options(include_trashed=True))
    issues = db.session.scalars(select(Issue).where(Issue.deleted_at.is_not(None)).order_by(Issue.deleted_at.desc())
                                .execution_options(include_trashed=True))
    return Trash(list(articles), list(issues))


def purge_date(deleted_at: datetime, days: int = TRASH_DAYS) -> datetime:
    return deleted_at + timedelta(days=days)


def purge(days: int = TRASH_DAYS, now: datetime | None = None) -> PurgeReport:
    """Remove for good what has been in the trash longer than `days`, in one transaction."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    report = PurgeReport()
    for issue in db.session.scalars(select(Issue).where(Issue.deleted_at < cutoff)
                                    .execution_options(include_trashed=True)):
        db.session.delete(issue)  # its items, revisions and presence go with it
        report.issues += 1
    db.session.flush()
    for article in db.session.scalars(select(Article).where(Article.deleted_at < cutoff)
                                      .execution_options(include_trashed=True)):
        in_sent = db.session.scalar(select(exists().where(IssueItem.article_id == article.id)
                                           .where(IssueItem.issue_id == Issue.id, Issue.status == Status.SENT.value)))
        if in_sent:
            report.kept.append(_("« %(title)s » (#%(id)s) was in a sent issue: kept.", title=article.title,
                                 id=article.id))
            continue
        if db.session.scalar(select(exists().where(IssueItem.article_id == article.id))):
            report.kept.append(_("« %(title)s » (#%(id)s) is in an issue in the trash: kept until it goes.",
                                 title=article.title, id=article.id))
            continue
        db.session.delete(article)
        report.articles += 1
    db.session.commit()
    return report

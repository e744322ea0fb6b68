"""Who has an issue open: a soft lock written by the compose page's heartbeat, read by the page itself."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from composer.extensions import db
from composer.models import (
    Issue,
    IssuePresence,
    User,
    utcnow,
)

PRESENCE_SECONDS = 120  # someone who has not been seen for two minutes has left


def mark_present(issue: Issue, user: User) -> list[IssuePresence]:
    """Note that `user` has the issue open, and return the others who have it open now (a soft lock: the
    page tells each who else is there, nobody is blocked). Written on its own connection and transaction,
    so the page's objects stay loaded. Only the heartbeat writes; the page itself reads (`others_present`)."""
    now = utcnow()
    table = IssuePresence.__table__
    key = (table.c.issue_id == issue.id) & (table.c.user_id == user.id)
    try:
        with db.engine.begin() as connection:
            if not connection.execute(table.update().where(key).values(seen_at=now)).rowcount:
                connection.execute(table.insert().values(issue_id=issue.id, user_id=user.id, seen_at=now))
    except IntegrityError:
        pass  # the same editor in two tabs at the same instant: the other tab's row says the same
    return others_present(issue, user, now)


def others_present(issue: Issue, user: User, now: datetime | None = None) -> list[IssuePresence]:
    """The others seen on the issue in the last two minutes, most recent first, with their names: one query,
    nothing written."""
    since = (now or utcnow()) - timedelta(seconds=PRESENCE_SECONDS)
    return list(db.session.scalars(
        select(IssuePresence).options(joinedload(IssuePresence.user))
        .where(IssuePresence.issue_id == issue.id, IssuePresence.user_id != user.id, IssuePresence.seen_at >= since)
        .order_by(IssuePresence.seen_at.desc())))

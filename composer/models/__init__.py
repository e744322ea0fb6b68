"""Database models by room (accounts, library, issues, delivery, ingest …), re-exported here: import them
from composer.models. Also the one rule that leaves trashed articles and issues out of every query."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from composer.models.accounts import ApiToken, User, UserSession
from composer.models.base import LANGUAGES, utcnow
from composer.models.delivery import BrandSettings, CampaignPush, EmailImage, ServiceAccount
from composer.models.ingest import FeedSource, ImportRun, ImportSettings
from composer.models.issues import ActionKey, Issue, IssueItem, IssuePresence, Revision, SentCopy
from composer.models.jobs import Job, LinkProblem
from composer.models.library import Article, ArticleTag, Tag, search_columns
from composer.models.newsletters import Newsletter

__all__ = [
    'EmailImage',
    'ActionKey',
    'LANGUAGES',
    'utcnow',
    'User',
    'UserSession',
    'ApiToken',
    'Article',
    'search_columns',
    'Tag',
    'ArticleTag',
    'Newsletter',
    'Issue',
    'IssueItem',
    'SentCopy',
    'Revision',
    'IssuePresence',
    'BrandSettings',
    'ServiceAccount',
    'CampaignPush',
    'FeedSource',
    'ImportSettings',
    'ImportRun',
    'Job',
    'LinkProblem',
]


# Articles and issues in the trash are left out of every query (joins and subqueries included) unless it is run
# with .execution_options(include_trashed=True): the trash page, the purge, and the look-ups that must see
# every row (a URL already taken, an import's earlier copy). What an object already loaded refers to is never
# hidden: a sent issue keeps its stories, and refreshing a trashed row still works.
TRASHABLE = (Article, Issue)
_OUT_OF_THE_TRASH = tuple(  # made once: the criterion has no parameter, and every query uses it
    with_loader_criteria(model, model.deleted_at.is_(None), include_aliases=True, propagate_to_loaders=False)
    for model in TRASHABLE)


@event.listens_for(Session, "do_orm_execute")
def _leave_out_the_trash(state: ORMExecuteState) -> None:
    if (not state.is_select or state.is_column_load or state.is_relationship_load
            or state.execution_options.get("include_trashed", False)):
        return
    state.statement = state.statement.options(*_OUT_OF_THE_TRASH)

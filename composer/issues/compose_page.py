"""The compose page's data: everything its panes show for one issue, built in one place for the page (GET) and
for an action the server refused (409/422), which shows the page again with the reason. It only reads: who
else has the issue open is written by the page's heartbeat (presence.mark_present), never here."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from composer import library, revisions
from composer.delivery import esp
from composer.domain import Section, Status
from composer.email.brand import Brand
from composer.email.render import RenderedEmail, render_issue
from composer.extensions import db
from composer.issues import preflight, presence
from composer.library.related import Suggestion, suggest_related
from composer.models import CampaignPush, Issue, IssueItem, IssuePresence, Job, ServiceAccount, User

LIBRARY_PER_PAGE = 12
RECENT_FOR_RUBRIQUES = 500  # the rubriques of the latest 500 articles: every one in use, in a few milliseconds


@dataclass(frozen=True)
class PageState:
    """What the editor has open on the page, as the request says it (parsed by the view)."""

    query: library.SearchQuery = field(default_factory=library.SearchQuery)
    library_page: int = 1
    related: int | None = None  # the story whose « Du même sujet » is shown (else the top story)
    edit: int | None = None  # the story whose per-issue text is open


@dataclass
class ComposePage:
    issue: Issue
    query: library.SearchQuery
    rendered: RenderedEmail
    others: list[IssuePresence]  # who else has the issue open now
    latest_revision: int  # carried by every form, so a refusal can say what changed meanwhile
    checks: list[preflight.Check]  # « Avant l'envoi » (none once sent)
    services: dict[str, ServiceAccount]
    pushes: dict[str, CampaignPush]
    edit_item: int | None
    results: library.Page | None = None  # the library pane (editable issues only)
    in_issue: set[int] = field(default_factory=set)
    sections_in_use: list[str] = field(default_factory=list)
    related_story: IssueItem | None = None
    suggestions: list[Suggestion] = field(default_factory=list)
    meanwhile: list[revisions.Entry] = field(default_factory=list)  # saves since the refused form's page
    link_check: Job | None = None  # the issue's latest link check (running: a progress bar; done: when)


def build_compose_page(issue: Issue, user: User, brand: Brand, state: PageState | None = None,
                       seen_revision: int | None = None) -> ComposePage:
    """The page for `user`; `seen_revision` (a refused action's form) lists the saves made since it."""
    state = state or PageState()
    page = ComposePage(
        issue=issue, query=state.query, rendered=render_issue(issue, "generic", brand),
        others=presence.others_present(issue, user), latest_revision=revisions.latest_id(issue),
        checks=preflight.check_issue(issue) if issue.status != Status.SENT else [],
        services=esp.accounts(), pushes={p.service: p for p in esp.pushes_of(issue)}, edit_item=state.edit,
        meanwhile=revisions.since(issue, seen_revision),
        link_check=db.session.scalar(select(Job).where(Job.issue_id == issue.id, Job.kind == "links")
                                     .order_by(Job.id.desc()).limit(1)),
    )
    if issue.is_editable:
        page.in_issue = {item.article_id for item in issue.items}
        page.results = library.search_articles(state.query, page=state.library_page, per_page=LIBRARY_PER_PAGE)
        page.sections_in_use = library.filter_choices(
            recent=RECENT_FOR_RUBRIQUES, selected=state.query, with_tags=False).sections
        page.related_story, page.suggestions = _related_panel(issue, state.related)
    return page


def _related_panel(issue: Issue, wanted: int | None) -> tuple[IssueItem | None, list[Suggestion]]:
    """« Du même sujet » for the story the editor picked, else the lead story."""
    stories = issue.items_in(Section.LEAD) + issue.items_in(Section.NEWS)
    story = next((i for i in stories if i.id == wanted), stories[0] if stories else None)
    if story is None:
        return None, []
    return story, suggest_related(story.article, exclude={i.article_id for i in issue.items})

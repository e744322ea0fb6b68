"""Issue services: create, edit, add/move/remove items, overrides, status and duplication.

Each public function is one user action and one transaction: it checks that the issue is a draft and
that the caller saw its current version, applies the whole change, and commits — or changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only, selectinload
from sqlalchemy.orm.exc import StaleDataError

from composer import preflight, revisions, trash
from composer.brand import Brand
from composer.errors import Conflict, InvalidInput, NotEditable, NotFound, NotReady, StaleEdit
from composer.extensions import commit_or_stale, db, get_by_id
from composer.models import (
    LANGUAGES,
    SECTIONS,
    STATUSES,
    Article,
    Issue,
    IssueItem,
    IssuePresence,
    SentCopy,
    User,
    utcnow,
)
from composer.profiles import PROFILES
from composer.rendering import render_fresh
from composer.sanitize import text_to_html
from composer.text import nfc

T = TypeVar("T")
# Which status may follow which: a sent issue never changes again.
TRANSITIONS = {"draft": {"ready", "sent"}, "ready": {"draft", "sent"}, "sent": set()}


@dataclass
class IssueData:
    title: str
    issue_date: date
    subject: str = ""
    preheader: str = ""
    intro: str = ""
    language: str = "fr"


def get_issue(issue_id: int, include_trashed: bool = False) -> Issue:
    issue = get_by_id(Issue, issue_id)
    if issue is None or (issue.deleted_at is not None and not include_trashed):
        raise NotFound(_("There is no issue #%(id)s.", id=issue_id))
    return issue


def _check(issue: Issue, expected_version: int | None) -> None:
    if not issue.is_editable:
        raise NotEditable(
            _("This issue is %(status)s: only drafts can be changed. Put it back to draft or duplicate it.",
              status=status_label(issue.status))
        )
    if expected_version is not None and expected_version != issue.version:
        raise StaleEdit(
            _("Someone else changed this issue while you were working (version %(theirs)s, yours was "
              "%(yours)s). Nothing was saved; your input is kept below.", theirs=issue.version,
              yours=expected_version),
            current_version=issue.version,
        )


def _require_version(issue: Issue, expected_version: int | None) -> None:
    """Status changes and deletion refuse a stale version (the compose actions have their own message)."""
    if expected_version is not None and expected_version != issue.version:
        raise StaleEdit(_("Someone else changed this issue meanwhile; reload it and try again."),
                        current_version=issue.version)


def status_label(status: str) -> str:
    return {"draft": _("a draft"), "ready": _("ready"), "sent": _("sent")}.get(status, status)


def _renumber(issue: Issue) -> None:
    for section in SECTIONS:
        for position, item in enumerate(issue.items_in(section)):
            item.position = position


def _edit(issue: Issue, expected_version: int | None, user: User | None, change: Callable[[], T],
          action: str) -> T:
    """Run one user action on a draft as a single transaction with an optimistic version check; the issue's
    new state is kept as a revision in the same transaction."""
    _check(issue, expected_version)
    try:
        result = change()
        _renumber(issue)
        issue.updated_at = utcnow()  # always touches the issue row, so its version moves on
        issue.updated_by = user
        revisions.record_issue(issue, user, action)
    except StaleDataError as exc:  # a query in the change flushed the issue after a colleague's save
        db.session.rollback()
        raise StaleEdit(_("Someone else changed this issue at the same moment. Nothing was saved."),
                        current_version=-1) from exc
    except Exception:
        db.session.rollback()
        raise
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))
    return result


def _validate(data: IssueData) -> None:
    errors = {}
    if not nfc(data.title).strip():
        errors["title"] = _("An internal title is required.")
    if data.language not in LANGUAGES:
        errors["language"] = _("Language must be one of: %(languages)s.", languages=", ".join(LANGUAGES))
    for name in ("subject", "preheader"):  # email headers: a line break would start a header of its own
        if "\r" in getattr(data, name) or "\n" in getattr(data, name):
            errors[name] = _("No line break here: it is one line of the email's headers.")
    if errors:
        raise InvalidInput(_("The issue has errors."), errors)


def create_issue(data: IssueData, user: User | None) -> Issue:
    _validate(data)
    issue = Issue(updated_by=user)
    _apply_meta(issue, data)
    db.session.add(issue)
    revisions.record_issue(issue, user, "created")
    db.session.commit()
    return issue


def _apply_meta(issue: Issue, data: IssueData) -> None:
    issue.title = nfc(data.title.strip())
    issue.subject = nfc(data.subject.strip())
    issue.preheader = nfc(data.preheader.strip())
    issue.intro = text_to_html(nfc(data.intro))
    issue.issue_date = data.issue_date
    issue.language = data.language


def update_issue(issue: Issue, data: IssueData, expected_version: int | None, user: User | None) -> Issue:
    _validate(data)
    _edit(issue, expected_version, user, lambda: _apply_meta(issue, data), "edited")
    return issue


def _item(issue: Issue, item_id: int) -> IssueItem:
    for item in issue.items:
        if item.id == item_id:
            return item
    raise NotFound(_("This item is no longer in the issue."))


def _section(section: str) -> str:
    if section not in SECTIONS:
        raise InvalidInput(_("Unknown section %(section)s.", section=section), {"section": section})
    return section


def add_item(
    issue: Issue, article_id: int, section: str, expected_version: int | None, user: User | None,
    position: int | None = None, overrides: dict[str, str | None] | None = None,
) -> IssueItem:
    _section(section)

    def change() -> IssueItem:
        article = get_by_id(Article, article_id)
        if article is None or article.deleted_at is not None:
            raise NotFound(_("There is no article #%(id)s.", id=article_id))
        if any(i.article_id == article_id for i in issue.items):
            raise Conflict(_("« %(title)s » is already in this issue.", title=article.title))
        siblings = issue.items_in(section)
        item = IssueItem(article=article, section=section, position=len(siblings))
        issue.items.append(item)
        _place(issue, item, section, position)
        if overrides:
            _apply_overrides(item, overrides)
        return item

    return _edit(issue, expected_version, user, change, "added")


def _place(issue: Issue, item: IssueItem, section: str, position: int | None) -> None:
    """Put item at position (clamped) in section; the other items keep their relative order."""
    siblings = [i for i in issue.items_in(section) if i is not item]
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(index, item)
    item.section = section
    for pos, sibling in enumerate(siblings):
        sibling.position = pos


def move_item(
    issue: Issue, item_id: int, expected_version: int | None, user: User | None,
    direction: str | None = None, section: str | None = None, position: int | None = None,
) -> IssueItem:
    """Move up/down within its section, or to (section, position)."""

    def change() -> IssueItem:
        item = _item(issue, item_id)
        if direction in ("up", "down"):
            current = issue.items_in(item.section).index(item)
            _place(issue, item, item.section, current - 1 if direction == "up" else current + 1)
        else:
            _move_to(issue, item, section, position)
        return item

    return _edit(issue, expected_version, user, change, "moved")


def _move_to(issue: Issue, item: IssueItem, section: str | None, position: int | None) -> None:
    target = _section(section or item.section)
    old_section = item.section
    item.section = target
    _place(issue, item, target, position)
    if old_section != target:
        for pos, sibling in enumerate(issue.items_in(old_section)):
            sibling.position = pos


def update_item(
    issue: Issue, item_id: int, expected_version: int | None, user: User | None, *,
    section: str | None = None, position: int | None = None, overrides: dict[str, str | None] | None = None,
) -> IssueItem:
    """Move an item and/or change its overrides, as one action (the API's PATCH)."""

    def change() -> IssueItem:
        item = _item(issue, item_id)
        if section is not None or position is not None:
            _move_to(issue, item, section, position)
        if overrides:
            _apply_overrides(item, overrides)
        return item

    return _edit(issue, expected_version, user, change, "changed")


def remove_item(issue: Issue, item_id: int, expected_version: int | None, user: User | None) -> None:
    def change() -> None:
        item = _item(issue, item_id)
        issue.items.remove(item)

    _edit(issue, expected_version, user, change, "removed")


def set_override(
    issue: Issue, item_id: int, expected_version: int | None, user: User | None,
    title: str | None, teaser: str | None, image: str | None,
) -> IssueItem:
    """Per-issue title, teaser and image; an empty value means "as in the library"."""

    def change() -> IssueItem:
        item = _item(issue, item_id)
        _apply_overrides(item, {"title_override": title, "teaser_override": teaser, "image_override": image})
        return item

    return _edit(issue, expected_version, user, change, "override")


def _apply_overrides(item: IssueItem, overrides: dict[str, str | None]) -> None:
    """Set the given overrides; an empty value means "as in the library"."""
    for name in ("title_override", "teaser_override", "image_override"):
        if name in overrides:
            value = (overrides[name] or "").strip()
            setattr(item, name, nfc(value) or None)


def reset_override(issue: Issue, item_id: int, expected_version: int | None, user: User | None) -> IssueItem:
    return set_override(issue, item_id, expected_version, user, None, None, None)


def set_status(issue: Issue, status: str, expected_version: int | None, user: User | None, brand: Brand) -> Issue:
    if status not in STATUSES:
        raise InvalidInput(_("Unknown status %(status)s.", status=status), {"status": status})
    if status == issue.status:
        return issue
    if status not in TRANSITIONS[issue.status]:
        raise NotEditable(_("A sent issue is frozen: duplicate it to make a new draft."))
    _require_version(issue, expected_version)
    if status in ("ready", "sent"):
        problems = preflight.blocking(issue)
        if problems:
            raise NotReady(_("The issue cannot be marked ready or sent yet: %(problems)s",
                             problems=" ".join(problems)), problems)
    if status == "sent":
        # Freeze what readers got: every profile's HTML and text, so later edits never change it.
        for profile in PROFILES.values():
            rendered = render_fresh(issue, profile, brand)
            issue.sent_copies.append(SentCopy(
                profile=profile.name, subject=rendered.subject, preheader=rendered.preheader,
                html=rendered.html, text=rendered.text,
            ))
        issue.sent_at = utcnow()
    issue.status = status
    issue.updated_at = utcnow()
    issue.updated_by = user
    revisions.record_issue(issue, user, f"status:{status}")
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))
    return issue


def duplicate_issue(issue: Issue, user: User | None) -> Issue:
    copy = Issue(
        title=_("Copy of %(title)s", title=issue.title), subject=issue.subject, preheader=issue.preheader,
        intro=issue.intro, issue_date=issue.issue_date, language=issue.language, status="draft",
        updated_by=user,
    )
    for item in issue.items:
        if item.article.deleted_at is not None:
            continue  # an article since put in the trash does not come back into a new draft
        copy.items.append(IssueItem(
            article_id=item.article_id, section=item.section, position=item.position,
            title_override=item.title_override, teaser_override=item.teaser_override,
            image_override=item.image_override,
        ))
    db.session.add(copy)
    revisions.record_issue(copy, user, f"copy:{issue.id}")
    db.session.commit()
    return copy


def list_issues() -> list[Issue]:
    # The list shows each issue's number of items: load them all at once, without their articles.
    items = selectinload(Issue.items).lazyload(IssueItem.article)
    return list(db.session.scalars(select(Issue).where(Issue.deleted_at.is_(None)).options(items)
                                   .order_by(Issue.issue_date.desc(), Issue.id.desc())))


def problems_to_fix(issues: list[Issue]) -> dict[int, int]:
    """For the issue list: how many problems keep each issue not yet sent from being marked ready or sent.
    The stories' articles are read in one query, and only the columns the checks look at."""
    waiting = [issue for issue in issues if issue.status != "sent"]
    article_ids = {item.article_id for issue in waiting for item in issue.items}
    # Held here while the checks run: the session only keeps weak references, and each item finds its
    # article among them instead of loading it whole.
    _held = db.session.scalars(select(Article).where(Article.id.in_(article_ids)).options(
        load_only(Article.title, Article.canonical_url, Article.image_url, Article.image_alt))).all() \
        if article_ids else []
    return {issue.id: len(preflight.blocking(issue)) for issue in waiting}


def trash_issue(issue: Issue, expected_version: int | None, user: User | None = None) -> None:
    """Move an issue that was never sent to the trash (restorable for TRASH_DAYS); a sent issue is the
    record of what readers got and stays."""
    if issue.status == "sent":
        raise NotEditable(_("A sent issue cannot be deleted: it is the record of what readers received."))
    _require_version(issue, expected_version)
    trash.put_in(issue, user)
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))


def restore_issue(issue: Issue, user: User | None = None) -> list[Article]:
    """Bring an issue back from the trash as it was. An article of it that went to the trash while the issue
    was there (nothing held it back then) comes back too, or the issue would show or send a deleted story.
    Returns those articles."""
    trash.take_out(issue, user)
    brought_back = [item.article for item in issue.items if item.article.deleted_at is not None]
    for article in brought_back:
        trash.take_out(article, user)
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))
    return brought_back


def restore_revision(issue: Issue, revision_id: int, expected_version: int | None,
                     user: User | None) -> list[str]:
    """Make the issue what it was at one revision, as a new revision (later ones stay in the history).
    Returns the titles of stories that could not come back because their article is gone or in the trash."""
    revision = revisions.get_revision(revision_id=revision_id, issue=issue)
    if revision is None:
        raise NotFound(_("This issue has no revision #%(id)s.", id=revision_id))
    state = revisions.state_of(revision)
    missing: list[str] = []

    def change() -> None:
        for name in ("title", "subject", "preheader", "intro", "language"):
            setattr(issue, name, state[name])
        issue.issue_date = date.fromisoformat(state["issue_date"])
        wanted = {spec["article_id"]: spec for spec in state["items"]}
        for gone in [i for i in issue.items if i.article_id not in wanted]:
            issue.items.remove(gone)
        current = {i.article_id: i for i in issue.items}
        for article_id, spec in wanted.items():
            item = current.get(article_id)
            if item is None:
                article = get_by_id(Article, article_id)
                if article is None or article.deleted_at is not None:
                    missing.append(spec["article_title"])
                    continue
                item = IssueItem(article=article)
                issue.items.append(item)
            item.section, item.position = spec["section"], spec["position"]
            for name in revisions.ITEM_FIELDS:
                setattr(item, name, spec.get(name))

    _edit(issue, expected_version, user, change, f"restored:{revision.id}")
    return missing


PRESENCE_SECONDS = 120  # someone who has not been seen for two minutes has left


def mark_present(issue: Issue, user: User) -> list[IssuePresence]:
    """Note that `user` has the issue open, and return the others who have it open now (a soft lock: the
    page tells each who else is there, nobody is blocked). Written on its own connection and transaction,
    so the page's objects stay loaded."""
    now = utcnow()
    table = IssuePresence.__table__
    key = (table.c.issue_id == issue.id) & (table.c.user_id == user.id)
    try:
        with db.engine.begin() as connection:
            if not connection.execute(table.update().where(key).values(seen_at=now)).rowcount:
                connection.execute(table.insert().values(issue_id=issue.id, user_id=user.id, seen_at=now))
    except IntegrityError:
        pass  # the same editor in two tabs at the same instant: the other tab's row says the same
    since = now - timedelta(seconds=PRESENCE_SECONDS)
    return list(db.session.scalars(
        select(IssuePresence).where(IssuePresence.issue_id == issue.id, IssuePresence.user_id != user.id,
                                    IssuePresence.seen_at >= since).order_by(IssuePresence.seen_at.desc())))

"""Issue editing: create, edit, add/move/remove items, overrides, restore a revision.

Each public function is one user action and one transaction: it checks that the issue is a draft and
that the caller saw its current version, applies the whole change, and commits — or changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from composer import revisions
from composer.domain import Kind, Section, Status
from composer.errors import Conflict, InvalidInput, NotEditable, NotFound, StaleEdit
from composer.extensions import commit_or_stale, db, get_by_id
from composer.issues import newsletters
from composer.library import is_web_url
from composer.models import (
    LANGUAGES,
    Article,
    Issue,
    IssueItem,
    Newsletter,
    User,
    utcnow,
)
from composer.sanitize import text_to_html
from composer.text import nfc

T = TypeVar("T")


@dataclass
class IssueData:
    title: str
    issue_date: date
    subject: str = ""
    preheader: str = ""
    intro: str = ""
    language: str | None = None  # None: its newsletter's
    newsletter_id: int | None = None  # None: the first newsletter (on create; an edit keeps the issue's)


def get_issue(issue_id: int, include_trashed: bool = False) -> Issue:
    issue = get_by_id(Issue, issue_id, include_trashed)
    if issue is None:
        raise NotFound(_("There is no issue #%(id)s.", id=issue_id))
    return issue


def _check(issue: Issue, expected_version: int | None) -> None:
    if not issue.is_editable:
        raise NotEditable(
            _("This issue is %(status)s: only drafts can be changed. Put it back to draft or duplicate it.",
              status=Status.of(issue.status).in_sentence)
        )
    if expected_version is not None and expected_version != issue.version:
        raise StaleEdit(
            _("Someone else changed this issue while you were working (version %(theirs)s, yours was "
              "%(yours)s). Nothing was saved; your input is kept below.", theirs=issue.version,
              yours=expected_version),
            current_version=issue.version,
        )


def _renumber(issue: Issue) -> None:
    for section in Section:
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
    if data.language is not None and data.language not in LANGUAGES:
        errors["language"] = _("Language must be one of: %(languages)s.", languages=", ".join(LANGUAGES))
    for name in ("subject", "preheader"):  # email headers: a line break would start a header of its own
        if "\r" in getattr(data, name) or "\n" in getattr(data, name):
            errors[name] = _("No line break here: it is one line of the email's headers.")
    if errors:
        raise InvalidInput(_("The issue has errors."), errors)


def create_issue(data: IssueData, user: User | None) -> Issue:
    _validate(data)
    newsletter = (get_by_id(Newsletter, data.newsletter_id) if data.newsletter_id is not None
                  else newsletters.default_newsletter())
    if newsletter is None:
        raise InvalidInput(_("There is no newsletter #%(id)s.", id=data.newsletter_id),
                           {"newsletter_id": _("There is no newsletter #%(id)s.", id=data.newsletter_id)})
    issue = Issue(updated_by=user, newsletter=newsletter)
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
    issue.language = data.language or issue.language or issue.newsletter.language


def update_issue(issue: Issue, data: IssueData, expected_version: int | None, user: User | None) -> Issue:
    _validate(data)
    _edit(issue, expected_version, user, lambda: _apply_meta(issue, data), "edited")
    return issue


def _item(issue: Issue, item_id: int) -> IssueItem:
    for item in issue.items:
        if item.id == item_id:
            return item
    raise NotFound(_("This item is no longer in the issue."))


def _section(section: str, issue: Issue | None = None, kind: str | None = None) -> str:
    """section, if the issue's newsletter has it (and it takes that kind of library item)."""
    if section not in Section.values():
        raise InvalidInput(_("Unknown section %(section)s.", section=section), {"section": section})
    if issue is not None:
        plan = next((p for p in issue.section_plans if p.section == section), None)
        if plan is None:
            raise InvalidInput(_("The newsletter %(name)s has no section %(section)s.", name=issue.newsletter.name,
                                 section=Section.label_of(section)), {"section": section})
        if kind is not None and kind not in plan.accepts:
            raise InvalidInput(_("%(section)s does not take this kind of item (%(kind)s).",
                                 section=plan.heading, kind=Kind.label_of(kind)), {"section": section})
    return section


def add_item(
    issue: Issue, article_id: int, section: str, expected_version: int | None, user: User | None,
    position: int | None = None, overrides: dict[str, str | None] | None = None,
) -> IssueItem:
    _section(section)

    def change() -> IssueItem:
        article = get_by_id(Article, article_id)
        if article is None:
            raise NotFound(_("There is no article #%(id)s.", id=article_id))
        _section(section, issue, article.kind)
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
    target = (_section(section, issue, item.article.kind) if section and section != item.section
              else _section(item.section))
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
    title: str | None, teaser: str | None, image: str | None, image_alt: str | None = None,
) -> IssueItem:
    """Per-issue title, teaser and image (with its own alt text); an empty value means "as in the library"."""

    def change() -> IssueItem:
        item = _item(issue, item_id)
        _apply_overrides(item, {"title_override": title, "teaser_override": teaser, "image_override": image,
                                "image_override_alt": image_alt})
        return item

    return _edit(issue, expected_version, user, change, "override")


def _apply_overrides(item: IssueItem, overrides: dict[str, str | None]) -> None:
    """Set the given overrides; an empty value means "as in the library". An overriding image has its own
    alt text (empty: decorative), and a new one is measured anew."""
    image = (overrides.get("image_override") or "").strip()
    if image and not is_web_url(image):  # every way in (form, undo, API) meets this one rule
        raise InvalidInput(_("The image URL must start with http:// or https://."), {"image_override": image})
    before = item.image_override
    for name in ("title_override", "teaser_override", "image_override", "image_override_alt"):
        if name in overrides:
            value = (overrides[name] or "").strip()
            setattr(item, name, nfc(value) or None)
    if item.image_override != before:
        item.image_override_width = item.image_override_height = item.image_override_bytes = None
    if not item.image_override:
        item.image_override_alt = None


def reset_override(issue: Issue, item_id: int, expected_version: int | None, user: User | None) -> IssueItem:
    return set_override(issue, item_id, expected_version, user, None, None, None)


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
                if article is None:
                    missing.append(spec["article_title"])
                    continue
                item = IssueItem(article=article)
                issue.items.append(item)
            item.section, item.position = spec["section"], spec["position"]
            image = item.image_override
            for name in revisions.ITEM_FIELDS:
                setattr(item, name, spec.get(name))
            if item.image_override != image:  # another image: its size is measured anew
                item.image_override_width = item.image_override_height = item.image_override_bytes = None

    _edit(issue, expected_version, user, change, f"restored:{revision.id}")
    return missing

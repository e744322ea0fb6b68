"""Revisions: every save of an issue or an article keeps its whole state afterwards (who, when, which action),
so the history can show what each save changed and bring back any earlier state as a new save.

Services call record_* inside their own transaction, before they commit: a save and its revision land
together or not at all.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import format_date, format_datetime, pgettext
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, union

from composer.domain import Kind, Section, Status
from composer.extensions import db, get_by_id
from composer.models import Article, Issue, Revision, User, utcnow
from composer.sanitize import html_to_text

ISSUE_FIELDS = ("title", "subject", "preheader", "intro", "issue_date", "language")
ARTICLE_FIELDS = ("kind", "title", "lead", "body", "author", "section", "tags", "canonical_url", "image_url",
                  "image_alt", "language", "published_at")
ITEM_FIELDS = ("title_override", "teaser_override", "image_override", "image_override_alt")
LONG_FIELDS = {"intro", "body", "lead"}
# Past this age, prune() keeps one revision per issue or article per day (see `flask prune-history`).
HISTORY_DAYS = 90


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def issue_state(issue: Issue) -> dict[str, Any]:
    state: dict[str, Any] = {name: _plain(getattr(issue, name)) for name in ISSUE_FIELDS}
    state["items"] = [
        {"article_id": item.article.id, "article_title": item.article.title, "section": section.value,
         "position": item.position, **{name: getattr(item, name) for name in ITEM_FIELDS}}
        for section in Section for item in issue.items_in(section)
    ]
    return state


def article_state(article: Article) -> dict[str, Any]:
    return {name: _plain(getattr(article, name)) for name in ARTICLE_FIELDS}


def record_issue(issue: Issue, user: User | None, action: str) -> None:
    if issue.id is None:
        db.session.flush()  # a new issue needs its id (an existing one is checked for its version at commit)
    db.session.add(Revision(issue_id=issue.id, user=user, action=action,
                            state=json.dumps(issue_state(issue), ensure_ascii=False)))


def record_article(article: Article, user: User | None, action: str) -> None:
    if article.id is None:
        db.session.flush()
    db.session.add(Revision(article_id=article.id, user=user, action=action,
                            state=json.dumps(article_state(article), ensure_ascii=False)))


def record_articles(articles: list[Article], user: User | None, action: str) -> None:
    """The same for many articles at once (an import): one multi-row INSERT instead of an object each."""
    if not articles:
        return
    db.session.flush()
    now = utcnow()
    db.session.execute(insert(Revision), [
        {"article_id": a.id, "user_id": user.id if user else None, "action": action, "created_at": now,
         "state": json.dumps(article_state(a), ensure_ascii=False)} for a in articles])


@dataclass
class Change:
    """One readable difference: a field's old and new value (long text as a word diff), or an item."""

    label: str
    before: str = ""
    after: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)  # (equal | delete | insert, text)


@dataclass
class Entry:
    revision: Revision
    state: dict[str, Any]
    changes: list[Change]


def action_label(action: str) -> str:
    """The action a revision records (a stable code, so each reader sees it in their own language)."""
    code, _sep, detail = action.partition(":")
    labels = {
        "created": pgettext("history", "Created"), "edited": _("Edited the details"), "added": _("Added an item"),
        "moved": _("Moved an item"), "changed": _("Changed an item"), "removed": _("Removed an item"),
        "override": _("Changed an item's title or teaser"), "saved": _("Saved"), "imported": _("Imported"),
        "trashed": _("Moved to the trash"), "untrashed": _("Restored from the trash"),
    }
    if code == "status":
        return str(Status.of(detail).history) if detail in Status.values() else detail
    if code == "copy":
        return _("Created as a copy of issue #%(id)s", id=detail)
    if code == "restored":
        return _("Restored revision #%(id)s", id=detail)
    return labels.get(code, action)


def field_label(name: str) -> str:
    return {
        "title": _("Title"), "subject": _("Subject"), "preheader": _("Preheader"), "intro": _("Introduction"),
        "issue_date": _("Date"), "language": _("Language"), "kind": _("Kind"), "lead": _("Lead (chapô)"),
        "body": _("Body"), "author": _("Author"), "section": _("Rubrique"), "tags": _("Tags"),
        "canonical_url": _("Canonical URL"), "image_url": _("Image URL"), "image_alt": _("Image alt text"),
        "published_at": _("Publication date"), "title_override": _("Title in this issue"),
        "teaser_override": _("Teaser in this issue"), "image_override": _("Image in this issue"),
        "image_override_alt": _("Alt text of the image in this issue"),
    }.get(name, name)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# Past this many differing words on either side (once the common start and end are set apart), the middle
# shows as replaced whole: a word-by-word match grows with the cube of its length (2 000 words took 88 s).
WORD_DIFF_LIMIT = 300
LANGUAGES = {"fr": "Français", "en": "English"}  # each language named in itself, as the form's choices do


def _shown(name: str, value: Any) -> str:
    """A stored value as an editor reads it: dates in the interface's format, a kind or language by name."""
    if value in (None, ""):
        return ""
    try:
        if name == "issue_date":
            return str(format_date(date.fromisoformat(str(value)), "long"))
        if name == "published_at":
            return str(format_datetime(datetime.fromisoformat(str(value)), "medium"))
    except ValueError:
        return _text(value)
    if name == "language":
        return LANGUAGES.get(str(value), str(value))
    if name == "kind":
        return str(Kind.label_of(value))
    if name == "tags" and isinstance(value, list):
        return ", ".join(str(tag) for tag in value)
    return _text(value)


def quoted(title: str) -> str:
    """A title between French quotes, unless it is a quotation already (« « … » » would double them); quotes
    inside it become the inner ones (“ ”), as French typography nests them."""
    title = title.strip()
    if title.startswith("«") and title.endswith("»"):
        return title
    inner = re.sub(r"«\s*", "“", re.sub(r"\s*»", "”", title))
    return f"« {inner} »"


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.split(), after.split()
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    middle_old, middle_new = old[start:len(old) - end], new[start:len(new) - end]
    opcodes: list[tuple[str, int, int, int, int]]
    if max(len(middle_old), len(middle_new)) > WORD_DIFF_LIMIT:
        opcodes = [("replace", 0, len(middle_old), 0, len(middle_new))]
    else:
        opcodes = list(difflib.SequenceMatcher(a=middle_old, b=middle_new, autojunk=False).get_opcodes())
    parts: list[tuple[str, str]] = [("equal", " ".join(old[:start]))] if start else []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            parts.append(("equal", " ".join(middle_old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", " ".join(middle_old[i1:i2])))
        if j2 > j1:
            parts.append(("insert", " ".join(middle_new[j1:j2])))
    if end:
        parts.append(("equal", " ".join(old[len(old) - end:])))
    return parts


def _field_change(name: str, before: Any, after: Any) -> Change:
    old, new = _shown(name, before), _shown(name, after)
    if name in LONG_FIELDS:
        old, new = html_to_text(old), html_to_text(new)
        return Change(field_label(name), words=word_diff(old, new))
    return Change(field_label(name), old, new)


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Change]:
    """What turned `before` into `after`, in an editor's words; everything, for the first revision."""
    previous = before or {}
    found = [_field_change(name, previous.get(name), value) for name, value in after.items()
             if name != "items" and previous.get(name) != value and (before is not None or value)]
    if "items" in after:
        found.extend(_item_changes(previous.get("items", []), after["items"]))
    return found


def _where(item: dict[str, Any]) -> str:
    return f"{Section.label_of(item['section'])} #{item['position'] + 1}"


def _item_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[Change]:
    old = {i["article_id"]: i for i in before}
    new = {i["article_id"]: i for i in after}
    found = []
    for article_id, item in new.items():
        title = quoted(item["article_title"])
        was = old.get(article_id)
        if was is None:
            found.append(Change(_("Added %(title)s", title=title), after=_where(item)))
            continue
        if (was["section"], was["position"]) != (item["section"], item["position"]):
            found.append(Change(_("Moved %(title)s", title=title), _where(was), _where(item)))
        for name in ITEM_FIELDS:
            if was.get(name) != item.get(name):
                found.append(Change(f"{title} — {field_label(name)}", _text(was.get(name)), _text(item.get(name))))
    for article_id, item in old.items():
        if article_id not in new:
            found.append(Change(_("Removed %(title)s", title=quoted(item["article_title"])), before=_where(item)))
    return found


def history(*, issue: Issue | None = None, article: Article | None = None) -> list[Entry]:
    """Revisions newest first, each with what it changed compared with the one before."""
    column = Revision.issue_id if issue is not None else Revision.article_id
    subject_id = issue.id if issue is not None else article.id if article is not None else None
    revisions = list(db.session.scalars(select(Revision).where(column == subject_id).order_by(Revision.id)))
    entries, previous = [], None
    for revision in revisions:
        state = json.loads(revision.state)
        entries.append(Entry(revision, state, changes(previous, state)))
        previous = state
    return entries[::-1]


def get_revision(*, revision_id: int, issue: Issue | None = None, article: Article | None = None) -> Revision | None:
    revision: Revision | None = get_by_id(Revision, revision_id)
    if revision is None:
        return None
    if issue is not None and revision.issue_id != issue.id:
        return None
    if article is not None and revision.article_id != article.id:
        return None
    return revision


def state_of(revision: Revision) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(revision.state)
    return state


def latest_id(issue: Issue) -> int:
    return db.session.scalar(select(func.max(Revision.id)).where(Revision.issue_id == issue.id)) or 0


def since(issue: Issue, revision_id: int | None) -> list[Entry]:
    """The saves made after the one an editor's page showed (newest first): what changed meanwhile."""
    if revision_id is None:  # the page did not say (0: it showed an issue with no revision yet)
        return []
    return [e for e in history(issue=issue) if e.revision.id > revision_id]


def prune(days: int = HISTORY_DAYS, now: datetime | None = None) -> int:
    """Thin the history older than `days`: of those revisions, keep for each issue and article its first
    (who created it) and the last of each day (UTC); later ones are all kept. Returns how many went."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    old = Revision.created_at < cutoff
    subject = (Revision.issue_id, Revision.article_id)
    kept = union(
        select(func.max(Revision.id)).where(old).group_by(*subject, func.date(Revision.created_at)),
        select(func.min(Revision.id)).group_by(*subject),
    )
    result = db.session.execute(delete(Revision).where(old, Revision.id.not_in(kept)))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)

"""The compose page's actions merged into the issue as it is now, rather than refused because it moved on.

Adding, moving and removing a story act on the issue as it is when they arrive. The details form says, for each
field, the value it was loaded with (its "original"): a save changes only the fields the editor changed, and a
field someone else changed meanwhile is the one conflict, given back with both texts. Every form also carries a
random key: an action already applied with that key (a double click, a form sent again) is not applied twice,
and its answer is given again.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from composer.errors import StaleEdit
from composer.extensions import db
from composer.issues import editing
from composer.models import ActionKey, Issue, User, utcnow
from composer.sanitize import html_to_editable, text_to_html
from composer.text import nfc

T = TypeVar("T")
FIELDS = ("subject", "issue_date", "language", "preheader", "title", "intro")
KEEP_KEYS = timedelta(days=1)
ATTEMPTS = 3  # a colleague's save at the very same moment: the action is applied again on top of it


@dataclass(frozen=True)
class FieldConflict:
    name: str
    mine: str
    theirs: str


def current_values(issue: Issue) -> dict[str, str]:
    """The issue's details as the form shows them."""
    return {"subject": issue.subject or "", "issue_date": issue.issue_date.isoformat(),
            "language": issue.language, "preheader": issue.preheader or "", "title": issue.title or "",
            "intro": html_to_editable(issue.intro)}


def _norm(name: str, value: str) -> str:
    value = nfc(value.replace("\r\n", "\n"))
    if name == "intro":
        return html_to_editable(text_to_html(value)).strip()
    return value.strip()


def merge_details(issue: Issue, mine: Mapping[str, str], original: Mapping[str, str | None]
                  ) -> tuple[dict[str, str], list[FieldConflict]]:
    """The details to save: the fields the editor changed, on top of the issue as it is now, and the fields both
    the editor and someone else changed since the editor's page. A field whose original is unknown (None: a form
    loaded before originals existed, on an older version) conflicts whenever it differs from what is saved."""
    now = current_values(issue)
    merged = dict(now)
    conflicts = []
    for name in FIELDS:
        theirs, typed = _norm(name, now[name]), _norm(name, mine[name])
        loaded = original.get(name)
        if typed == theirs or (loaded is not None and typed == _norm(name, loaded)):
            continue  # unchanged by the editor, or the same change made by both
        if loaded is not None and _norm(name, loaded) == theirs:
            merged[name] = mine[name]
        else:
            conflicts.append(FieldConflict(name, mine[name], now[name]))
    return merged, conflicts


def save_details(issue: Issue, merged: dict[str, str], user: User | None) -> bool:
    """Save the merged details if they change anything; True if they did."""
    if merged == current_values(issue):
        return False
    editing.update_issue(issue, editing.IssueData(
        title=merged["title"], issue_date=date.fromisoformat(merged["issue_date"]), subject=merged["subject"],
        preheader=merged["preheader"], intro=merged["intro"], language=merged["language"]), None, user)
    return True


def already_done(key: str | None, user: User | None) -> str | None:
    """Where the action with this key led, if it was applied already (by this user)."""
    if not key:
        return None
    row = db.session.get(ActionKey, key)
    if row is None or row.user_id != (user.id if user else None):
        return None
    return row.result_url


def apply_once(key: str | None, user: User | None, url: str, action: Callable[[], T]) -> tuple[str | None, T | None]:
    """Run action with its key recorded in the same transaction: (None, its result). If the key is there already,
    or arrives at the same moment from the other click: (where the first one led, None)."""
    for attempt in range(ATTEMPTS):
        done = already_done(key, user)
        if done is not None:
            return done, None
        if key:
            db.session.add(ActionKey(key=key[:64], user_id=user.id if user else None, result_url=url))
        try:
            return None, action()
        except IntegrityError:
            db.session.rollback()
        except StaleEdit as exc:
            db.session.rollback()
            if exc.current_version != -1 or attempt == ATTEMPTS - 1:
                raise
        except Exception:
            db.session.rollback()
            raise
        db.session.expire_all()
    return already_done(key, user) or url, None


def lead_to(key: str | None, user: User | None, url: str) -> None:
    """Where an applied action finally led (once its new story is known), and old keys forgotten."""
    if not key:
        return
    row = db.session.get(ActionKey, key)
    if row is not None and row.user_id == (user.id if user else None):
        row.result_url = url
    db.session.execute(delete(ActionKey).where(ActionKey.created_at < utcnow() - KEEP_KEYS))
    db.session.commit()

"""Issue status (draft → ready → sent, with frozen copies on sending), duplication and trash."""
from __future__ import annotations

from flask_babel import gettext as _

from composer import revisions, trash
from composer.domain import SectionPlan, Status
from composer.email.brand import Brand
from composer.email.profiles import PROFILES
from composer.email.render import render_fresh
from composer.errors import InvalidInput, NotEditable, NotReady, StaleEdit
from composer.extensions import commit_or_stale, db
from composer.issues import preflight
from composer.models import (
    Article,
    Issue,
    IssueItem,
    Newsletter,
    SentCopy,
    User,
    utcnow,
)


def _require_version(issue: Issue, expected_version: int | None) -> None:
    """Status changes and deletion refuse a stale version (the compose actions have their own message)."""
    if expected_version is not None and expected_version != issue.version:
        raise StaleEdit(_("Someone else changed this issue meanwhile; reload it and try again."),
                        current_version=issue.version)


def set_status(issue: Issue, status: str, expected_version: int | None, user: User | None, brand: Brand) -> Issue:
    if status not in Status.values():
        raise InvalidInput(_("Unknown status %(status)s.", status=status), {"status": status})
    if status == issue.status:
        return issue
    if not Status.of(issue.status).can_become(status):
        raise NotEditable(_("A sent issue is frozen: duplicate it to make a new draft."))
    _require_version(issue, expected_version)
    if status in (Status.READY, Status.SENT):
        problems = preflight.blocking(issue)
        if problems:
            raise NotReady(_("The issue cannot be marked ready or sent yet: %(problems)s",
                             problems=" ".join(problems)), problems)
    if status == Status.SENT:
        # Freeze what readers got: every profile's HTML and text, so later edits never change it.
        for profile in PROFILES.values():
            rendered = render_fresh(issue, profile, brand)
            issue.sent_copies.append(SentCopy(
                profile=profile.name, subject=rendered.subject, preheader=rendered.preheader,
                html=rendered.html, text=rendered.text,
            ))
        issue.sent_at = utcnow()
    issue.status = Status.of(status).value
    issue.updated_at = utcnow()
    issue.updated_by = user
    revisions.record_issue(issue, user, f"status:{status}")
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))
    return issue


def duplicate_issue(issue: Issue, user: User | None, newsletter: Newsletter | None = None) -> Issue:
    """A draft copy of the issue, in its newsletter or another one (its stories go to the sections of the same
    key that newsletter has and takes them in; the others are left out)."""
    newsletter = newsletter or issue.newsletter
    plans = {plan.section.value: plan for plan in map(SectionPlan.from_value, newsletter.sections)}
    copy = Issue(newsletter=newsletter,
        title=_("Copy of %(title)s", title=issue.title), subject=issue.subject, preheader=issue.preheader,
        intro=issue.intro, issue_date=issue.issue_date, language=issue.language, status=Status.DRAFT.value,
        updated_by=user,
    )
    for item in issue.items:
        if item.article.in_trash:
            continue  # an article since put in the trash does not come back into a new draft
        plan = plans.get(item.section)
        if plan is None or item.article.kind not in plan.accepts:
            continue
        copy.items.append(IssueItem(
            article_id=item.article_id, section=item.section, position=item.position,
            title_override=item.title_override, teaser_override=item.teaser_override,
            image_override=item.image_override, image_override_alt=item.image_override_alt,
            image_override_width=item.image_override_width, image_override_height=item.image_override_height,
            image_override_bytes=item.image_override_bytes,
        ))
    db.session.add(copy)
    revisions.record_issue(copy, user, f"copy:{issue.id}")
    db.session.commit()
    return copy


def trash_issue(issue: Issue, expected_version: int | None, user: User | None = None) -> None:
    """Move an issue that was never sent to the trash (restorable for TRASH_DAYS); a sent issue is the
    record of what readers got and stays."""
    if issue.status == Status.SENT:
        raise NotEditable(_("A sent issue cannot be deleted: it is the record of what readers received."))
    _require_version(issue, expected_version)
    trash.put_in(issue, user)
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))


def restore_issue(issue: Issue, user: User | None = None) -> list[Article]:
    """Bring an issue back from the trash as it was. An article of it that went to the trash while the issue
    was there (nothing held it back then) comes back too, or the issue would show or send a deleted story.
    Returns those articles."""
    trash.take_out(issue, user)
    brought_back = [item.article for item in issue.items if item.article.in_trash]
    for article in brought_back:
        trash.take_out(article, user)
    commit_or_stale(_("Someone else changed this issue at the same moment. Nothing was saved."))
    return brought_back

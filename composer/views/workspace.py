"""The compose page's actions on stories and details, merged into the issue as it is now (issues.merging): a
story added, moved, removed or put back; the details saved field by field. Each answers with the page, focused
on what was acted on (?focus= and its #fragment), or with what went wrong (409/422)."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer.domain import Section
from composer.errors import Conflict, InvalidInput, NotFound
from composer.ingest import images as measure_images
from composer.issues import editing, merging
from composer.models import Issue, IssueItem
from composer.views.forms import AddItemForm, IssueMetaForm, MoveItemForm, OverrideForm, UndoForm
from composer.views.issues import _compose, _search_args, _versioned, bp


def back_url(issue: Issue, focus: str | None) -> str:
    """The compose page with the editor's library search, focused on `focus` (an element id)."""
    if focus:
        return url_for("issues.compose", issue_id=issue.id, focus=focus, _anchor=focus, **_search_args())
    return url_for("issues.compose", issue_id=issue.id, **_search_args())


def _act(issue: Issue, action: Any, focus: Any, success: str | None = None, **fail: Any) -> Any:
    """Run one story action once (its form's key) and answer: back to the page focused on the story, or the page
    with why it could not be done (409) — only a change to that same story meanwhile stops it."""
    key = request.form.get("action_key")
    replay, result = merging.apply_once(key, current_user, back_url(issue, None), action)
    if replay is not None:
        return redirect(replay)
    url = back_url(issue, focus(result) if callable(focus) else focus)
    merging.lead_to(key, current_user, url)
    if success:
        flash(success, "success")
    # A top story whose image size is unknown has it measured (the email sizes images from it).
    for problem in measure_images.issue_images(issue, current_app.config):
        flash(_("The size of an image is unknown, so it is shown at its own ratio: %(reason)s", reason=problem),
              "error")
    return redirect(url)


def _refused(issue_id: int, exc: Conflict | NotFound, **fail: Any) -> Any:
    return _compose(editing.get_issue(issue_id), 409, message=exc.message, **fail)


@bp.post("/issues/<int:issue_id>/items")
def add_item(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(AddItemForm)
    try:
        return _act(issue, lambda: editing.add_item(issue, form.article_id.data, form.section.data, None,
                                                    current_user), lambda item: f"item-{item.id}")
    except (Conflict, NotFound) as exc:
        return _refused(issue_id, exc)


def _same_story(issue: Issue, item_id: int) -> IssueItem:
    """The story acted on, as it is now: gone or moved to another section meanwhile is a conflict."""
    item = next((i for i in issue.items if i.id == item_id), None)
    if item is None:
        raise Conflict(_("This story was removed from the issue meanwhile: nothing was changed."))
    loaded = request.form.get("at")
    if loaded and loaded != item.section:
        raise Conflict(_("« %(title)s » was moved to « %(section)s » meanwhile: nothing was changed.",
                         title=item.title, section=Section.label_of(item.section)))
    return item


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/move")
def move_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(MoveItemForm)

    def move() -> IssueItem:
        _same_story(issue, item_id)
        return editing.move_item(issue, item_id, None, current_user, direction=form.direction.data or None,
                                 section=form.section.data or None, position=form.position.data)
    try:
        return _act(issue, move, f"item-{item_id}")
    except (Conflict, NotFound) as exc:
        return _refused(issue_id, exc)


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/remove")
def remove_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    _versioned(MoveItemForm)

    def remove() -> dict[str, Any]:
        item = _same_story(issue, item_id)
        gone = {"issue_id": issue.id, "article_id": item.article_id, "section": item.section,
                "position": item.position, "title": item.title, "title_override": item.title_override or "",
                "teaser_override": item.teaser_override or "", "image_override": item.image_override or ""}
        editing.remove_item(issue, item_id, None, current_user)
        return gone
    try:
        key = request.form.get("action_key")
        replay, gone = merging.apply_once(key, current_user, back_url(issue, None), remove)
    except (Conflict, NotFound) as exc:
        return _refused(issue_id, exc)
    if replay is not None:
        return redirect(replay)
    session["undo"] = gone  # the compose page offers « Annuler » once
    url = back_url(issue, "undo")
    merging.lead_to(key, current_user, url)
    return redirect(url)


@bp.post("/issues/<int:issue_id>/items/restore")
def undo_remove(issue_id: int) -> Any:
    """« Annuler »: the removed story back at its place, with its per-issue text."""
    issue = editing.get_issue(issue_id)
    form = UndoForm()
    if not form.validate_on_submit():
        abort(400, _("The form was incomplete: %(errors)s", errors=form.errors))
    overrides = {name: getattr(form, name).data or None
                 for name in ("title_override", "teaser_override", "image_override")}
    try:
        return _act(issue, lambda: editing.add_item(issue, form.article_id.data, form.section.data, None,
                                                    current_user, position=form.position.data,
                                                    overrides=overrides),
                    lambda item: f"item-{item.id}", _("The story is back in the issue."))
    except (Conflict, NotFound) as exc:
        return _refused(issue_id, exc)


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/override")
def override_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = OverrideForm()
    if not form.validate_on_submit():
        return _compose(issue, 422, override_item=item_id, override_form=form)
    try:
        if "reset" in request.form:
            return _act(issue, lambda: editing.reset_override(issue, item_id, None, current_user),
                        f"item-{item_id}", _("Back to the library's title, teaser and image."))
        return _act(issue, lambda: editing.set_override(
            issue, item_id, None, current_user, form.title_override.data, form.teaser_override.data,
            form.image_override.data, form.image_override_alt.data), f"item-{item_id}")
    except (Conflict, NotFound) as exc:
        return _refused(issue_id, exc, override_item=item_id, override_form=form)


@bp.post("/issues/<int:issue_id>")
def save(issue_id: int) -> Any:
    """The details, field by field: only what the editor changed is saved; a field someone else changed
    meanwhile comes back beside theirs (409) and nothing is saved until the editor picks."""
    issue = editing.get_issue(issue_id)
    form = IssueMetaForm()
    if not form.validate_on_submit():
        return _compose(issue, 422, meta_form=form, originals=_originals(issue))
    mine = {name: str(getattr(form, name).data or "") for name in merging.FIELDS}
    mine["issue_date"] = form.issue_date.data.isoformat() if form.issue_date.data else issue.issue_date.isoformat()
    originals = _originals(issue)
    conflicts: list[merging.FieldConflict] = []

    def merge_and_save() -> bool:
        nonlocal conflicts
        take = request.form.get("take")  # « Reprendre la leur » on that field
        if take in merging.FIELDS:
            mine[take] = originals[take] = merging.current_values(issue)[take]
        merged, conflicts = merging.merge_details(issue, mine, originals)
        if conflicts:
            raise _Refused
        return merging.save_details(issue, merged, current_user)
    try:
        return _act(issue, merge_and_save, "details",
                    _("Saved at %(time)s.", time=(issue.updated_at or issue.created_at).strftime("%H:%M")))
    except _Refused:
        return _conflict_page(editing.get_issue(issue_id), form, mine, originals, conflicts)
    except InvalidInput as exc:  # a line break in the subject, say: the field says why, nothing is saved
        for name, message in exc.fields.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [*field.errors, message]
        return _compose(editing.get_issue(issue_id), 422, meta_form=form, originals=originals)
    except (Conflict, NotFound) as exc:
        return _compose(editing.get_issue(issue_id), 409, meta_form=form, message=exc.message,
                        originals=originals)


class _Refused(Exception):
    """Both changed the same field: nothing saved (the action key with it)."""


def _originals(issue: Issue) -> dict[str, str | None]:
    """The values the editor's form was loaded with; a form without them: the issue as it is if the form was
    loaded on this version, else unknown (None)."""
    now = merging.current_values(issue)
    current = request.form.get("version", type=int) == issue.version
    return {name: request.form.get(f"original_{name}", now[name] if current else None) for name in merging.FIELDS}


def _conflict_page(issue: Issue, form: IssueMetaForm, mine: dict[str, str], originals: dict[str, str | None],
                   conflicts: list[merging.FieldConflict]) -> Any:
    """The details as the editor typed them, on top of what others saved meanwhile; for each field both changed,
    the form's original becomes theirs (saving keeps mine) and theirs is shown beside with a way to take it."""
    now = merging.current_values(issue)
    clashing = {c.name for c in conflicts}
    for name in merging.FIELDS:
        if name in clashing:
            originals[name] = now[name]
        elif mine[name] == originals[name]:  # not changed by the editor: show what is saved now
            originals[name] = now[name]
            getattr(form, name).data = date.fromisoformat(now[name]) if name == "issue_date" else now[name]
    labels = ", ".join(f"«\u00a0{getattr(form, c.name).label.text}\u00a0»" for c in conflicts)
    message = _("Someone else changed %(fields)s while you were typing. Keep yours or take theirs: nothing is "
                "lost, and nothing was saved yet.", fields=labels)
    return _compose(issue, 409, meta_form=form, message=message, originals=originals, field_conflicts=conflicts)

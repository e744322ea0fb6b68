"""Issue pages: the list, the compose workspace, item actions, status, preview and export."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer import library, revisions
from composer.delivery import esp
from composer.delivery import smtp as delivery
from composer.email.brand import current_brand
from composer.email.export import FORMATS, export_issue
from composer.email.lint import lint_email
from composer.email.profiles import PROFILES, get_profile
from composer.email.render import render_issue
from composer.errors import Conflict, DomainError, NotEditable, NotReady, StaleEdit
from composer.issues import editing, lifecycle, listing, preflight, presence
from composer.library.related import suggest_related
from composer.library.sanitize import html_to_editable
from composer.models import SECTIONS, Issue
from composer.trash import TRASH_DAYS
from composer.views.forms import (
    AddItemForm,
    EmptyForm,
    IssueMetaForm,
    IssueNewForm,
    MoveItemForm,
    OverrideForm,
    SendTestForm,
    StatusForm,
    VersionedForm,
)
from composer.views.library import search_query_from_args

bp = Blueprint("issues", __name__)
SIZE_WARN = 90 * 1024
SIZE_LIMIT = 102 * 1024


def _meta_form(issue: Issue) -> IssueMetaForm:
    form = IssueMetaForm(obj=issue, formdata=None)
    form.version.data = issue.version
    form.intro.data = html_to_editable(issue.intro)
    return form


def _compose(
    issue: Issue, status: int = 200, meta_form: IssueMetaForm | None = None, message: str | None = None,
    override_item: int | None = None, override_form: OverrideForm | None = None,
) -> Any:
    query = search_query_from_args()
    in_issue = {item.article_id for item in issue.items}
    library_page = max(1, request.args.get("lp", 1, type=int) or 1)
    results = library.search_articles(query, page=library_page, per_page=12) if issue.is_editable else None
    # The rubriques of the latest 500 articles: every one in use, read in a few milliseconds per page.
    sections_in_use = library.filter_choices(recent=500, selected=query, with_tags=False).sections \
        if issue.is_editable else []
    rendered = render_issue(issue, "generic", current_brand())
    edit_item = request.args.get("edit", type=int) or override_item
    story, suggestions = _related_panel(issue) if issue.is_editable else (None, [])
    others = presence.mark_present(issue, current_user)
    meanwhile = revisions.since(issue, request.form.get("seen_revision", type=int)) if message else []
    return render_template(
        "issues/compose.html", issue=issue, sections=SECTIONS, meta_form=meta_form or _meta_form(issue),
        conflict=message, query=query, results=results, in_issue=in_issue, rendered=rendered,
        edit_item=edit_item, override_form=override_form, search_args=_search_args(),
        close_args={k: v for k, v in _search_args().items() if k != "edit"},
        related_story=story, suggestions=suggestions, services=esp.accounts(),
        pushes={p.service: p for p in esp.pushes_of(issue)},
        size_warn=SIZE_WARN, size_limit=SIZE_LIMIT, profiles=PROFILES, formats=FORMATS, others=others,
        latest_revision=revisions.latest_id(issue), meanwhile=meanwhile,
        checks=preflight.check_issue(issue) if issue.status != "sent" else [], sections_in_use=sections_in_use,
    ), status


def _related_panel(issue: Issue) -> tuple[Any, list[Any]]:
    """« Du même sujet » for the story the editor picked (?related=<item>), else the lead story."""
    stories = issue.items_in("lead") + issue.items_in("news")
    wanted = request.args.get("related", type=int)
    story = next((i for i in stories if i.id == wanted), stories[0] if stories else None)
    if story is None:
        return None, []
    return story, suggest_related(story.article, exclude={i.article_id for i in issue.items})


def _search_args() -> dict[str, Any]:
    """The library search the editor had typed and its page (lp), the story whose suggestions are shown and the
    story whose per-issue text is open for editing, carried through every action on the compose page."""
    return {k: v for k, v in request.args.items() if k in ("q", "kind", "section", "tag", "lp", "related", "edit")}


def _back(issue: Issue) -> Any:
    return redirect(url_for("issues.compose", issue_id=issue.id, **_search_args()))


def _act(issue: Issue, action: Any, success: str | None = None, **fail: Any) -> Any:
    """Run one item action and answer: back to the page, or the page with what went wrong (409)."""
    try:
        action()
    except (StaleEdit, NotEditable, Conflict) as exc:
        return _compose(editing.get_issue(issue.id), 409, message=exc.message, **fail)
    if success:
        flash(success, "success")
    return _back(issue)


@bp.get("/issues")
def index() -> Any:
    issues = listing.list_issues()
    return render_template("issues/index.html", issues=issues, to_fix=listing.problems_to_fix(issues),
                           form=EmptyForm())


@bp.route("/issues/new", methods=["GET", "POST"])
def new() -> Any:
    form = IssueNewForm()
    if request.method == "GET":
        form.issue_date.data = date.today()
    if form.validate_on_submit():
        issue = editing.create_issue(
            editing.IssueData(title=form.title.data or "", issue_date=form.issue_date.data or date.today(),
                               language=form.language.data or "fr"),
            current_user,
        )
        flash(_("Issue created. Add stories from the library on the left."), "success")
        return redirect(url_for("issues.compose", issue_id=issue.id))
    return render_template("issues/new.html", form=form), 422 if form.errors else 200


@bp.get("/issues/<int:issue_id>")
def compose(issue_id: int) -> Any:
    return _compose(editing.get_issue(issue_id))


@bp.post("/issues/<int:issue_id>")
def save(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = IssueMetaForm()
    if not form.validate_on_submit():
        return _compose(issue, 422, meta_form=form)
    data = editing.IssueData(
        title=form.title.data or "", issue_date=form.issue_date.data or issue.issue_date,
        subject=form.subject.data or "", preheader=form.preheader.data or "", intro=form.intro.data or "",
        language=form.language.data or "fr",
    )
    try:
        editing.update_issue(issue, data, form.version.data, current_user)
    except (StaleEdit, NotEditable) as exc:
        issue = editing.get_issue(issue_id)
        if isinstance(exc, StaleEdit):
            form.version.data = issue.version  # saving again, knowingly, replaces their version
        return _compose(issue, 409, meta_form=form, message=exc.message)
    flash(_("Saved at %(time)s.", time=issue.updated_at.strftime("%H:%M")), "success")
    return _back(issue)


def _versioned(form_class: Any) -> Any:
    form = form_class()
    if not form.validate_on_submit():
        abort(400, _("The form was incomplete: %(errors)s", errors=form.errors))
    return form


@bp.post("/issues/<int:issue_id>/items")
def add_item(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(AddItemForm)
    return _act(issue, lambda: editing.add_item(
        issue, form.article_id.data, form.section.data, form.version.data, current_user))


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/move")
def move_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(MoveItemForm)
    return _act(issue, lambda: editing.move_item(
        issue, item_id, form.version.data, current_user, direction=form.direction.data or None,
        section=form.section.data or None, position=form.position.data))


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/remove")
def remove_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(MoveItemForm)
    return _act(issue, lambda: editing.remove_item(issue, item_id, form.version.data, current_user))


@bp.post("/issues/<int:issue_id>/items/<int:item_id>/override")
def override_item(issue_id: int, item_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = OverrideForm()
    if not form.validate_on_submit():
        return _compose(issue, 422, override_item=item_id, override_form=form)
    if "reset" in request.form:
        return _act(issue, lambda: editing.reset_override(issue, item_id, form.version.data, current_user),
                    _("Back to the library's title, teaser and image."))
    return _act(
        issue,
        lambda: editing.set_override(issue, item_id, form.version.data, current_user,
                                      form.title_override.data, form.teaser_override.data,
                                      form.image_override.data),
        None, override_item=item_id, override_form=form,
    )


@bp.post("/issues/<int:issue_id>/status")
def set_status(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(StatusForm)
    try:
        lifecycle.set_status(issue, form.status.data, form.version.data, current_user, current_brand())
    except (StaleEdit, NotEditable) as exc:
        return _compose(editing.get_issue(issue_id), 409, message=exc.message)
    except NotReady as exc:
        return _compose(editing.get_issue(issue_id), 422, message=exc.message)
    flash(_("The issue is now %(status)s.", status=lifecycle.status_label(issue.status)), "success")
    return redirect(url_for("issues.compose", issue_id=issue.id))


@bp.post("/issues/<int:issue_id>/duplicate")
def duplicate(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    copy = lifecycle.duplicate_issue(issue, current_user)
    flash(_("A new draft was made from « %(title)s ».", title=issue.title), "success")
    return redirect(url_for("issues.compose", issue_id=copy.id))


def _profile_arg() -> str:
    return get_profile(request.args.get("profile", "generic")).name


@bp.post("/issues/<int:issue_id>/push/<service>")
def push(issue_id: int, service: str) -> Any:
    issue = editing.get_issue(issue_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        result = esp.push_issue(issue, service, current_brand(), current_app.config)
    except DomainError as exc:
        flash(_("No campaign was created in %(service)s: %(reason)s", service=service, reason=exc.message), "error")
    else:
        flash(_("Draft campaign %(id)s is in %(service)s: %(url)s", id=result.campaign_id, service=service,
                url=result.url), "success")
    return redirect(url_for("issues.compose", issue_id=issue_id))


@bp.post("/issues/<int:issue_id>/send-test")
def send_test(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = SendTestForm()
    if form.validate_on_submit():
        try:
            sent = delivery.send_test(issue, [form.to.data or ""], current_brand(), current_app.config)
        except DomainError as exc:
            return preview(issue_id, send_form=form, send_error=exc.message, status=exc.status)
        flash(_("Test sent to %(addresses)s.", addresses=", ".join(sent)), "success")
    return redirect(url_for("issues.preview", issue_id=issue_id))


@bp.get("/issues/<int:issue_id>/preview")
def preview(issue_id: int, send_form: SendTestForm | None = None, send_error: str | None = None,
            status: int = 200) -> Any:
    issue = editing.get_issue(issue_id)
    profile = _profile_arg()
    view = request.args.get("view", "desktop")
    if view not in ("desktop", "mobile", "text"):
        view = "desktop"
    rendered = render_issue(issue, profile, current_brand())
    return render_template("issues/preview.html", issue=issue, rendered=rendered, view=view, profile=profile,
                           profiles=PROFILES, size_warn=SIZE_WARN, size_limit=SIZE_LIMIT,
                           send_form=send_form or SendTestForm(), send_error=send_error), status


@bp.get("/issues/<int:issue_id>/preview/email")
def preview_email(issue_id: int) -> Any:
    """The bare email for the preview iframe, sandboxed: no script runs, no form posts."""
    rendered = render_issue(editing.get_issue(issue_id), _profile_arg(), current_brand())
    response = Response(rendered.html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src https: data:; " \
        "style-src 'unsafe-inline'; frame-ancestors 'self'"
    return response


@bp.get("/issues/<int:issue_id>/export")
def export(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    profile = _profile_arg()
    fmt = request.args.get("format")
    if fmt is None:
        rendered = render_issue(issue, profile, current_brand())
        return render_template("issues/export.html", issue=issue, rendered=rendered, profile=profile,
                               findings=lint_email(rendered.html),
                               checks=preflight.check_issue(issue) if issue.status != "sent" else [],
                               profiles=PROFILES, formats=FORMATS, size_warn=SIZE_WARN, size_limit=SIZE_LIMIT)
    exported = export_issue(issue, fmt, profile, current_brand())
    response = Response(exported.content, mimetype=exported.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@bp.post("/issues/<int:issue_id>/presence", endpoint="presence")
def heartbeat(issue_id: int) -> Any:
    """The compose page's heartbeat: still here; who else is?"""
    others = presence.mark_present(editing.get_issue(issue_id), current_user)
    return jsonify(others=[{"name": p.user.display_name, "seen_at": p.seen_at.isoformat() + "Z"} for p in others])


@bp.post("/issues/<int:issue_id>/delete")
def delete(issue_id: int) -> Any:
    """Move an issue to the trash: administrators only, as in the API."""
    if not current_user.is_admin:
        abort(403, _("Only administrators can delete issues."))
    issue = editing.get_issue(issue_id)
    form = _versioned(VersionedForm)
    try:
        lifecycle.trash_issue(issue, form.version.data, current_user)
    except (StaleEdit, NotEditable) as exc:
        return _compose(editing.get_issue(issue_id), 409, message=exc.message)
    flash(_("« %(title)s » is in the trash; you can restore it there for %(days)s days.", title=issue.title,
            days=TRASH_DAYS), "success")
    return redirect(url_for("issues.index"))


@bp.get("/issues/<int:issue_id>/history")
def history(issue_id: int, message: str | None = None, status: int = 200) -> Any:
    issue = editing.get_issue(issue_id)
    return render_template("history.html", subject=issue, entries=revisions.history(issue=issue),
                           back=url_for("issues.compose", issue_id=issue.id), can_restore=issue.is_editable,
                           restore_endpoint="issues.restore_revision", ids={"issue_id": issue.id},
                           conflict=message), status


@bp.post("/issues/<int:issue_id>/history/<int:revision_id>/restore")
def restore_revision(issue_id: int, revision_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    form = _versioned(VersionedForm)
    try:
        missing = editing.restore_revision(issue, revision_id, form.version.data, current_user)
    except (StaleEdit, NotEditable) as exc:
        return history(issue_id, exc.message, 409)
    flash(_("Revision #%(id)s is back, saved as a new revision.", id=revision_id), "success")
    if missing:
        flash(_("Not brought back (article deleted or in the trash): %(titles)s",
                titles=", ".join(f"« {t} »" for t in missing)), "error")
    return redirect(url_for("issues.compose", issue_id=issue_id))

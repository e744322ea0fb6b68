"""Issue pages: the list, the compose workspace, item actions, status, preview and export."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from composer import library, revisions
from composer.delivery import esp
from composer.delivery import smtp as delivery
from composer.domain import Status
from composer.email.brand import current_brand
from composer.email.export import FORMATS, export_issue
from composer.email.images import weigh
from composer.email.lint import lint_email
from composer.email.profiles import PROFILES, get_profile
from composer.email.render import render_issue
from composer.errors import DomainError, InvalidInput, NotEditable, NotReady, StaleEdit
from composer.ingest import images as measure_images
from composer.issues import editing, lifecycle, listing, merging, newsletters, preflight, presence
from composer.issues.compose_page import PageState, build_compose_page
from composer.jobs.queue import start_job
from composer.models import Issue
from composer.sanitize import html_to_editable
from composer.trash import TRASH_DAYS
from composer.views.forms import (
    EmptyForm,
    IssueMetaForm,
    IssueNewForm,
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


def _page_state(override_item: int | None = None) -> PageState:
    """The panes the editor has open, as the query string says (see _search_args); a refused per-issue text
    keeps its story open."""
    return PageState(
        query=search_query_from_args(),
        library_page=min(max(1, request.args.get("lp", 1, type=int) or 1), library.MAX_PAGE),
        related=request.args.get("related", type=int), edit=request.args.get("edit", type=int) or override_item,
    )


def _compose(
    issue: Issue, status: int = 200, meta_form: IssueMetaForm | None = None, message: str | None = None,
    override_item: int | None = None, override_form: OverrideForm | None = None,
    originals: dict[str, str | None] | None = None, field_conflicts: list[merging.FieldConflict] | None = None,
) -> Any:
    """The compose page, for the GET and for an action refused with `message` (409) or a form's errors (422):
    the editor's typing is in the form given back, what changed since their page in the conflict box."""
    page = build_compose_page(issue, current_user, current_brand(), _page_state(override_item),
                              seen_revision=request.form.get("seen_revision", type=int) if message else None)
    search_args = _search_args()
    return render_template(
        "issues/compose.html", page=page, issue=issue, meta_form=meta_form or _meta_form(issue), conflict=message,
        override_form=override_form, search_args=search_args, focus=request.args.get("focus"),
        originals=_loaded_values(issue, originals), field_conflicts=field_conflicts or [],
        undo=session.pop("undo", None) if status == 200 else None,
        close_args={k: v for k, v in search_args.items() if k != "edit"}, size_warn=SIZE_WARN, size_limit=SIZE_LIMIT,
        image_weight=weigh(page.rendered.html),
    ), status


def _loaded_values(issue: Issue, originals: dict[str, str | None] | None) -> dict[str, str]:
    """The details form's "original" values: what it was loaded with, else what is saved now."""
    now = merging.current_values(issue)
    return {name: value if value is not None else now[name] for name, value in (originals or now).items()}


def _search_args() -> dict[str, Any]:
    """The library search the editor had typed and its page (lp), the story whose suggestions are shown and the
    story whose per-issue text is open for editing, carried through every action on the compose page."""
    return {k: v for k, v in request.args.items() if k in ("q", "kind", "section", "tag", "lp", "related", "edit")}


@bp.get("/issues")
def index() -> Any:
    shown = request.args.get("newsletter", type=int)
    issues = listing.list_issues(shown)
    return render_template("issues/index.html", issues=issues, to_fix=listing.problems_to_fix(issues),
                           form=EmptyForm(), newsletters=newsletters.list_newsletters(), shown=shown)


@bp.route("/issues/new", methods=["GET", "POST"])
def new() -> Any:
    form = IssueNewForm()
    form.newsletter.choices = [(n.id, n.name) for n in newsletters.list_newsletters()] or [
        (newsletters.default_newsletter().id, newsletters.default_newsletter().name)]
    if request.method == "GET":
        form.issue_date.data = date.today()
        form.newsletter.data = request.args.get("newsletter", type=int) or form.newsletter.choices[0][0]
    if form.validate_on_submit():
        try:
            issue = editing.create_issue(
                editing.IssueData(title=form.title.data or "", issue_date=form.issue_date.data or date.today(),
                                   language=form.language.data or None, newsletter_id=form.newsletter.data or None),
                current_user,
            )
        except InvalidInput as exc:
            form.newsletter.errors = [exc.message]
            return render_template("issues/new.html", form=form), 422
        flash(_("Issue created. Add stories from the library on the left."), "success")
        return redirect(url_for("issues.compose", issue_id=issue.id))
    return render_template("issues/new.html", form=form), 422 if form.errors else 200


@bp.get("/issues/<int:issue_id>")
def compose(issue_id: int) -> Any:
    return _compose(editing.get_issue(issue_id))


def _versioned(form_class: Any) -> Any:
    form = form_class()
    if not form.validate_on_submit():
        abort(400, _("The form was incomplete: %(errors)s", errors=form.errors))
    return form


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
    flash(_("The issue is now %(status)s.", status=Status.of(issue.status).in_sentence), "success")
    if issue.status == Status.READY.value and current_app.config["LINK_CHECK_ON_READY"]:
        # Its links checked before it goes: broken ones join « Avant l’envoi ».
        start_job("links", {}, current_user, issue_id=issue.id)
    return redirect(url_for("issues.compose", issue_id=issue.id))


@bp.post("/issues/<int:issue_id>/check-links")
def check_links(issue_id: int) -> Any:
    """Check every link of the issue now, in the worker; the compose page follows the check."""
    issue = editing.get_issue(issue_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    start_job("links", {}, current_user, issue_id=issue.id)
    return redirect(url_for("issues.compose", issue_id=issue.id, _anchor="checks-title"), 303)


@bp.post("/issues/<int:issue_id>/duplicate")
def duplicate(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    target = request.form.get("newsletter_id", type=int)
    copy = lifecycle.duplicate_issue(issue, current_user,
                                     newsletters.get_newsletter(target) if target else None)
    if copy.newsletter is not issue.newsletter:
        flash(_("A new draft of « %(newsletter)s » was made from « %(title)s »; its stories are in the sections "
                "of the same name that take them.", newsletter=copy.newsletter.name, title=issue.title), "success")
    else:
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
            return _preview_page(issue, send_form=form, send_error=exc.message, status=exc.status)
        flash(_("Test sent to %(addresses)s.", addresses=", ".join(sent)), "success")
    return redirect(url_for("issues.preview", issue_id=issue_id))


@bp.get("/issues/<int:issue_id>/preview")
def preview(issue_id: int) -> Any:
    return _preview_page(editing.get_issue(issue_id))


def _preview_page(issue: Issue, send_form: SendTestForm | None = None, send_error: str | None = None,
                  status: int = 200) -> Any:
    """The preview page, also shown again by a refused test send with its reason. Its options are query
    parameters (view, dark, images, profile): every one is a link or a GET form, JavaScript only shortens them."""
    profile = _profile_arg()
    view = request.args.get("view", "desktop")
    if view not in ("desktop", "mobile", "text"):
        view = "desktop"
    options = {"profile": profile, "view": view, "dark": "1" if request.args.get("dark") == "1" else None,
               "images": "0" if request.args.get("images") == "0" else None}
    brand = current_brand()
    rendered = render_issue(issue, profile, brand)
    return render_template("issues/preview.html", issue=issue, rendered=rendered, view=view, profile=profile,
                           options=options, sender=brand.publication_name, sender_email=brand.sender_email,
                           profiles=PROFILES, size_warn=SIZE_WARN, size_limit=SIZE_LIMIT,
                           send_form=send_form or SendTestForm(), send_error=send_error,
                           image_weight=weigh(rendered.html)), status


# Dark mode shown as a client in dark mode shows it: the email's own dark rules, applied whatever the system's.
_DARK_RULES = "@media (prefers-color-scheme: dark)"


@bp.get("/issues/<int:issue_id>/preview/email")
def preview_email(issue_id: int) -> Any:
    """The bare email for the preview iframe, sandboxed: no script runs, no form posts. `dark=1` applies its dark
    rules; `images=0` blocks its images (the CSP), so the alt texts show, as in a client that hides images."""
    rendered = render_issue(editing.get_issue(issue_id), _profile_arg(), current_brand())
    html = rendered.html
    if request.args.get("dark") == "1":
        html = html.replace(_DARK_RULES, "@media all").replace("<head>", '<head><meta name="color-scheme" '
                                                                         'content="dark">', 1)
    images = "'none'" if request.args.get("images") == "0" else "https: data:"
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = f"sandbox; default-src 'none'; img-src {images}; " \
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
                               checks=preflight.check_issue(issue) if issue.status != Status.SENT else [],
                               profiles=PROFILES, formats=FORMATS, size_warn=SIZE_WARN, size_limit=SIZE_LIMIT,
                               image_weight=weigh(rendered.html))
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
def history(issue_id: int) -> Any:
    return _history_page(editing.get_issue(issue_id))


def _history_page(issue: Issue, message: str | None = None, status: int = 200) -> Any:
    """The issue's history, also shown again by a refused restore with its reason."""
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
        return _history_page(editing.get_issue(issue_id), exc.message, 409)
    flash(_("Revision #%(id)s is back, saved as a new revision.", id=revision_id), "success")
    measure_images.issue_images(issue, current_app.config)
    if missing:
        flash(_("Not brought back (article deleted or in the trash): %(titles)s",
                titles=", ".join(f"« {t} »" for t in missing)), "error")
    return redirect(url_for("issues.compose", issue_id=issue_id))

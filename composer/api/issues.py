"""API: issues, their items, status and rendering — the same services and render path as the web."""
from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask.views import MethodView
from flask_babel import gettext as _

from composer.api import api_user, bp, documented, expected_version, fail
from composer.api.schemas import (
    IssueIn,
    IssueList,
    IssueOut,
    IssuePatch,
    ItemIn,
    ItemOut,
    ItemPatch,
    RenderQuery,
    StatusIn,
    VersionIn,
)
from composer.domain import Status
from composer.email.brand import current_brand
from composer.email.export import export_issue
from composer.ingest import images
from composer.issues import editing, lifecycle, listing
from composer.jobs.queue import start_job
from composer.models import Issue, IssueItem

OVERRIDES = ("title_override", "teaser_override", "image_override", "image_override_alt")


def _data(values: dict[str, Any], base: Issue | None = None) -> editing.IssueData:
    def pick(name: str, attribute: str | None = None) -> Any:
        return values[name] if name in values else getattr(base, attribute or name)

    if base is None:
        return editing.IssueData(title=values["title"], issue_date=values["date"], subject=values["subject"],
                                  preheader=values["preheader"], intro=values["intro"], language=values["language"],
                                  newsletter_id=values["newsletter_id"])
    return editing.IssueData(title=pick("title"), issue_date=pick("date", "issue_date"), subject=pick("subject"),
                              preheader=pick("preheader"), intro=pick("intro"), language=pick("language"))


@bp.route("/issues")
class Issues(MethodView):
    @bp.response(200, IssueList)
    @documented()
    def get(self) -> Any:
        """Every issue, newest first."""
        return {"items": listing.list_issues()}

    @bp.arguments(IssueIn)
    @bp.response(201, IssueOut)
    @documented(400, 422)
    def post(self, values: dict[str, Any]) -> Any:
        """Create a draft issue."""
        return editing.create_issue(_data(values), api_user())


@bp.route("/issues/<int:issue_id>")
class IssueResource(MethodView):
    @bp.response(200, IssueOut)
    @documented(404)
    def get(self, issue_id: int) -> Any:
        """The issue with its items in order (section, position, overrides) and its version."""
        return editing.get_issue(issue_id)

    @bp.arguments(IssuePatch(partial=True))
    @bp.response(200, IssueOut)
    @documented(400, 404, 409, 412, 422, 428)
    def patch(self, values: dict[str, Any], issue_id: int) -> Any:
        """Change subject, preheader, intro, title, date or language of a draft (If-Match or version)."""
        issue = editing.get_issue(issue_id)
        version = expected_version(values)
        return editing.update_issue(issue, _data(values, issue), version, api_user())

    @bp.arguments(VersionIn)
    @bp.response(204)
    @documented(400, 403, 404, 409, 412, 422, 428)
    def delete(self, values: dict[str, Any], issue_id: int) -> None:
        """Move a draft or ready issue to the trash (administrators only; restorable for 30 days on the
        Trash page); a sent issue stays (409)."""
        if api_user().role != "admin":
            fail(403, _("Only administrators can delete issues."))
        issue = editing.get_issue(issue_id)
        version = expected_version(values)
        lifecycle.trash_issue(issue, version, api_user())


def item_or_404(issue: Issue, item_id: int) -> IssueItem:
    for item in issue.items:
        if item.id == item_id:
            return item
    fail(404, _("This item is no longer in the issue."))


@bp.route("/issues/<int:issue_id>/items")
class Items(MethodView):
    @bp.arguments(ItemIn)
    @bp.response(201, ItemOut)
    @documented(400, 404, 409, 412, 422, 428)
    def post(self, values: dict[str, Any], issue_id: int) -> Any:
        """Add a library article to a section, at a position (default: last), with optional overrides."""
        issue = editing.get_issue(issue_id)
        version = expected_version(values)

        overrides = {k: values[k] for k in OVERRIDES if values[k] is not None}
        item = editing.add_item(issue, values["article_id"], values["section"], version, api_user(),
                                position=values["position"], overrides=overrides)
        images.issue_images(issue, current_app.config)  # a top story's image size, for the email
        return item


@bp.route("/issues/<int:issue_id>/items/<int:item_id>")
class ItemResource(MethodView):
    @bp.arguments(ItemPatch)
    @bp.response(200, ItemOut)
    @documented(400, 404, 409, 412, 422, 428)
    def patch(self, values: dict[str, Any], issue_id: int, item_id: int) -> Any:
        """Move (section and/or position) and/or change the overrides of an item."""
        issue = editing.get_issue(issue_id)
        version = expected_version(values)
        item_or_404(issue, item_id)
        overrides = {k: values[k] for k in OVERRIDES if k in values}
        item = editing.update_item(issue, item_id, version, api_user(), section=values.get("section"),
                                   position=values.get("position"), overrides=overrides)
        images.issue_images(issue, current_app.config)
        return item

    @bp.arguments(VersionIn)
    @bp.response(204)
    @documented(400, 404, 409, 412, 422, 428)
    def delete(self, values: dict[str, Any], issue_id: int, item_id: int) -> None:
        issue = editing.get_issue(issue_id)
        version = expected_version(values)
        item_or_404(issue, item_id)
        editing.remove_item(issue, item_id, version, api_user())


@bp.route("/issues/<int:issue_id>/status", methods=["POST"])
@bp.arguments(StatusIn)
@bp.response(200, IssueOut)
@documented(400, 404, 409, 412, 422, 428)
def set_status(values: dict[str, Any], issue_id: int) -> Any:
    """draft → ready → sent; ready → draft. Sending freezes the rendered email forever."""
    issue = editing.get_issue(issue_id)
    version = expected_version(values)
    issue = lifecycle.set_status(issue, values["status"], version, api_user(), current_brand())
    if issue.status == Status.READY.value and current_app.config["LINK_CHECK_ON_READY"]:
        start_job("links", {}, api_user(), issue_id=issue.id)  # broken links join its checks
    return issue


@bp.route("/issues/<int:issue_id>/render", methods=["GET"])
@bp.arguments(RenderQuery, location="query")
@bp.response(200, content_type="text/html", description="text/html, text/plain or message/rfc822")
@bp.alt_response(200, content_type="text/plain", success=True, description="format=text")
@bp.alt_response(200, content_type="message/rfc822", success=True, description="format=eml")
@documented(404, 422)
def render(args: dict[str, Any], issue_id: int) -> Any:
    """The email as recipients get it, from the same render path as preview and export."""
    issue = editing.get_issue(issue_id)
    exported = export_issue(issue, args["format"], args["profile"], current_brand())
    return Response(exported.content, mimetype=exported.mimetype)

"""API: newsletters — their sections and design (listed by anyone with a token, changed by administrators)."""
from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from flask import request
from flask.views import MethodView
from flask_babel import gettext as _

from composer.api import api_user, bp, documented, fail
from composer.api.schemas import NewsletterIn, NewsletterList, NewsletterOut, NewsletterPatch
from composer.issues import newsletters

FIELDS = tuple(f.name for f in dataclass_fields(newsletters.NewsletterData))


def _admin() -> None:
    if api_user().role != "admin":
        fail(403, _("Only administrators can create or change newsletters."))


def _version(values: dict[str, Any]) -> int | None:
    """The version the client read, if it says (If-Match or a version field): a newer one answers 412."""
    header = request.headers.get("If-Match", "").strip().strip('"').removeprefix('W/"').strip('"')
    value = values.pop("version", None)
    if header and not header.isdigit():
        fail(400, _("If-Match must be the newsletter's version, for example \"3\"."))
    return int(header) if header else value


@bp.route("/newsletters")
class Newsletters(MethodView):
    @bp.response(200, NewsletterList)
    @documented()
    def get(self) -> Any:
        """Every newsletter, the first first."""
        return {"items": newsletters.list_newsletters()}

    @bp.arguments(NewsletterIn)
    @bp.response(201, NewsletterOut)
    @documented(400, 403, 422)
    def post(self, values: dict[str, Any]) -> Any:
        """Create a newsletter (administrators)."""
        _admin()
        return newsletters.create_newsletter(newsletters.NewsletterData(**values))


@bp.route("/newsletters/<int:newsletter_id>")
class NewsletterResource(MethodView):
    @bp.response(200, NewsletterOut)
    @documented(404)
    def get(self, newsletter_id: int) -> Any:
        """One newsletter: its sections in order and its design, every option as it applies."""
        return newsletters.get_newsletter(newsletter_id)

    @bp.arguments(NewsletterPatch(partial=True))
    @bp.response(200, NewsletterOut)
    @documented(400, 403, 404, 412, 422)
    def patch(self, values: dict[str, Any], newsletter_id: int) -> Any:
        """Change a newsletter (administrators): only the fields sent. A design sent replaces the design."""
        _admin()
        newsletter = newsletters.get_newsletter(newsletter_id)
        version = _version(values)
        data = newsletters.data_of(newsletter)
        for name in FIELDS:
            if name in values:
                setattr(data, name, values[name])
        return newsletters.update_newsletter(newsletter, data, version)

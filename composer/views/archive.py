"""The public web archive of sent issues (/archive/): readable without login; "view in browser" lands here."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from composer.domain import Status
from composer.email.brand import current_brand
from composer.email.images import PUBLIC_PATH, EmailImage
from composer.extensions import db
from composer.issues import editing, newsletters
from composer.models import Issue, Newsletter, SentCopy
from composer.views.forms import EmptyForm
from composer.views.users import admin_required

bp = Blueprint("archive", __name__)
PUBLIC = {"archive.index", "archive.show", "archive.feed", "archive.email_image", "archive.newsletter_index",
          "archive.newsletter_feed"}


def public_url(endpoint: str, **values: Any) -> str:
    """The address of an archive page for readers: from PUBLIC_URL, or the request's host when TRUSTED_HOSTS
    vouches for it; otherwise a path (never a host a client chose with its Host header)."""
    base = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    if current_app.config.get("TRUSTED_HOSTS"):
        return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, **values)


def feed_id(endpoint: str, **values: Any) -> str:
    """An Atom id must be an absolute IRI: the public address, else a tag URI built on the path."""
    address = public_url(endpoint, **values)
    return address if "://" in address else f"tag:composer,2026:{address}"


def published(on: date | None = None, newsletter: Newsletter | None = None) -> list[Issue]:
    """Sent issues on the archive (of one day, of one newsletter, if given), newest first. Drafts and ready
    issues never."""
    stmt = select(Issue).where(Issue.status == Status.SENT.value, Issue.in_archive.is_(True))
    if on is not None:
        stmt = stmt.where(Issue.issue_date == on)
    if newsletter is not None:
        stmt = stmt.where(Issue.newsletter_id == newsletter.id)
    return list(db.session.scalars(stmt.order_by(Issue.issue_date.desc(), Issue.id.desc())))


@bp.get("/archive/")
def index() -> Any:
    brand = current_brand()
    return render_template("archive/index.html", issues=published(), heading=brand.publication_name,
                           feed=url_for("archive.feed"), newsletters=newsletters.list_newsletters(), lang="fr")


def _newsletter_or_404(slug: str) -> Newsletter:
    newsletter = newsletters.by_slug(slug)
    if newsletter is None:
        abort(404, _("There is no newsletter at this address."))
    return newsletter


@bp.get("/archive/<slug>/")
def newsletter_index(slug: str) -> Any:
    """One newsletter's sent issues, with its own feed."""
    newsletter = _newsletter_or_404(slug)
    return render_template("archive/index.html", issues=published(newsletter=newsletter), heading=newsletter.name,
                           feed=url_for("archive.newsletter_feed", slug=slug), newsletters=[],
                           lang=newsletter.language)


@bp.get("/archive/<slug>/feed.xml")
def newsletter_feed(slug: str) -> Any:
    newsletter = _newsletter_or_404(slug)
    body = render_template("archive/feed.xml", issues=published(newsletter=newsletter)[:50], title=newsletter.name,
                           self_endpoint=("archive.newsletter_feed", {"slug": slug}),
                           home=("archive.newsletter_index", {"slug": slug}), lang=newsletter.language,
                           public_url=public_url, feed_id=feed_id)
    return Response(body, mimetype="application/atom+xml")


@bp.get("/archive/<key>")
def show(key: str) -> Any:
    try:
        day = date.fromisoformat(key[:10])
    except ValueError:
        abort(404, _("There is no published issue at this address."))
    issue = next((i for i in published(on=day) if i.archive_key == key), None)
    if issue is None:
        abort(404, _("There is no published issue at this address."))
    copy = db.session.scalar(select(SentCopy).where(SentCopy.issue_id == issue.id, SentCopy.profile == "generic"))
    if copy is None:
        abort(404)
    response = Response(copy.html, mimetype="text/html")  # the email exactly as it was sent
    response.headers["Content-Security-Policy"] = "sandbox allow-popups allow-popups-to-escape-sandbox; " \
        "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"
    return response


@bp.get(f"{PUBLIC_PATH}<key>")
def email_image(key: str) -> Any:
    """An image as the email shows it (composer/email/renditions.py): public, for mail clients. Its name is
    a hash of its content, so it never changes and may be cached for good."""
    image = db.session.scalar(select(EmailImage).where(EmailImage.key == key))
    if image is None:
        abort(404, _("There is no such image."))
    response = Response(image.content, mimetype=image.content_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/archive/feed.xml")
def feed() -> Any:
    body = render_template("archive/feed.xml", issues=published()[:50], title=current_brand().publication_name,
                           self_endpoint=("archive.feed", {}), home=("archive.index", {}), lang="fr",
                           public_url=public_url, feed_id=feed_id)
    return Response(body, mimetype="application/atom+xml")


@bp.post("/issues/<int:issue_id>/archive")
@admin_required
def toggle(issue_id: int) -> Any:
    issue = editing.get_issue(issue_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    issue.in_archive = not issue.in_archive
    db.session.commit()
    flash(_("The issue is on the public archive.") if issue.in_archive
          else _("The issue is no longer on the public archive."), "success")
    return redirect(url_for("issues.compose", issue_id=issue.id))

"""A form sent when its session has ended (signed out elsewhere, expired, revoked): instead of a bare 400 or a
redirect that drops the text, the page says so in the interface language and gives the text back, in a form
that sends it again once the editor has logged in again."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

HIDDEN = {"version", "seen_revision", "action_key", "article_id", "section", "position", "direction", "at",
          "status", "take", "keep", "reset"}
LABELS = {"subject": _l("Subject"), "preheader": _l("Preheader"), "title": _l("Title"), "intro": _l("Intro"),
          "title_override": _l("Title in this issue"), "teaser_override": _l("Teaser in this issue"),
          "image_override": _l("Image URL in this issue"), "lead": _l("Lead (chapô)"), "body": _l("Body"),
          "issue_date": _l("Issue date"), "language": _l("Language")}


def is_form_post() -> bool:
    return request.method == "POST" and not request.path.startswith("/api/") and request.path != "/login"


def sent_from_this_site() -> bool:
    """Whether the browser says the form was on one of our own pages (Sec-Fetch-Site, else Origin or Referer).
    A form from another site that arrives without a session is a forgery, never an editor's lost text: it must
    not come back in a form holding a valid token, which one click would send as the editor."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(origin) and urlsplit(origin).netloc == request.host


def session_ended_page(logged_in: bool) -> Any:
    """The page for a form whose session is gone; `logged_in`: the editor has a new session since the page
    the form came from (sending it again from here works). A form from another site gets a refusal that
    sends nothing again."""
    if not sent_from_this_site():
        return render_template("error.html", code=403, message=_(
            "This form was not sent from a Composer page: nothing was done. If you were filling it in, open "
            "the page again from Composer.")), 403
    typed, hidden = [], []
    for name, value in request.form.items(multi=True):
        if name == "csrf_token" or name in ("password",):
            continue
        if name in HIDDEN or name.startswith("original_") or "\n" not in value and name not in LABELS:
            hidden.append((name, value))
        else:
            typed.append((name, value))
    message = _("This page was opened before you logged in again: nothing was saved yet. What you typed is "
                "below; send it again.") if logged_in else \
        _("You were logged out (the session expired or was closed): nothing was saved. What you typed is "
          "below. Log in again in a new tab, then send it again from here.")
    return render_template("session_ended.html", message=message, typed=typed, hidden=hidden, labels=LABELS,
                           action=request.full_path.rstrip("?")), 401

"""Web blueprints: thin views that parse the request, call a service and render or redirect."""
from __future__ import annotations

import secrets
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from composer.domain import Kind, Role, Section, Status
from composer.errors import DomainError
from composer.revisions import action_label, quoted
from composer.text import match_spans


def same_site_path(target: str | None) -> str | None:
    """target if it is a path on this site, to go back to after a form (?next=); never another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not urlsplit(target).netloc:
        return target
    return None


def register(app: Flask) -> None:
    from composer.views import (
        archive,
        auth,
        editor_assets,
        health,
        imports,
        issues,
        library,
        newsletters,
        settings,
        trash,
        users,
        workspace,
    )

    if workspace.bp is not issues.bp:  # the workspace's actions are routes of the issues blueprint
        raise RuntimeError("composer.views.workspace must add its routes to the issues blueprint")

    for module in (auth, health, library, issues, newsletters, imports, users, settings, archive, trash,
                   editor_assets):
        app.register_blueprint(module.bp)

    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.globals["action_label"] = action_label
    app.jinja_env.filters["quoted"] = quoted
    app.jinja_env.globals["action_key"] = lambda: secrets.token_urlsafe(16)  # one per form: applied once
    app.jinja_env.globals.update(Section=Section, Status=Status, Kind=Kind, Role=Role)
    app.jinja_env.globals["public_url"] = archive.public_url
    app.jinja_env.globals.update(rich_text_available=editor_assets.rich_text_available,
                                 rich_text_lang=editor_assets.rich_text_lang)
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["kb"] = lambda size: format_decimal(size / 1024, "0.0")  # 14,9 in French, 14.9 in English

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Any:
        from composer.api import domain_error as api_domain_error
        from composer.api import is_api_request

        if is_api_request():
            return api_domain_error(exc)
        return render_template("error.html", code=exc.status, message=exc.message), exc.status

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        from flask_login import current_user

        from composer.views.session_ended import is_form_post, session_ended_page

        session_gone = "session token" in (exc.description or "") or "do not match" in (exc.description or "")
        if is_form_post() and (session_gone or not current_user.is_authenticated):
            # the form's session is gone, or the form came from before the editor logged in again
            return session_ended_page(logged_in=current_user.is_authenticated)
        return render_template("error.html", code=400, message=_("This request could not be checked (its "
                                                                 "security token is missing or out of date): "
                                                                 "reload the page and try again.")), 400

    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)

    @app.after_request
    def security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'self'; form-action 'self'",
        )
        return response


def _server_error(exc: InternalServerError) -> Any:
    """A bug: logged with an id the editor can quote; nothing of the internals is shown."""
    from composer.api import error_response, is_api_request

    request_id = uuid.uuid4().hex[:10]
    original = getattr(exc, "original_exception", None) or exc
    current_app.logger.error("request %s failed: %s %s", request_id, request.method, request.path,
                             exc_info=(type(original), original, original.__traceback__))
    message = _("Something went wrong on our side. Nothing you saved is lost; if it happens again, give "
                "this reference to your administrator: %(id)s", id=request_id)
    if is_api_request():
        return error_response(500, message, request_id=request_id)
    return render_template("error.html", code=500, message=message), 500


def _http_error(exc: HTTPException) -> Any:
    """Every HTTP error: JSON under /api/ (with webargs' field messages), a page in the app's layout elsewhere."""
    from composer.api import error_response, is_api_request

    code = exc.code or 500
    if isinstance(exc, SecurityError):  # a Host outside TRUSTED_HOSTS: no URL can be built for the page's layout
        return current_app.response_class(exc.description, code, mimetype="text/plain")
    if is_api_request():
        messages = (getattr(exc, "data", None) or {}).get("messages")
        fields = None
        if isinstance(messages, dict):
            fields = {k: v for location in messages.values() if isinstance(location, dict)
                      for k, v in location.items()} or messages
        return error_response(code, exc.description or exc.name, fields)
    message = exc.description
    if message == type(exc).description:  # Werkzeug's own words, in English: say it in the interface language
        message = {404: _("There is nothing at this address (%(path)s): the link may be old or mistyped.",
                          path=request.path),
                   405: _("This address cannot be used this way."),
                   403: _("You are not allowed to do this."),
                   413: _("What was sent is too large."),
                   429: _("Too many attempts: wait a moment, then try again.")}.get(
            code, _("The request could not be handled (error %(code)s).", code=code))
    return render_template("error.html", code=code, message=message, path=request.path), code


def highlight(text: str, terms: list[str]) -> Markup:
    """The text, escaped, with the searched words marked (accents and case ignored)."""
    out, last = [], 0
    for start, end in match_spans(text, terms):
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)

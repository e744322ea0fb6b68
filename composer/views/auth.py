"""Login, logout and the user's own account settings."""
from __future__ import annotations

import functools
import secrets
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from composer.accounts import sessions
from composer.accounts import users as accounts
from composer.accounts.tokens import create_token, revoke_token, tokens_of
from composer.errors import DomainError
from composer.extensions import db, limiter, login_manager
from composer.models import User
from composer.views import same_site_path
from composer.views.forms import AccountForm, EmptyForm, LoginForm, PasswordForm, TokenForm

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The session's user, while the session exists on the server and the user is not disabled."""
    return sessions.user_of_current(user_id)


@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def _safe_next(target: str | None) -> str:
    return same_site_path(target) or url_for("library.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: str(current_app.config["LOGIN_RATE_LIMIT"]), methods=["POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("library.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            # The same work as for a known email, so the answer's timing does not tell which emails exist.
            check_password_hash(_dummy_hash(), form.password.data or "")
        elif user.check_password(form.password.data or ""):
            if not user.is_active:
                flash(_("This account is disabled; ask an administrator."), "error")
                return render_template("auth/login.html", form=form), 401
            sessions.begin(user)
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong email or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Any:
    if EmptyForm().validate_on_submit():
        sessions.end_current()
        logout_user()
        session.clear()
        g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account() -> Any:
    form = AccountForm(language=current_user.language or "")
    if form.validate_on_submit():
        current_user.language = form.language.data or None
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    """Change one's own password (the current one first); the other sessions end, this one goes on."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data or "", form.new_password.data or "")
        except DomainError as exc:
            target = form.current_password if "current_password" in exc.fields else form.new_password
            target.errors = [*target.errors, exc.message]
        else:
            user = current_user._get_current_object()
            sessions.begin(user)
            login_user(user)
            flash(_("Your password is changed; your other sessions are closed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens() -> Any:
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        if current_user.check_password(form.password.data or ""):
            _token, secret = create_token(current_user, form.name.data or "")
        else:
            form.password.errors = [*form.password.errors, _("The current password is not right.")]
    return render_template("auth/tokens.html", form=form, tokens=tokens_of(current_user), secret=secret,
                           revoke_form=EmptyForm()), 422 if form.errors else 200


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Any:
    if EmptyForm().validate_on_submit():
        revoke_token(current_user, token_id)
        flash(_("The token is revoked: it no longer opens the API."), "success")
    return redirect(url_for("auth.tokens"))


@bp.get("/api/docs")
@login_required
def api_docs() -> Any:
    """Human-readable API reference, rendered from the same OpenAPI document the API serves."""
    spec = current_app.extensions["composer_api"].spec.to_dict()
    return render_template("api_docs.html", spec=spec)

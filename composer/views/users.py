"""User management for administrators."""
from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer.accounts import users as accounts
from composer.errors import DomainError
from composer.extensions import db, get_by_id
from composer.models import User
from composer.views.forms import EmptyForm, UserForm

bp = Blueprint("users", __name__)


def admin_required(view: Any) -> Any:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated or not current_user.is_admin:
            abort(403, _("Only administrators can open this page (%(page)s).", page=request.path))
        return view(*args, **kwargs)

    return wrapper


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def index() -> Any:
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.email.data or "", form.password.data or "", form.role.data or "editor", form.name.data or ""
            )
        except DomainError as exc:
            target = form.password if "password" in exc.fields else form.email
            target.errors = [*target.errors, exc.message]
        else:
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("users.index"))
    status = 422 if form.errors else 200
    return _page(form, status)


def _page(form: UserForm | None = None, status: int = 200) -> Any:
    return render_template("users/index.html", form=form or UserForm(formdata=None), users=accounts.list_users(),
                           role_form=EmptyForm(), tokens=accounts.token_counts()), status


def _user_or_404(user_id: int) -> User:
    user = get_by_id(User, user_id)
    if user is None:
        abort(404)
    return user  # type: ignore[no-any-return]


def _action(user_id: int, action: Any, done: Any) -> Any:
    """One admin action on a user (a one-button form): a message and back to the list, or the reason why not."""
    user = _user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        outcome = action(user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _page(status=exc.status)
    flash(done(user, outcome), "success")
    return redirect(url_for("users.index"))


@bp.post("/users/<int:user_id>/disable")
@admin_required
def disable(user_id: int) -> Any:
    return _action(user_id, lambda user: accounts.disable_user(user, current_user),
                   lambda user, _outcome: _("%(email)s is disabled: logged out everywhere, API tokens stopped.",
                                     email=user.email))


@bp.post("/users/<int:user_id>/enable")
@admin_required
def enable(user_id: int) -> Any:
    return _action(user_id, accounts.enable_user,
                   lambda user, _outcome: _("%(email)s can log in again.", email=user.email))


@bp.post("/users/<int:user_id>/tokens/revoke")
@admin_required
def revoke_tokens(user_id: int) -> Any:
    return _action(user_id, accounts.revoke_tokens,
                   lambda user, n: _("%(n)s API token(s) of %(email)s revoked.", n=n, email=user.email))


@bp.post("/users/<int:user_id>/delete")
@admin_required
def delete(user_id: int) -> Any:
    def done(user: User, deleted: bool) -> str:
        if deleted:
            return _("The user is deleted.")
        return _("The user had a history: the account is anonymised and disabled, the history kept.")

    return _action(user_id, lambda user: accounts.delete_user(user, current_user), done)


@bp.post("/users/<int:user_id>/role")
@admin_required
def set_role(user_id: int) -> Any:
    user = get_by_id(User, user_id)
    if user is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            accounts.set_role(user, request.form.get("role", ""), request.form.get("version", type=int))
        except DomainError as exc:
            flash(exc.message, "error")
            return _page(status=exc.status)
        else:
            flash(_("Role of %(email)s is now %(role)s.", email=user.email, role=user.role), "success")
    return redirect(url_for("users.index"))

"""User management for administrators."""
from __future__ import annotations

from functools import wraps
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer.accounts import users as accounts
from composer.errors import DomainError
from composer.extensions import get_by_id
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
            form.email.errors = [*form.email.errors, exc.message]
        else:
            flash(_("User %(email)s created.", email=user.email), "success")
            return redirect(url_for("users.index"))
    status = 422 if form.errors else 200
    return render_template("users/index.html", form=form, users=accounts.list_users(),
                           role_form=EmptyForm()), status


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
            return render_template("users/index.html", form=UserForm(formdata=None), users=accounts.list_users(),
                                   role_form=EmptyForm()), exc.status
        else:
            flash(_("Role of %(email)s is now %(role)s.", email=user.email, role=user.role), "success")
    return redirect(url_for("users.index"))

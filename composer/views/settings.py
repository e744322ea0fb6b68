"""Brand settings page for administrators (/settings)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer.delivery import esp
from composer.email import brand_settings as settings
from composer.email.brand import current_brand
from composer.errors import DomainError, InvalidInput, StaleEdit
from composer.extensions import db
from composer.ingest import images as measure_images
from composer.models import BrandSettings
from composer.views.forms import BrandForm, ServiceAccountForm
from composer.views.users import admin_required

bp = Blueprint("settings", __name__)


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def index() -> Any:
    row = db.session.get(BrandSettings, 1)
    brand = current_brand().as_dict()
    form = BrandForm(data={**{k: brand[k] for k in BrandSettings.FIELDS}, "version": row.version if row else 0})
    conflict = None
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in BrandSettings.FIELDS}
        values["utm_enabled"] = bool(values["utm_enabled"])
        try:
            settings.save_brand(values, form.version.data or None, current_user)
        except InvalidInput as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors = [*getattr(form, name).errors, message]
        except StaleEdit as exc:
            conflict = exc.message
            row = db.session.get(BrandSettings, 1)
            form.version.data = row.version if row else 0
        else:
            flash(_("Settings saved. The next preview and export use them."), "success")
            problem = measure_images.logo(current_app.config)
            if problem:
                flash(_("The size of the logo is unknown, so it is shown at its own ratio: %(reason)s",
                        reason=problem), "error")
            return redirect(url_for("settings.index"))
    status = 409 if conflict else (422 if form.errors else 200)
    return render_template("settings/index.html", form=form, conflict=conflict, fields=BrandSettings.FIELDS,
                           saved=current_brand() if conflict else None), status


@bp.route("/settings/services", methods=["GET", "POST"])
@admin_required
def services() -> Any:
    form = ServiceAccountForm()
    if form.validate_on_submit():
        try:
            esp.save_account(form.service.data or "", form.secret.data or "", current_app.config,
                             form.base_url.data or "", form.username.data or "", form.list_ids.data or "")
        except DomainError as exc:
            form.secret.errors = [*form.secret.errors, exc.message]
        else:
            flash(_("%(service)s account saved.", service=form.service.data), "success")
            return redirect(url_for("settings.services"))
    return render_template("settings/services.html", form=form, accounts=esp.accounts()), 422 if form.errors else 200

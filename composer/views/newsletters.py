"""Newsletter pages (/newsletters): everyone sees them and starts an issue in one; admins create and edit."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from composer.domain import Kind, Section, SectionPlan, default_sections
from composer.email import design as designs
from composer.errors import InvalidInput, StaleEdit
from composer.issues import newsletters
from composer.models import Newsletter
from composer.views.forms import NewsletterForm
from composer.views.users import admin_required

bp = Blueprint("newsletters", __name__)
DESIGN_FIELDS = ("header", "align", "font", "layout", "bylines", "accent_color")
SERVICES = newsletters.SERVICES


@bp.get("/newsletters")
def index() -> Any:
    return render_template("newsletters/index.html", newsletters=newsletters.list_newsletters(),
                           design_of=designs.design_from, plans_of=_plans, design_labels=designs.PRESETS_LABELS)


def _plans(newsletter: Newsletter) -> list[SectionPlan]:
    return [SectionPlan.from_value(value) for value in newsletter.sections]


def _form_data(newsletter: Newsletter | None) -> dict[str, Any]:
    """What the form shows: the newsletter's values (a new one: today's sections, « Classique »)."""
    data = newsletters.data_of(newsletter) if newsletter else newsletters.NewsletterData(name="")
    sections = data.sections if data.sections is not None else [p.as_value() for p in default_sections()]
    values: dict[str, Any] = {"version": newsletter.version if newsletter else None, "name": data.name,
                              "language": data.language, "sender_name": data.sender_name,
                              "sender_email": data.sender_email, "footer_text": data.footer_text,
                              "preset": data.design.get("preset", "classique")}
    for name in DESIGN_FIELDS:
        values[name] = data.design.get(name, "")
    values["date_line"] = "" if "date_line" not in data.design else ("1" if data.design["date_line"] else "0")
    for service in SERVICES:
        values[f"audience_{service}"] = data.audiences.get(service, "")
    for section in Section:
        values[f"use_{section.value}"] = False
        values[f"order_{section.value}"] = list(Section).index(section) + 1
        values[f"article_{section.value}"] = values[f"opinion_{section.value}"] = True
        values[f"leads_{section.value}"] = 0
    for order, value in enumerate(sections, start=1):
        key = value["key"]
        values.update({f"use_{key}": True, f"order_{key}": order, f"title_{key}": value.get("title", ""),
                       f"article_{key}": Kind.ARTICLE.value in value.get("accepts", []),
                       f"opinion_{key}": Kind.OPINION.value in value.get("accepts", []),
                       f"leads_{key}": value.get("leads", 0)})
    return values


def _data_from(form: NewsletterForm) -> newsletters.NewsletterData:
    used = [s for s in Section if form[f"use_{s.value}"].data]
    used.sort(key=lambda s: (form[f"order_{s.value}"].data or 0, list(Section).index(s)))
    sections = [{"key": s.value, "title": form[f"title_{s.value}"].data or "",
                 "accepts": [k.value for k in Kind if form[f"{k.value}_{s.value}"].data],
                 "leads": form[f"leads_{s.value}"].data or 0} for s in used]
    design: dict[str, Any] = {"preset": form.preset.data}
    for name in DESIGN_FIELDS:
        if form[name].data:
            design[name] = form[name].data.strip()
    if form.date_line.data:
        design["date_line"] = form.date_line.data == "1"
    return newsletters.NewsletterData(
        name=form.name.data or "", language=form.language.data or "fr", sender_name=form.sender_name.data or "",
        sender_email=form.sender_email.data or "", footer_text=form.footer_text.data or "", sections=sections,
        design=design, audiences={s: form[f"audience_{s}"].data or "" for s in SERVICES})


def _edit(newsletter: Newsletter | None) -> Any:
    form = NewsletterForm(data=_form_data(newsletter))
    conflict = None
    section_errors: list[str] = []
    if form.validate_on_submit():
        try:
            data = _data_from(form)
            if newsletter is None:
                newsletter = newsletters.create_newsletter(data)
                flash(_("Newsletter « %(name)s » created.", name=newsletter.name), "success")
            else:
                newsletters.update_newsletter(newsletter, data, form.version.data)
                flash(_("Newsletter « %(name)s » saved.", name=newsletter.name), "success")
            return redirect(url_for("newsletters.index"))
        except InvalidInput as exc:
            for name, message in exc.fields.items():
                if name in ("sections", "audiences") or name not in form:
                    section_errors.append(message)
                else:
                    form[name].errors = [*form[name].errors, message]
        except StaleEdit as exc:
            conflict = exc.message
            if newsletter is not None:
                form.version.data = newsletter.version
    status = 409 if conflict else (422 if form.errors or section_errors else 200)
    return render_template("newsletters/edit.html", form=form, newsletter=newsletter, conflict=conflict,
                           section_errors=section_errors,
                           sections=list(Section), kinds=list(Kind), services=SERVICES,
                           design_fields=DESIGN_FIELDS), status


@bp.route("/newsletters/new", methods=["GET", "POST"])
@admin_required
def new() -> Any:
    return _edit(None)


@bp.route("/newsletters/<int:newsletter_id>", methods=["GET", "POST"])
@admin_required
def edit(newsletter_id: int) -> Any:
    return _edit(newsletters.get_newsletter(newsletter_id))

"""Imports page (/imports) and pasting an article (/articles/paste)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from composer.errors import DomainError
from composer.extensions import db, get_by_id
from composer.ingest.importer import ImportOptions, import_bytes, run_import
from composer.ingest.text import parse_pasted
from composer.models import FeedSource, ImportRun
from composer.views.forms import ArticleForm, EmptyForm, ImportForm, PasteForm

bp = Blueprint("imports", __name__)


def _page(form: ImportForm, status: int = 200, result: Any = None, error: str | None = None) -> Any:
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(30)).all()
    sources = db.session.scalars(select(FeedSource).order_by(FeedSource.name)).all()
    return render_template("imports/index.html", form=form, runs=runs, sources=sources, result=result,
                           error=error, rerun_form=EmptyForm()), status


@bp.route("/imports", methods=["GET", "POST"])
def index() -> Any:
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.errors else 200)
    url = (form.url.data or "").strip()
    upload = request.files.get("file")
    fmt, kind, section = form.format.data or None, form.kind.data, form.section.data or None
    options = ImportOptions.from_config(current_app.config)
    try:
        if upload and upload.filename:
            result, _run = import_bytes(upload.read(options.max_bytes + 1), upload.filename, fmt, kind, section,
                                        current_user, options)
        elif url:
            source_id = None
            if form.save_source.data:
                source = db.session.scalar(select(FeedSource).where(FeedSource.url == url)) or FeedSource(
                    url=url, name=url.split("//")[-1][:200])
                source.format, source.kind, source.section = fmt or "auto", kind or "article", section or ""
                db.session.add(source)
                db.session.commit()
                source_id = source.id
            result, _run = run_import(url, fmt, kind, section, current_user, options, feed_source_id=source_id)
        else:
            form.url.errors = [_("Give an address or choose a file.")]
            return _page(form, 422)
    except DomainError as exc:
        return _page(form, 422, error=exc.message)
    return _page(ImportForm(formdata=None), 200, result=result)


@bp.post("/imports/sources/<int:source_id>/run")
def rerun(source_id: int) -> Any:
    source = get_by_id(FeedSource, source_id)
    if source is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    fmt = None if source.format == "auto" else source.format
    try:
        result, _run = run_import(source.url, fmt, source.kind, source.section or None, current_user,
                                  ImportOptions.from_config(current_app.config), feed_source_id=source.id)
    except DomainError as exc:
        flash(_("Import of %(name)s failed: %(reason)s", name=source.name, reason=exc.message), "error")
    else:
        flash(_("%(name)s: %(imported)s imported, %(updated)s updated, %(skipped)s skipped.", name=source.name,
                imported=result.imported, updated=result.updated, skipped=result.skipped), "success")
    return redirect(url_for("imports.index"))


@bp.route("/articles/paste", methods=["GET", "POST"])
def paste() -> Any:
    form = PasteForm()
    if not form.validate_on_submit():
        return render_template("library/paste.html", form=form), 422 if form.errors else 200
    try:
        parsed = parse_pasted(form.text.data or "")
    except DomainError as exc:
        form.text.errors = [exc.message]
        return render_template("library/paste.html", form=form), 422
    review = ArticleForm(formdata=None, title=parsed.title, lead=parsed.lead, body=parsed.body,
                         author=parsed.author, kind="article", language="fr")
    return render_template("library/form.html", form=review, article=None, pasted=parsed,
                           action=url_for("library.new"))

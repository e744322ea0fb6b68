"""Imports page (/imports), saved sources and import settings, and the three ways one article comes in for
review before it is saved: pasted (/articles/paste), from its address (/articles/new?url=…), re-read with a
line put back (/articles/review)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from composer import library
from composer.errors import DomainError, DuplicateURL, InvalidInput
from composer.extensions import db, get_by_id
from composer.ingest import Record, describe_counts
from composer.ingest.fetch import refuse_named_inside
from composer.ingest.importer import (
    ImportOptions,
    existing_article,
    import_bytes,
    is_web_address,
    not_web_address,
    read_url,
)
from composer.ingest.mapping import parse_category_map, parse_labels, save_settings_labels, settings_labels
from composer.ingest.paste import source_blocks
from composer.ingest.review import FIELDS, Reading, form_values, put_back
from composer.jobs import schedule
from composer.jobs.queue import start_job
from composer.models import Article, FeedSource, ImportRun, Job
from composer.views.forms import EmptyForm, ImportForm, ImportSettingsForm, PasteForm, ReviewForm, SourceForm
from composer.views.users import admin_required

bp = Blueprint("imports", __name__)


@bp.app_template_global()
def import_counts(run: Any) -> str:
    """« 3 importés, 1 ignoré. » for an import's result or a past run."""
    return describe_counts(run.imported, run.updated, getattr(run, "unchanged", 0) or 0, run.skipped)


def _page(form: ImportForm, status: int = 200, result: Any = None, error: str | None = None) -> Any:
    runs = db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(30)).all()
    sources = list(db.session.scalars(select(FeedSource).order_by(FeedSource.name)))
    job = get_by_id(Job, request.args.get("job", type=int) or 0)
    return render_template("imports/index.html", form=form, runs=runs, sources=sources, result=result,
                           error=error, rerun_form=EmptyForm(), job=job, last_runs=schedule.last_runs(sources)), status


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
        if upload and upload.filename:  # already here and small: read in the request
            result, _run = import_bytes(upload.read(options.max_bytes + 1), upload.filename, fmt, kind, section,
                                        current_user, options)
        elif url and not is_web_address(url):
            form.url.errors = [not_web_address(url).message]
            return _page(form, 422)
        elif url:  # fetched by the worker: the page answers at once and follows the job
            source_id = None
            if form.save_source.data:
                refuse_named_inside(url, options.allow_private)
                source = db.session.scalar(select(FeedSource).where(FeedSource.url == url)) or FeedSource(
                    url=url, name=url.split("//")[-1][:200])
                source.format, source.kind, source.section = fmt or "auto", kind or "article", section or ""
                db.session.add(source)
                db.session.commit()
                source_id = source.id
            job = start_job("import", {"url": url, "format": fmt, "kind": kind, "section": section},
                            current_user, source_id)
            return redirect(url_for("imports.index", job=job.id), 303)
        else:
            form.url.errors = [_("Give an address or choose a file.")]
            return _page(form, 422)
    except DomainError as exc:
        return _page(form, 422, error=exc.message)
    return _page(ImportForm(formdata=None), 200, result=result)


@bp.get("/jobs/<int:job_id>")
def job_status(job_id: int) -> Any:
    """Where a job stands, for the progress bar's script (composer/static/jobs.js)."""
    job = get_by_id(Job, job_id)
    shared = job is not None and (job.issue_id is not None or job.feed_source_id is not None)
    if job is None or not (shared or job.user_id == current_user.id or current_user.is_admin):
        abort(404)  # a colleague's one-off import: theirs (an issue's or a saved source's jobs are everyone's)
    return jsonify(id=job.id, kind=job.kind, status=job.status, finished=job.finished, done=job.done,
                   total=job.total, error=job.error, summary=job.summary,
                   label=render_template("imports/_job_status.html", job=job))


def _source(source_id: int) -> FeedSource:
    source = get_by_id(FeedSource, source_id)
    if source is None:
        abort(404, _("There is no saved source #%(id)s.", id=source_id))
    return source


@bp.post("/imports/sources/<int:source_id>/run")
def rerun(source_id: int) -> Any:
    source = _source(source_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = start_job("source", {}, current_user, source.id)
    return redirect(url_for("imports.index", job=job.id), 303)


@bp.route("/imports/sources/<int:source_id>", methods=["GET", "POST"])
def source_settings(source_id: int) -> Any:
    """A saved source: its name, defaults, its opinion list and how its categories map to rubriques."""
    source = _source(source_id)
    form = SourceForm(obj=source)
    if form.validate_on_submit():
        mapping, problems = parse_category_map(form.category_map.data or "")
        try:
            every = schedule.check_every(form.every_minutes.data)
        except DomainError as exc:
            form.every_minutes.errors = [exc.message]
        if problems:
            form.category_map.errors = [*form.category_map.errors, *problems]
        if not problems and not form.every_minutes.errors:
            source.name, source.kind = (form.name.data or "").strip(), form.kind.data or "article"
            source.section = (form.section.data or "").strip()
            source.opinion_labels = ", ".join(parse_labels(form.opinion_labels.data or ""))
            source.category_map = (form.category_map.data or "").strip().replace("\r\n", "\n")
            schedule.set_every(source, every)
            db.session.commit()
            flash(_("%(name)s saved; its next import uses these settings.", name=source.name), "success")
            return redirect(url_for("imports.index"))
    return render_template("imports/source.html", form=form, source=source, defaults=settings_labels()), \
        422 if form.errors else 200


@bp.route("/settings/imports", methods=["GET", "POST"])
@admin_required
def settings() -> Any:
    form = ImportSettingsForm(data={"opinion_labels": ", ".join(settings_labels())})
    if form.validate_on_submit():
        labels = parse_labels(form.opinion_labels.data or "")
        if not labels:
            form.opinion_labels.errors = [_("Give at least one rubrique or category.")]
        else:
            save_settings_labels(", ".join(labels))
            flash(_("Import settings saved."), "success")
            return redirect(url_for("imports.settings"))
    return render_template("imports/settings.html", form=form), 422 if form.errors else 200


def _review(reading: Reading, values: dict[str, str] | None = None, status: int = 200,
            form: ReviewForm | None = None, article: Any = None) -> Any:
    """The review page: the fields as read (or as the editor left them), what was left out, line by line."""
    pasted = article if article is not None else reading.article()
    if form is None:
        form = ReviewForm(formdata=MultiDict({**(values or form_values(pasted)), **reading.hidden()}))
    else:
        for name, value in reading.hidden().items():
            getattr(form, name).data = value
    return render_template("library/form.html", form=form, article=None, pasted=pasted,
                           action=url_for("imports.review")), status


def _error_page(form: PasteForm, message: str, status: int = 422, url: str = "") -> Any:
    return render_template("library/paste.html", form=form, url_error=message, url=url), status


@bp.route("/articles/paste", methods=["GET", "POST"])
def paste() -> Any:
    form = PasteForm()
    if not form.validate_on_submit():
        return render_template("library/paste.html", form=form), 422 if form.errors else 200
    blocks, images = source_blocks(form.text.data or "", form.html.data or "")
    reading = Reading("paste", blocks, images)
    try:
        return _review(reading)
    except DomainError as exc:
        form.text.errors = [exc.message]
        return render_template("library/paste.html", form=form), 422


def _already(article: Article) -> Any:
    if article.deleted_at is not None:
        flash(_("This address is already in the library, in the trash: « %(title)s ». Restore it from here.",
                title=article.title), "error")
        return redirect(url_for("trash.index"))
    flash(_("This address is already in the library: here is « %(title)s ».", title=article.title), "success")
    return redirect(url_for("library.show", article_id=article.id))


def from_url(url: str) -> Any:
    """/articles/new?url=…: the article at that address, fetched and read, for review (or the library's own
    article when the address is already there)."""
    url = url.strip()
    form = PasteForm(formdata=None)
    if not library.is_web_url(url):
        return _error_page(form, _("The address must start with http:// or https://."), url=url)
    known = existing_article(url)
    if known is not None:
        return _already(known)
    try:
        draft = read_url(url, ImportOptions.from_config(current_app.config))
    except DomainError as exc:
        return _error_page(form, _("Nothing was added: %(reason)s. You can copy the article from its page and "
                                   "paste it below.", reason=exc.message.rstrip(".")), url=url)
    known = existing_article(draft.article.canonical_url, draft.url)
    if known is not None:
        return _already(known)
    return _review(Reading("page", draft.blocks, [], draft.meta), article=draft.article)


def _record(form: ReviewForm) -> Record:
    return Record(
        title=form.title.data or "", kind=form.kind.data or "article", lead=form.lead.data or "",
        body=form.body.data or "", author=form.author.data or "", section=form.section.data or "",
        tags=(form.tags.data or "").split(","), canonical_url=form.canonical_url.data or None,
        image_url=form.image_url.data or "", image_alt=form.image_alt.data or "",
        language=form.language.data or "fr", published_at=form.published_at.data, line="review")


@bp.post("/articles/review")
def review() -> Any:
    """Save the reviewed article (through the imports' normalisation: NFC, sanitizing, French typography), or
    read it again with a line put back (« remettre »)."""
    form = ReviewForm()
    try:
        reading = Reading.from_form({name: getattr(form, name).data or "" for name in
                                     ("origin", "blocks", "images", "page_meta", "keep")})
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("imports.paste"))
    restore = request.form.get("restore", "")
    if restore.isdigit():
        if not EmptyForm().validate_on_submit():
            abort(400, _("The form has expired; reload the page."))
        posted = {name: request.form.get(name, "") for name in FIELDS}
        try:
            article, merged = put_back(reading, int(restore), posted)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("imports.paste"))
        return _review(reading, merged, article=article)
    if form.validate_on_submit():
        known = existing_article(form.canonical_url.data)
        if known is not None:
            return _already(known)
        try:
            saved = library.create_article(_record(form).normalised(), current_user)
        except DuplicateURL as exc:
            known = get_by_id(Article, exc.existing_id)
            return _already(known) if known is not None else _review(reading, status=409, form=form)
        except InvalidInput as exc:
            for name, message in exc.fields.items():
                field = getattr(form, name, None)
                if field is not None:
                    field.errors = [*field.errors, message]
        else:
            flash(_("Article saved."), "success")
            return redirect(url_for("library.show", article_id=saved.id))
    return _review(reading, status=422, form=form)

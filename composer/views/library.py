"""The content library pages: search and browse, create, edit, delete articles."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer import library, revisions
from composer.domain import Kind
from composer.errors import DomainError, DuplicateURL, InvalidInput, StaleEdit
from composer.ingest import images as measure_images
from composer.models import Article
from composer.sanitize import html_to_editable, text_to_html
from composer.trash import TRASH_DAYS
from composer.views import same_site_path
from composer.views.forms import ArticleForm, EmptyForm, VersionedForm

bp = Blueprint("library", __name__)


def _date_arg(name: str) -> date | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(400, _("The date %(value)s is not a valid date (YYYY-MM-DD).", value=value))


def search_query_from_args() -> library.SearchQuery:
    kind = request.args.get("kind", "")
    return library.SearchQuery(
        q=request.args.get("q", ""),
        kind=kind if kind in Kind.values() else "",
        section=request.args.get("section", ""),
        tag=request.args.get("tag", ""),
        date_from=_date_arg("from"),
        date_to=_date_arg("to"),
    )


@bp.get("/")
def home() -> Any:
    return redirect(url_for("library.index"))


@bp.get("/articles")
def index() -> Any:
    query = search_query_from_args()
    page = request.args.get("page", 1, type=int) or 1
    pagination = library.search_articles(query, page=min(max(1, page), library.MAX_PAGE))
    choices = library.filter_choices(selected=query)
    return render_template("library/index.html", query=query, pagination=pagination, sections=choices.sections,
                           tags=choices.tags)


def _data(form: ArticleForm) -> library.ArticleData:
    return library.ArticleData(
        title=form.title.data or "",
        kind=form.kind.data or "article",
        lead=form.lead.data or "",
        body=text_to_html(form.body.data or ""),  # typed paragraphs become <p>; HTML stays HTML
        author=form.author.data or "",
        section=form.section.data or "",
        tags=(form.tags.data or "").split(","),
        canonical_url=form.canonical_url.data or None,
        image_url=form.image_url.data or "",
        image_alt=form.image_alt.data or "",
        language=form.language.data or "fr",
        published_at=form.published_at.data,
    )


def _add_errors(form: ArticleForm, exc: DomainError) -> None:
    for name, message in exc.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message]


def _measure(article: Article) -> None:
    """Learn the size of a new or changed image (the email sizes it from that); say so when it cannot."""
    problem = measure_images.article_image(article, current_app.config)
    if problem:
        flash(_("The size of the image is unknown, so the email shows it at its own ratio: %(reason)s",
                reason=problem), "error")


@bp.get("/articles/<int:article_id>")
def show(article_id: int) -> Any:
    return render_template("library/show.html", article=library.get_article(article_id), delete_form=EmptyForm())


@bp.route("/articles/new", methods=["GET", "POST"])
def new() -> Any:
    if request.method == "GET" and request.args.get("url"):
        from composer.views.imports import from_url  # the article at that address, read for review

        return from_url(request.args["url"])
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            article = library.create_article(_data(form), current_user)
        except (InvalidInput, DuplicateURL) as exc:
            _add_errors(form, exc)
        else:
            flash(_("Article saved."), "success")
            _measure(article)
            return redirect(url_for("library.show", article_id=article.id))
    status = 422 if form.errors else 200
    return render_template("library/form.html", form=form, article=None), status


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
def edit(article_id: int) -> Any:
    article = library.get_article(article_id)
    form = ArticleForm(obj=article)
    if request.method == "GET":
        form.tags.data = article.tags
        form.body.data = html_to_editable(article.body)
        form.version.data = str(article.version)
    conflict = None
    if form.validate_on_submit():
        try:
            expected = int(form.version.data or 0) or None
            library.update_article(article, _data(form), expected_version=expected, user=current_user)
        except (InvalidInput, DuplicateURL) as exc:
            _add_errors(form, exc)
        except StaleEdit as exc:
            conflict = exc.message
            article = library.get_article(article_id)
            form.version.data = str(article.version)  # a second save, made knowingly, goes through
        else:
            flash(_("Article saved."), "success")
            _measure(article)
            return redirect(_back_to() or url_for("library.show", article_id=article.id))
    status = 409 if conflict else (422 if form.errors else 200)
    return render_template("library/form.html", form=form, article=article, conflict=conflict,
                           back_to=_back_to()), status


def _back_to() -> str | None:
    """Where the editor came from (?next=, e.g. the issue whose checks sent them here)."""
    return same_site_path(request.args.get("next"))


@bp.route("/articles/<int:article_id>/delete", methods=["GET", "POST"])
def delete(article_id: int) -> Any:
    article = library.get_article(article_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            library.trash_article(article, current_user)
        except DomainError as exc:
            flash(exc.message, "error")
            return redirect(url_for("library.show", article_id=article_id))
        flash(_("« %(title)s » is in the trash; you can restore it there for %(days)s days.", title=article.title,
                days=TRASH_DAYS), "success")
        return redirect(url_for("library.index"))
    return render_template("library/delete.html", article=article, form=form, days=TRASH_DAYS,
                           drafts=library.drafts_using(article))


@bp.get("/articles/<int:article_id>/history")
def history(article_id: int) -> Any:
    return _history_page(library.get_article(article_id))


def _history_page(article: Article, message: str | None = None, status: int = 200) -> Any:
    """The article's history, also shown again by a refused restore with its reason."""
    return render_template("history.html", subject=article, entries=revisions.history(article=article),
                           back=url_for("library.show", article_id=article.id), can_restore=True,
                           restore_endpoint="library.restore_revision", ids={"article_id": article.id},
                           conflict=message), status


@bp.post("/articles/<int:article_id>/history/<int:revision_id>/restore")
def restore_revision(article_id: int, revision_id: int) -> Any:
    article = library.get_article(article_id)
    form = VersionedForm()
    if not form.validate_on_submit():
        abort(400, _("The form was incomplete: %(errors)s", errors=form.errors))
    try:
        library.restore_article_revision(article, revision_id, form.version.data, current_user)
    except (StaleEdit, DuplicateURL, InvalidInput) as exc:
        return _history_page(library.get_article(article_id), exc.message, exc.status)
    flash(_("Revision #%(id)s is back, saved as a new revision.", id=revision_id), "success")
    return redirect(url_for("library.show", article_id=article_id))

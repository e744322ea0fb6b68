"""The trash: what editors deleted in the last TRASH_DAYS days, with a button to bring each back."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from composer import library, trash
from composer.issues import editing, lifecycle
from composer.views.forms import EmptyForm

bp = Blueprint("trash", __name__)


@bp.get("/trash")
def index() -> Any:
    return render_template("trash.html", trash=trash.contents(), form=EmptyForm(), days=trash.TRASH_DAYS,
                           purge_date=trash.purge_date)


def _posted() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form was incomplete or expired; reload the page and try again."))


@bp.post("/trash/articles/<int:article_id>/restore")
def restore_article(article_id: int) -> Any:
    _posted()
    article = library.get_article(article_id, include_trashed=True)
    if not article.in_trash:
        abort(404, _("This article is not in the trash."))
    library.restore_article(article, current_user)
    flash(_("« %(title)s » is back in the library.", title=article.title), "success")
    return redirect(url_for("library.show", article_id=article.id))


@bp.post("/trash/issues/<int:issue_id>/restore")
def restore_issue(issue_id: int) -> Any:
    _posted()
    issue = editing.get_issue(issue_id, include_trashed=True)
    if not issue.in_trash:
        abort(404, _("This issue is not in the trash."))
    articles = lifecycle.restore_issue(issue, current_user)
    flash(_("« %(title)s » is back among the issues.", title=issue.title), "success")
    if articles:
        flash(_("Its stories that were in the trash are back in the library too: %(titles)s.",
                titles=", ".join(f"« {a.title} »" for a in articles)), "info")
    return redirect(url_for("issues.compose", issue_id=issue.id))

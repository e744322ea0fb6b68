"""Before sending: what an issue still lacks. Errors stop it from being marked ready or sent (the email would
go out wrong: the internal title as subject, an empty letter, a story readers cannot open); warnings are
shown on the compose page for the editor to weigh. The size has its own meter and is not repeated here."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from composer.models import Issue

SUBJECT_MAX = 60
PREHEADER_MAX = 130


@dataclass(frozen=True)
class Check:
    level: str  # "error" or "warning"
    message: str
    article_id: int | None = None  # the library article to edit, when the fix is there


def check_issue(issue: Issue) -> list[Check]:
    """Errors first, then warnings, each naming what to fix."""
    errors: list[Check] = []
    warnings: list[Check] = []

    def error(message: str, article_id: int | None = None) -> None:
        errors.append(Check("error", message, article_id))

    def warning(message: str, article_id: int | None = None) -> None:
        warnings.append(Check("warning", message, article_id))

    subject = issue.subject.strip()
    if not subject:
        error(_("The subject is empty: the email would go out with the internal title."))
    elif len(subject) > SUBJECT_MAX:
        warning(_("The subject is %(n)s characters long: inboxes cut it after about %(max)s.",
                  n=len(subject), max=SUBJECT_MAX))
    if not issue.preheader.strip():
        warning(_("No preheader: inboxes will show the first words of the email instead."))
    elif len(issue.preheader.strip()) > PREHEADER_MAX:
        warning(_("The preheader is %(n)s characters long: inboxes show about %(max)s.",
                  n=len(issue.preheader.strip()), max=PREHEADER_MAX))
    if not issue.items:
        error(_("The issue has no story yet."))
    else:
        lead = issue.items_in("lead")
        if not lead:
            warning(_("Nothing « À la une »: the email opens on the news."))
        elif len(lead) > 2:
            warning(_("%(n)s stories « À la une »: one or two stand out better.", n=len(lead)))
    for item in issue.items:
        article = item.article
        if not article.canonical_url:
            error(_("« %(title)s » has no link (canonical URL): readers could not open it.",
                    title=item.title), article.id)
        if item.section == "lead" and item.image_url:
            if not item.image_url.startswith("https://"):
                warning(_("The image of « %(title)s » is not on https: the email leaves it out.",
                          title=item.title), None if item.image_override else article.id)
            elif not item.image_override and not article.image_alt.strip():
                warning(_("The image of « %(title)s » has no alt text: with images blocked, and for "
                          "screen readers, it says nothing.", title=item.title), article.id)
    return errors + warnings


def blocking(issue: Issue) -> list[str]:
    """The errors that keep the issue from being marked ready or sent."""
    return [c.message for c in check_issue(issue) if c.level == "error"]

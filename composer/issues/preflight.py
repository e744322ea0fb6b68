"""Before sending: what an issue still lacks. Errors stop it from being marked ready or sent (the email would
go out wrong: the internal title as subject, an empty letter, a story readers cannot open); warnings are
shown on the compose page for the editor to weigh. The size has its own meter and is not repeated here.
The stories are checked as they go out (composer.domain.EmailItem), as the renderer shows them."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from composer.domain import Section, email_items
from composer.email.brand import current_brand
from composer.issues.links import broken_links
from composer.models import Issue
from composer.text import fold

SUBJECT_MAX = 60
PREHEADER_MAX = 130


@dataclass(frozen=True)
class Check:
    level: str  # "error" or "warning"
    message: str
    article_id: int | None = None  # the library article to edit, when the fix is there


def check_issue(issue: Issue) -> list[Check]:
    """Errors first, then warnings (the last link check's broken links among them), each naming what to fix."""
    errors, warnings = _content_checks(issue)
    for problem in broken_links(issue, current_brand()):  # the last link check (composer/issues/links.py)
        warnings.append(Check("warning", _("The link of « %(place)s » does not answer (%(reason)s): %(url)s",
                                           place=problem.place, reason=problem.reason, url=problem.url),
                              problem.article_id))
    return errors + warnings


def _content_checks(issue: Issue) -> tuple[list[Check], list[Check]]:
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
    stories = email_items(issue)
    if not stories:
        error(_("The issue has no story yet."))
    else:
        lead = [story for story in stories if story.section is Section.LEAD]
        if not lead:
            warning(_("Nothing « À la une »: the email opens on the news."))
        elif len(lead) > next((plan.leads for plan in issue.section_plans if plan.section is Section.LEAD), 0) > 0:
            warning(_("%(n)s stories « À la une »: one or two stand out better.", n=len(lead)))
    for story in stories:  # in the email's order
        if not story.url:
            error(_("« %(title)s » has no link (canonical URL): readers could not open it.",
                    title=story.title), story.article_id)
        if story.section is Section.LEAD and story.image_chosen:
            fix_in_library = None if story.image_overridden else story.article_id
            if not story.image_url:
                warning(_("The image of « %(title)s » is not on https: the email leaves it out.",
                          title=story.title), fix_in_library)
            elif not story.image_alt.strip():
                warning(_("The image of « %(title)s » has no alt text: with images blocked, and for "
                          "screen readers, it says nothing.", title=story.title), story.article_id)
            elif fold(story.title) in fold(story.image_alt):
                warning(_("The alt text of « %(title)s »'s image repeats its title: screen readers read it twice. "
                          "Say what the image shows.", title=story.title), fix_in_library)
    return errors, warnings


def blocking(issue: Issue) -> list[str]:
    """The errors that keep the issue from being marked ready or sent."""
    return [c.message for c in _content_checks(issue)[0]]

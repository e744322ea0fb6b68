"""The newsroom's vocabulary: an issue's sections, its statuses and which may follow which, the kinds of
library item, the users' roles — and a story as it goes out in the email (EmailItem).

Each term is a str enum: stored as its value (the tables' check constraints list the same values), equal to
that string (`Section.LEAD == "lead"`), and carrying its label, translated lazily in the reader's language
(in the issue's language when the email is rendered). Services, forms, API schemas and templates read the
values and labels from here; nothing else lists them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l

from composer.text import slugify

if TYPE_CHECKING:  # for annotations only: the models import this module
    from composer.models import Issue, IssueItem


class Term(StrEnum):
    """A value of the vocabulary with its label."""

    _value_: str
    label: Any  # a lazy string: str(term.label) is the label in the current language

    def __new__(cls, value: str, label: Any, *more: Any) -> Term:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The stored values, in order (what a check constraint or an API enum lists)."""
        return tuple(member.value for member in cls)

    @classmethod
    def of(cls, value: str) -> Self:
        """The term stored as value (ValueError if there is none)."""
        for member in cls:
            if member.value == value:
                return member
        raise ValueError(f"{value!r} is not a {cls.__name__}")

    @classmethod
    def label_of(cls, value: str) -> Any:
        """The label of a stored value; an unknown value is shown as it is."""
        return cls.of(value).label if value in cls.values() else value


class Section(Term):
    """Where a story sits in an issue, in the order the email shows them."""

    LEAD = "lead", _l("Top story")
    NEWS = "news", _l("News")
    OPINIONS = "opinions", _l("Opinions")
    RELATED = "related", _l("Related")


class Kind(Term):
    """What a library item is."""

    ARTICLE = "article", _l("Article")
    OPINION = "opinion", _l("Opinion")


LEAD_STORIES = 2  # how many top stories a newsletter wants by default (more are flagged before sending)


@dataclass(frozen=True)
class SectionPlan:
    """A section as one newsletter uses it: its place (the list's order), its title ("" is the section's own
    label, in the reader's language), the kinds of library item it takes and how many lead stories it wants
    (the checks before sending flag more; 0 for no limit)."""

    section: Section
    title: str = ""
    accepts: tuple[Kind, ...] = (Kind.ARTICLE, Kind.OPINION)
    leads: int = 0

    @property
    def heading(self) -> str:
        return self.title or str(self.section.label)

    def as_value(self) -> dict[str, Any]:
        """As stored with the newsletter (and shown by the API)."""
        return {"key": self.section.value, "title": self.title, "accepts": [k.value for k in self.accepts],
                "leads": self.leads}

    @classmethod
    def from_value(cls, value: Mapping[str, Any]) -> SectionPlan:
        return cls(Section.of(value["key"]), str(value.get("title") or ""),
                   tuple(Kind.of(k) for k in value.get("accepts") or Kind.values()), int(value.get("leads") or 0))


def default_sections() -> list[SectionPlan]:
    """Today's four sections, in their order, each taking both kinds: the first newsletter's."""
    return [SectionPlan(section, leads=LEAD_STORIES if section is Section.LEAD else 0) for section in Section]


class Role(Term):
    EDITOR = "editor", _l("Editor")
    ADMIN = "admin", _l("Administrator")


class Status(Term):
    """An issue's status: draft → ready → sent. Only a draft changes; a sent issue never changes again.

    Besides its label (a badge: « Brouillon »), each status has the words for it in a sentence (« Ce numéro
    est un brouillon »), on the button that sets it (« Repasser en brouillon ») and in the history
    (« Remis en brouillon »)."""

    in_sentence: Any
    action: Any
    history: Any

    DRAFT = "draft", _l("Draft"), _l("a draft"), _l("Back to draft"), _l("Put back to draft")
    READY = "ready", _l("Ready"), _l("ready"), _l("Mark ready"), _l("Marked ready")
    SENT = "sent", _l("Sent"), _l("sent"), _l("Mark as sent"), _l("Marked sent")

    def __new__(cls, value: str, label: Any, *more: Any) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.in_sentence, member.action, member.history = more
        return member

    @property
    def next_states(self) -> tuple[Status, ...]:
        """The statuses this one may become, in order."""
        return _NEXT[self]

    def can_become(self, other: str) -> bool:
        return other in self.next_states


_NEXT: dict[Status, tuple[Status, ...]] = {
    Status.DRAFT: (Status.READY, Status.SENT),
    Status.READY: (Status.DRAFT, Status.SENT),
    Status.SENT: (),
}


def add_utm(url: str, params: Mapping[str, str]) -> str:
    """url with the UTM parameters appended; its own query (including its own utm_*) and fragment kept.
    Only http(s) links get them: never mailto: nor a merge tag."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    existing = parse_qsl(parts.query, keep_blank_values=True)
    present = {key for key, _ in existing}
    extra = [(key, value) for key, value in params.items() if key not in present and value]
    return urlunsplit(parts._replace(query=urlencode(existing + extra)))


@dataclass(frozen=True)
class EmailItem:
    """One story of an issue as it goes out, built once from the issue item: the per-issue title, teaser and
    image applied, the link with its tracking, the image only if the email can show it. The renderer and the
    checks before sending (composer/issues/preflight.py) both read this, never the item's columns."""

    item_id: int
    article_id: int
    section: Section
    position: int
    kind: Kind
    title: str
    teaser: str
    url: str  # the article's canonical URL ("" if none), with UTM parameters when the brand adds them
    image_url: str  # the image the email shows: "" when there is none or it is not on https
    image_alt: str  # the library's alt text; for an image chosen for this issue its own ("": decorative)
    author: str
    date: datetime  # the article's publication date
    slug: str  # the title's slug
    anchor: str  # the story's fragment id, unique within the issue: "<section>-<position from 1>"
    image_chosen: str  # the image chosen for the story (per issue, else the library's), shown or not
    image_overridden: bool  # the image was chosen for this issue (its fix is not in the library)
    image_width: int | None = None  # the chosen image's measured size (None: not measured)
    image_height: int | None = None
    picture: Any = None  # set by the renderer: the image in its slot (composer/email/images.Picture)

    # The article columns read here: a query that loads only some columns must load these.
    ARTICLE_COLUMNS: ClassVar[tuple[str, ...]] = (
        "kind", "title", "lead", "author", "canonical_url", "image_url", "image_alt", "image_width", "image_height",
        "published_at")

    @classmethod
    def from_item(cls, item: IssueItem, utm: Mapping[str, str] | None = None) -> EmailItem:
        """utm: the UTM parameters the brand adds to links (utm_content is the section), or None."""
        article = item.article
        section = Section.of(item.section)
        title = item.title_override or article.title
        image = item.image_override or article.image_url
        url = article.canonical_url or ""
        if utm and url:
            url = add_utm(url, {**utm, "utm_content": section.value})
        return cls(
            item_id=item.id,
            article_id=article.id,
            section=section,
            position=item.position,
            kind=Kind.of(article.kind),
            title=title,
            teaser=item.teaser_override if item.teaser_override is not None else article.lead,
            url=url,
            image_url=image if image.startswith("https://") else "",
            image_alt=(item.image_override_alt or "") if item.image_override else article.image_alt,
            author=article.author,
            date=article.published_at,
            slug=slugify(title),
            anchor=f"{section.value}-{item.position + 1}",
            image_chosen=image,
            image_overridden=bool(item.image_override),
            image_width=item.image_override_width if item.image_override else article.image_width,
            image_height=item.image_override_height if item.image_override else article.image_height,
        )


def email_items(issue: Issue, utm: Mapping[str, str] | None = None) -> list[EmailItem]:
    """The issue's stories as they go out, section by section in its newsletter's order, each in its stored
    order (a section the newsletter no longer has comes last, so that nothing is lost)."""
    order = [plan.section for plan in issue.section_plans]
    order += [section for section in Section if section not in order]
    return [EmailItem.from_item(item, utm) for section in order for item in issue.items_in(section)]

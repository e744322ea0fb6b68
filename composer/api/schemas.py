"""Marshmallow schemas of the JSON API: they validate input and generate the OpenAPI document."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields, validate

from composer.domain import Kind, Section, Status
from composer.email import design as designs
from composer.email.export import FORMATS
from composer.email.profiles import PROFILES
from composer.issues import preflight
from composer.models import LANGUAGES

URL = validate.Regexp(r"^https?://\S+$", error="must be an absolute http(s) URL")
OPTIONAL_URL = validate.Regexp(r"^(https?://\S+)?$", error="must be empty or an absolute http(s) URL")


class UtcDateTime(fields.AwareDateTime):
    """Dates are stored as naive UTC; the API says so with an explicit offset (RFC 3339)."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorBody(Schema):
    code = fields.Str(required=True, metadata={"example": "not_found"})
    message = fields.Str(required=True)
    current_version = fields.Int(metadata={"description": "with 412: the version now on the server"})
    existing_id = fields.Int(metadata={"description": "with 409 on a duplicate URL: the article that has it"})
    request_id = fields.Str(metadata={"description": "with 500: the reference of the error in the server's log"})

    field_errors = fields.Dict(keys=fields.Str(), values=fields.Raw(), data_key="fields",
                               metadata={"description": "field name → what is wrong"})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


class ArticleQuery(Schema):
    q = fields.Str(load_default="", validate=validate.Length(max=200))
    kind = fields.Str(load_default="", validate=validate.OneOf(("", *Kind.values())))
    section = fields.Str(load_default="", validate=validate.Length(max=100))
    tag = fields.Str(load_default="", validate=validate.Length(max=100))
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class ArticleIn(Schema):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.Str(load_default="article", validate=validate.OneOf(Kind.values()))
    lead = fields.Str(load_default="")
    body = fields.Str(load_default="", metadata={"description": "HTML; sanitized on save"})
    author = fields.Str(load_default="", validate=validate.Length(max=200))
    section = fields.Str(load_default="", validate=validate.Length(max=100))
    tags = fields.List(fields.Str(validate=validate.Length(max=100)), load_default=list)
    url = fields.Str(load_default=None, allow_none=True, validate=[URL, validate.Length(max=1000)])
    image_url = fields.Str(load_default="", validate=OPTIONAL_URL)
    image_alt = fields.Str(load_default="", validate=validate.Length(max=500))
    language = fields.Str(load_default="fr", validate=validate.OneOf(LANGUAGES))
    published_at = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=UTC,
                                        metadata={"description": "RFC 3339; without an offset, UTC"})


class FromUrlIn(Schema):
    url = fields.Str(required=True, validate=[URL, validate.Length(max=1000)],
                     metadata={"description": "the address of the article's web page (http or https)"})


class ArticlePatch(ArticleIn):
    """Used with partial=True: only the fields sent change."""

    version = fields.Int(metadata={"description": "the version read; a newer one on the server gives 412"})


class ArticleOut(Schema):
    id = fields.Int(required=True)
    kind = fields.Str(required=True, metadata={"enum": list(Kind.values())})
    title = fields.Str(required=True)
    lead = fields.Str(required=True)
    body = fields.Str(required=True)
    author = fields.Str(required=True)
    section = fields.Str(required=True)
    tags = fields.List(fields.Str(), attribute="tag_list", required=True)
    url = fields.Str(attribute="canonical_url", allow_none=True, required=True)
    image_url = fields.Str(required=True)
    image_alt = fields.Str(required=True)
    image_width = fields.Int(allow_none=True, required=True, metadata={
        "description": "the image's real width in pixels, measured when it was set; null while unknown"})
    image_height = fields.Int(allow_none=True, required=True)
    language = fields.Str(required=True)
    published_at = UtcDateTime(required=True)
    version = fields.Int(required=True)


class ArticlePage(Schema):
    items = fields.List(fields.Nested(ArticleOut), required=True)
    total = fields.Int(required=True)
    page = fields.Int(required=True)
    pages = fields.Int(required=True)
    per_page = fields.Int(required=True)
    capped = fields.Bool(required=True, metadata={
        "description": "true when a search by words matched more articles than it ranks: the results are the "
                       "newest matches, most relevant first; narrow the search to reach older ones"})


class IssueIn(Schema):
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    subject = fields.Str(load_default="", validate=validate.Length(max=300))
    preheader = fields.Str(load_default="", validate=validate.Length(max=300))
    intro = fields.Str(load_default="")
    date = fields.Date(required=True)
    language = fields.Str(load_default=None, validate=validate.OneOf(LANGUAGES), metadata={
        "description": "default: the newsletter's language"})
    newsletter_id = fields.Int(load_default=None, validate=validate.Range(min=1), metadata={
        "description": "the newsletter it belongs to (GET /newsletters); default: the first newsletter"})


class IssuePatch(IssueIn):
    """Used with partial=True: only the fields sent change (an issue stays in its newsletter)."""

    class Meta:
        exclude = ("newsletter_id",)

    version = fields.Int()


class ItemOut(Schema):
    id = fields.Int(required=True)
    article_id = fields.Int(required=True)
    section = fields.Str(required=True, metadata={"enum": list(Section.values())})
    position = fields.Int(required=True)
    title = fields.Str(required=True, metadata={"description": "as shown in this issue (override applied)"})
    title_override = fields.Str(allow_none=True, required=True)
    teaser_override = fields.Str(allow_none=True, required=True)
    image_override = fields.Str(allow_none=True, required=True)
    image_override_alt = fields.Str(allow_none=True, required=True, metadata={
        "description": "the overriding image's own alt text; empty or null: decorative (alt=\"\")"})


class IssueSummary(Schema):
    id = fields.Int(required=True)
    newsletter_id = fields.Int(required=True)
    title = fields.Str(required=True)
    subject = fields.Str(required=True)
    date = fields.Date(attribute="issue_date", required=True)
    language = fields.Str(required=True)
    status = fields.Str(required=True, metadata={"enum": list(Status.values())})
    version = fields.Int(required=True)


class IssueOut(IssueSummary):
    preheader = fields.Str(required=True)
    intro = fields.Str(required=True)
    items = fields.List(fields.Nested(ItemOut), required=True)
    checks = fields.Method("get_checks", required=True, metadata={
        "description": "what the issue still lacks before sending (« Avant l’envoi »): an error keeps it from "
                       "being marked ready or sent, a warning is for the editor to weigh; empty once sent",
        "type": "array",
        "items": {"type": "object", "required": ["level", "message", "article_id"],
                  "properties": {"level": {"type": "string", "enum": ["error", "warning"]},
                                 "message": {"type": "string"},
                                 "article_id": {"type": "integer", "nullable": True,
                                                "description": "the article to edit, when the fix is there"}}}})

    def get_checks(self, issue: Any) -> list[dict[str, Any]]:
        if issue.status == Status.SENT:
            return []
        return [{"level": c.level, "message": c.message, "article_id": c.article_id}
                for c in preflight.check_issue(issue)]


class IssueList(Schema):
    items = fields.List(fields.Nested(IssueSummary), required=True)


class ItemIn(Schema):
    article_id = fields.Int(required=True, validate=validate.Range(min=1))
    section = fields.Str(required=True, validate=validate.OneOf(Section.values()))
    position = fields.Int(load_default=None, allow_none=True, validate=validate.Range(min=0))
    title_override = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=300))
    teaser_override = fields.Str(load_default=None, allow_none=True)
    image_override = fields.Str(load_default=None, allow_none=True, validate=URL)
    image_override_alt = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=500))
    version = fields.Int()


class ItemPatch(Schema):
    section = fields.Str(validate=validate.OneOf(Section.values()))
    position = fields.Int(validate=validate.Range(min=0))
    title_override = fields.Str(allow_none=True, validate=validate.Length(max=300))
    teaser_override = fields.Str(allow_none=True)
    image_override = fields.Str(allow_none=True, validate=URL)
    image_override_alt = fields.Str(allow_none=True, validate=validate.Length(max=500))
    version = fields.Int()


class VersionIn(Schema):
    version = fields.Int()


class StatusIn(Schema):
    status = fields.Str(required=True, validate=validate.OneOf(Status.values()))
    version = fields.Int()


class RenderQuery(Schema):
    format = fields.Str(load_default="html", validate=validate.OneOf(tuple(FORMATS)))
    profile = fields.Str(load_default="generic", validate=validate.OneOf(tuple(PROFILES)))


class RelatedQuery(Schema):
    limit = fields.Int(load_default=5, validate=validate.Range(min=1, max=20))


class RelatedOut(Schema):
    article = fields.Nested(ArticleOut, required=True)
    reason = fields.Str(required=True, metadata={"description": "why it is suggested: shared tags or names"})


class RelatedList(Schema):
    items = fields.List(fields.Nested(RelatedOut), required=True)


HEX_OR_EMPTY = validate.Regexp(r"^(#[0-9a-fA-F]{6})?$", error="must be a six-digit colour such as #b3261e, or empty")


class SectionIO(Schema):
    key = fields.Str(required=True, validate=validate.OneOf(Section.values()))
    title = fields.Str(load_default="", validate=validate.Length(max=100), metadata={
        "description": "the heading in the email; empty: the section's own label in the issue's language"})
    accepts = fields.List(fields.Str(validate=validate.OneOf(Kind.values())), load_default=list(Kind.values()),
                          metadata={"description": "the kinds of library item the section takes"})
    leads = fields.Int(load_default=0, validate=validate.Range(min=0, max=20), metadata={
        "description": "how many lead stories it wants (more are flagged before sending); 0: no limit"})


class DesignIO(Schema):
    """A preset and the options that change it; a response lists every option as it applies."""

    preset = fields.Str(required=True, validate=validate.OneOf(tuple(designs.PRESETS)))
    header = fields.Str(validate=validate.OneOf(designs.CHOICES["header"]), metadata={
        "description": "logo: the publication's logo (else its name); name: the newsletter's name"})
    align = fields.Str(validate=validate.OneOf(designs.CHOICES["align"]))
    font = fields.Str(validate=validate.OneOf(designs.CHOICES["font"]))
    accent_color = fields.Str(validate=HEX_OR_EMPTY, metadata={
        "description": "white text on it needs a contrast of 4.5:1; empty: the publication's"})
    layout = fields.Str(validate=validate.OneOf(designs.CHOICES["layout"]), metadata={
        "description": "how news items show: text only, thumbnail left or full-width image"})
    date_line = fields.Bool()
    bylines = fields.Str(validate=validate.OneOf(designs.CHOICES["bylines"]), metadata={
        "description": "which stories name their author"})


class NewsletterIn(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    language = fields.Str(load_default="fr", validate=validate.OneOf(LANGUAGES))
    sender_name = fields.Str(load_default="", validate=validate.Length(max=200), metadata={
        "description": "the From name; empty: the publication's name"})
    sender_email = fields.Str(load_default="", validate=validate.Length(max=254), metadata={
        "description": "the From address; empty: the publication's"})
    footer_text = fields.Str(load_default="", metadata={"description": "empty: the publication's footer"})
    sections = fields.List(fields.Nested(SectionIO), load_default=None, metadata={
        "description": "in the email's order; default: À la une, Actualités, Opinions, Du même sujet"})
    design = fields.Nested(DesignIO, load_default=lambda: {"preset": "classique"})
    audiences = fields.Dict(keys=fields.Str(validate=validate.OneOf(("listmonk", "mailchimp", "brevo"))),
                            values=fields.Str(validate=validate.Length(max=100)), load_default=dict, metadata={
                                "description": "the list or audience to send to, per mailing service"})


class NewsletterPatch(NewsletterIn):
    """Used with partial=True: only the fields sent change."""

    version = fields.Int()


class NewsletterOut(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    slug = fields.Str(required=True, metadata={"description": "its public archive: /archive/<slug>/"})
    language = fields.Str(required=True)
    sender_name = fields.Str(required=True)
    sender_email = fields.Str(required=True)
    footer_text = fields.Str(required=True)
    sections = fields.List(fields.Nested(SectionIO), required=True)
    design = fields.Method("get_design", required=True, metadata={"type": "object", "properties": {
        name: {"type": "boolean"} if name == "date_line" else {"type": "string"}
        for name in ("preset", *designs.OPTIONS)}})
    audiences = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True)
    version = fields.Int(required=True)

    def get_design(self, newsletter: Any) -> dict[str, Any]:
        return designs.design_from(newsletter.design).options()


class NewsletterList(Schema):
    items = fields.List(fields.Nested(NewsletterOut), required=True)


SOURCE_FORMATS = ("auto", "rss", "atom", "wordpress", "csv", "json", "text")


class SourceIn(Schema):
    url = fields.Str(required=True, validate=[URL, validate.Length(max=1000)])
    format = fields.Str(load_default="auto", validate=validate.OneOf(SOURCE_FORMATS))
    kind = fields.Str(load_default="article", validate=validate.OneOf(Kind.values()))
    section = fields.Str(load_default="", validate=validate.Length(max=100))
    every_minutes = fields.Int(required=True, allow_none=True, validate=validate.Range(min=15, max=7 * 24 * 60),
                               metadata={"description": "poll every so many minutes (15 to 10080); null: only "
                                                        "when run by hand"})


class SourcePatch(SourceIn):
    name = fields.Str(validate=validate.Length(min=1, max=200))


class SourceOut(Schema):
    id = fields.Int(required=True)
    name = fields.Str(required=True)
    url = fields.Str(required=True)
    format = fields.Str(required=True)
    kind = fields.Str(required=True)
    section = fields.Str(required=True)
    every_minutes = fields.Int(required=True, allow_none=True)
    next_run_at = UtcDateTime(required=True, allow_none=True, metadata={"description": "when it is next due"})
    last_run_at = UtcDateTime(required=True, allow_none=True)
    last_status = fields.Str(required=True, allow_none=True, metadata={"enum": ["ok", "failed", None]})


class SourceList(Schema):
    items = fields.List(fields.Nested(SourceOut), required=True)

"""WTForms forms for the web interface; each POST carries a CSRF token through Flask-WTF."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    FileField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional
from wtforms.widgets import HiddenInput

from composer.domain import Kind, Role, Section, Status
from composer.email import design as designs

EMAIL_HINT = _l("Enter a valid email address, such as nom@example.org.")


class EmptyForm(FlaskForm):
    """A one-button POST: it carries only the CSRF token."""


class VersionedForm(FlaskForm):
    # The version of the issue the editor loaded: every save is checked against it.
    version = IntegerField(validators=[DataRequired()], widget=HiddenInput())


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(message=EMAIL_HINT)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def _choices(*pairs: tuple[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _kind_choices() -> list[SelectChoice]:
    return _choices(*((kind.value, kind.label) for kind in Kind))


def _design_choices(option: str) -> list[SelectChoice]:
    return _choices(("", _l("As the design")), *((v, designs.CHOICE_LABELS[v]) for v in designs.CHOICES[option]))


def _language_choices() -> list[SelectChoice]:
    return _choices(("fr", "Français"), ("en", "English"))


class ArticleForm(FlaskForm):
    version = HiddenField()
    kind = SelectField(_l("Kind"), choices=_kind_choices())
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    lead = TextAreaField(_l("Lead (chapô)"), validators=[Optional()])
    body = TextAreaField(_l("Body (a blank line starts a paragraph; HTML for intertitles and lists)"),
                         validators=[Optional()])
    author = StringField(_l("Author"), validators=[Optional(), Length(max=200)])
    section = StringField(_l("Rubrique"), validators=[Optional(), Length(max=100)])
    tags = StringField(_l("Tags (comma-separated)"), validators=[Optional()])
    canonical_url = StringField(
        _l("Canonical URL"), validators=[Optional(), URL(require_tld=False), Length(max=1000)]
    )
    image_url = StringField(_l("Image URL"), validators=[Optional(), URL(require_tld=False), Length(max=1000)])
    image_alt = StringField(_l("Image alt text"), validators=[Optional(), Length(max=500)])
    published_at = DateTimeLocalField(
        _l("Published"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[Optional()]
    )
    language = SelectField(_l("Language"), choices=_language_choices())


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(message=EMAIL_HINT)])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])  # the policy: accounts.py
    role = SelectField(_l("Role"), choices=_choices(*((role.value, role.label) for role in Role)))


class IssueNewForm(FlaskForm):
    # The newsletters, set by the view; none sent: the first one.
    newsletter = SelectField(_l("Newsletter"), coerce=int, choices=[], validators=[Optional()], validate_choice=False)
    title = StringField(_l("Internal title"), validators=[DataRequired(), Length(max=200)])
    issue_date = DateField(_l("Issue date"), validators=[DataRequired()])
    language = SelectField(_l("Language of the email"),
                           choices=[SelectChoice("", _l("The newsletter's")), *_language_choices()])


class IssueMetaForm(VersionedForm):
    title = StringField(_l("Internal title"), validators=[DataRequired(), Length(max=200)])
    subject = StringField(_l("Subject"), validators=[Optional(), Length(max=300)])
    preheader = StringField(_l("Preheader"), validators=[Optional(), Length(max=300)])
    intro = TextAreaField(_l("Intro"), validators=[Optional()])
    issue_date = DateField(_l("Issue date"), validators=[DataRequired()])
    language = SelectField(_l("Language of the email"), choices=_language_choices())


class AddItemForm(VersionedForm):
    article_id = IntegerField(validators=[DataRequired()])
    section = SelectField(choices=_choices(*((s.value, s.value) for s in Section)))


class MoveItemForm(VersionedForm):
    direction = SelectField(choices=_choices(("up", "up"), ("down", "down"), ("", "")), validators=[Optional()])
    section = SelectField(choices=_choices(("", ""), *((s.value, s.value) for s in Section)), validators=[Optional()])
    position = IntegerField(validators=[Optional()])


class OverrideForm(VersionedForm):
    title_override = StringField(_l("Title in this issue"), validators=[Optional(), Length(max=300)])
    teaser_override = TextAreaField(_l("Teaser in this issue"), validators=[Optional()])
    image_override = StringField(
        _l("Image URL in this issue"), validators=[Optional(), URL(require_tld=False), Length(max=1000)]
    )
    image_override_alt = StringField(_l("Its alt text (empty if it only decorates)"),
                                     validators=[Optional(), Length(max=500)])


class UndoForm(FlaskForm):
    """A removed story put back where it was, with its per-issue text."""

    article_id = IntegerField(validators=[DataRequired()])
    section = SelectField(choices=_choices(*((s.value, s.value) for s in Section)))
    position = IntegerField(validators=[Optional()])
    title_override = HiddenField()
    teaser_override = HiddenField()
    image_override = HiddenField()


class StatusForm(VersionedForm):
    status = SelectField(choices=_choices(*((s.value, s.value) for s in Status)))


class AccountForm(FlaskForm):
    language = SelectField(
        _l("Interface language"),
        choices=_choices(("", _l("Browser default")), ("fr", "Français"), ("en", "English")),
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))])


class BrandForm(FlaskForm):
    version = IntegerField(validators=[Optional()])
    publication_name = StringField(_l("Publication name"), validators=[DataRequired(), Length(max=200)])
    logo_url = StringField(_l("Logo URL (https; shown at most 200 × 60 px, its ratio kept)"),
                           validators=[Optional(), Length(max=1000)])
    accent_color = StringField(_l("Accent colour"), validators=[DataRequired(), Length(min=7, max=7)])
    postal_address = StringField(_l("Postal address"), validators=[DataRequired(), Length(max=500)])
    footer_text = TextAreaField(_l("Footer text"), validators=[Optional()])
    sender_email = EmailField(_l("Sender address"), validators=[DataRequired(), Email(message=EMAIL_HINT)])
    unsubscribe_url = StringField(_l("Unsubscribe page (generic profile)"), validators=[Optional(), Length(max=1000)])
    view_online_url = StringField(_l("View-in-browser page (generic profile)"),
                                  validators=[Optional(), Length(max=1000)])
    site_url = StringField(_l("Website"), validators=[Optional(), Length(max=1000)])
    utm_enabled = BooleanField(_l("Add UTM parameters to article links"))
    utm_source = StringField(_l("utm_source"), validators=[Optional(), Length(max=100)])
    unsubscribe_email = EmailField(_l("Unsubscribe mailbox (generic profile)"),
                                   validators=[Optional(), Email(), Length(max=254)])
    table_of_contents = BooleanField(_l("« In this issue »: links to every story above 15 stories"))


class ImportForm(FlaskForm):
    url = StringField(_l("Feed or site address"), validators=[Optional(), Length(max=1000)])
    file = FileField(_l("…or a file (RSS, Atom, WordPress JSON, CSV, JSON, text)"))
    format = SelectField(_l("Format"), choices=_choices(
        ("", _l("Automatic")), ("rss", "RSS"), ("atom", "Atom"), ("wordpress", "WordPress"), ("csv", "CSV"),
        ("json", "JSON"), ("text", _l("Text"))), validators=[Optional()])
    kind = SelectField(_l("Kind by default"), choices=_kind_choices())
    section = StringField(_l("Rubrique by default"), validators=[Optional(), Length(max=100)])
    save_source = BooleanField(_l("Save this address to run it again later"))


class PasteForm(FlaskForm):
    text = TextAreaField(_l("Paste the article here, as copied from the web page"), validators=[DataRequired()])
    # The clipboard's HTML, set by composer/static/paste.js when the browser gives one (headings, links, lists).
    html = HiddenField()


class ReviewForm(ArticleForm):
    """An article read from a paste or a page, before it is saved: the fields, and what they were read from
    (so that « remettre » reads it again with a line put back)."""

    origin = HiddenField()  # paste or page
    blocks = HiddenField()
    images = HiddenField()
    page_meta = HiddenField()
    keep = HiddenField()


class SourceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind by default"), choices=_kind_choices())
    section = StringField(_l("Rubrique by default"), validators=[Optional(), Length(max=100)])
    opinion_labels = TextAreaField(_l("Rubriques and categories of opinion pieces (comma-separated; empty: the "
                                      "list of the import settings)"), validators=[Optional()])
    category_map = TextAreaField(_l("The source's categories and the library's rubriques, one « category = "
                                    "rubrique » a line"), validators=[Optional()])
    every_minutes = IntegerField(_l("Import again every (minutes, 15 to 10080; empty: only on demand)"),
                                 validators=[Optional()])


class ImportSettingsForm(FlaskForm):
    opinion_labels = TextAreaField(_l("Rubriques and categories of opinion pieces (comma-separated)"),
                                   validators=[DataRequired()])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name (what uses it)"), validators=[DataRequired(), Length(max=100)])
    # A token outlives the session: whoever has a stolen session cookie must not be able to mint one.
    password = PasswordField(_l("Your password"), validators=[DataRequired()])


class SendTestForm(FlaskForm):
    to = TextAreaField(_l("Send a test to (up to 10 addresses)"), validators=[DataRequired()])


class ServiceAccountForm(FlaskForm):
    service = SelectField(_l("Service"), choices=_choices(("listmonk", "listmonk"), ("mailchimp", "Mailchimp"),
                                                          ("brevo", "Brevo")))
    base_url = StringField(_l("Address of your listmonk (listmonk only)"), validators=[Optional(), Length(max=500)])
    username = StringField(_l("API user (listmonk only)"), validators=[Optional(), Length(max=200)])
    secret = PasswordField(_l("API key or token (leave empty to keep the saved one)"), validators=[Optional()])
    list_ids = StringField(_l("List ids, comma-separated"), validators=[Optional(), Length(max=500)])


class NewsletterForm(FlaskForm):
    """A newsletter (admins): its identity, one row per section it may use, its design and its audiences. The
    design's options start empty: « as the preset »."""

    version = IntegerField(validators=[Optional()], widget=HiddenInput())
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language of the email"), choices=_language_choices())
    sender_name = StringField(_l("Sender name"), validators=[Optional(), Length(max=200)])
    sender_email = StringField(_l("Sender address"), validators=[Optional(), Length(max=254)])
    footer_text = TextAreaField(_l("Footer text"), validators=[Optional()])
    preset = SelectField(_l("Design"), choices=_choices(*designs.PRESETS_LABELS.items()))
    header = SelectField(designs.LABELS["header"], validators=[Optional()], choices=_design_choices("header"))
    align = SelectField(designs.LABELS["align"], validators=[Optional()], choices=_design_choices("align"))
    font = SelectField(designs.LABELS["font"], validators=[Optional()], choices=_design_choices("font"))
    layout = SelectField(designs.LABELS["layout"], validators=[Optional()], choices=_design_choices("layout"))
    bylines = SelectField(designs.LABELS["bylines"], validators=[Optional()], choices=_design_choices("bylines"))
    date_line = SelectField(designs.LABELS["date_line"], validators=[Optional()],
                            choices=_choices(("", _l("As the design")), ("1", _l("Yes")), ("0", _l("No"))))
    accent_color = StringField(designs.LABELS["accent_color"], validators=[Optional(), Length(max=7)])
    audience_listmonk = StringField(_l("listmonk list"), validators=[Optional(), Length(max=100)])
    audience_mailchimp = StringField(_l("Mailchimp audience"), validators=[Optional(), Length(max=100)])
    audience_brevo = StringField(_l("Brevo list"), validators=[Optional(), Length(max=100)])


for _section in Section:  # one row per section: used or not, its place, title, kinds and lead stories
    setattr(NewsletterForm, f"use_{_section.value}", BooleanField(_section.label))
    setattr(NewsletterForm, f"order_{_section.value}", IntegerField(_l("Order"), validators=[Optional()]))
    setattr(NewsletterForm, f"title_{_section.value}", StringField(_l("Title"), validators=[Optional(),
                                                                                            Length(max=100)]))
    setattr(NewsletterForm, f"article_{_section.value}", BooleanField(Kind.ARTICLE.label))
    setattr(NewsletterForm, f"opinion_{_section.value}", BooleanField(Kind.OPINION.label))
    setattr(NewsletterForm, f"leads_{_section.value}", IntegerField(_l("Lead stories"), validators=[Optional()]))

"""Export an issue as HTML, plain text or an .eml message: the files the web, CLI and API hand out."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from flask_babel import gettext as _

from composer.email.brand import Brand
from composer.email.render import RenderedEmail, render_issue
from composer.errors import UnknownChoice
from composer.models import Issue

FORMATS = {"html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8", "eml": "message/rfc822"}
EXTENSIONS = {"html": "html", "text": "txt", "eml": "eml"}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    mimetype: str
    filename: str


def export_issue(issue: Issue, fmt: str, profile: str, brand: Brand) -> ExportFile:
    """The file of one format for one profile; an unknown format is refused here, an unknown profile by
    render_issue (get_profile)."""
    if fmt not in FORMATS:
        raise UnknownChoice(_("Unknown format %(format)s; choose one of: %(formats)s.", format=fmt,
                              formats=", ".join(FORMATS)), {"format": fmt})
    rendered = render_issue(issue, profile, brand)
    if fmt == "html":
        content = rendered.html.encode("utf-8")
    elif fmt == "text":
        content = rendered.text.encode("utf-8")
    else:
        content = build_eml(rendered, brand, issue.language).as_bytes()
    filename = f"{issue.archive_key}.{EXTENSIONS[fmt]}"
    return ExportFile(content, FORMATS[fmt], filename)


def build_eml(rendered: RenderedEmail, brand: Brand, language: str, to: str | None = None) -> EmailMessage:
    """An RFC 5322 message: multipart/alternative, plain text first, HTML second, UTF-8."""
    message = EmailMessage()
    # A subject saved before line breaks were refused there: one line, never a header of its own.
    message["Subject"] = " ".join(rendered.subject.splitlines())
    message["From"] = formataddr((brand.publication_name, brand.sender_email))
    if to:
        message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=brand.sender_email.rpartition("@")[2] or None)
    message["Content-Language"] = language
    if rendered.profile == "generic" and brand.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{brand.unsubscribe_url}>"
        if brand.unsubscribe_url.startswith("https://"):
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return message

"""Export an issue as HTML, plain text or an .eml message: the files the web, CLI and API hand out."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from flask_babel import gettext as _

from composer.email.brand import Brand, for_newsletter
from composer.email.render import RenderedEmail, render_issue
from composer.errors import UnknownChoice
from composer.models import Issue

FORMATS = {"html": "text/html; charset=utf-8", "text": "text/plain; charset=utf-8", "eml": "message/rfc822"}
EXTENSIONS = {"html": "html", "text": "txt", "eml": "eml"}
# A tag the sending tool replaces for each recipient ({{ token }}, *|UNSUB_ID|*, [[ID]], %%id%%, {token}):
# only such a URL identifies who unsubscribes, which one-click unsubscribe (RFC 8058) requires.
RECIPIENT_TAG = re.compile(r"\{\{.+?\}\}|\*\|.+?\|\*|\[\[.+?\]\]|%%.+?%%|\{[A-Za-z_][\w.]*\}")


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
        content = build_eml(rendered, for_newsletter(brand, issue.newsletter), issue.language).as_bytes()
    filename = f"{issue.archive_key}.{EXTENSIONS[fmt]}"
    return ExportFile(content, FORMATS[fmt], filename)


def build_eml(rendered: RenderedEmail, brand: Brand, language: str, to: str | None = None) -> EmailMessage:
    """An RFC 5322 message: multipart/alternative, plain text first, HTML second, UTF-8."""
    message = EmailMessage()
    # A subject saved before line breaks were refused there: one line, never a header of its own.
    message["Subject"] = " ".join(rendered.subject.splitlines())
    message["From"] = formataddr((brand.sender_name or brand.publication_name, brand.sender_email))
    if to:
        message["To"] = to
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=brand.sender_email.rpartition("@")[2] or None)
    if rendered.profile == "generic":  # the other services add their own List-Unsubscribe per recipient
        for name, value in list_unsubscribe(brand).items():
            message[name] = value
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    message["Content-Language"] = language  # after set_content(), which clears the Content-* headers
    return message


def list_unsubscribe(brand: Brand) -> dict[str, str]:
    """List-Unsubscribe (RFC 2369) with the brand's mailbox (mailto:) and page, and List-Unsubscribe-Post
    (RFC 8058) only when the page's URL carries a per-recipient tag: one click on a URL that does not say who
    is unsubscribing unsubscribes no one."""
    targets = []
    if brand.unsubscribe_email:
        targets.append(f"<mailto:{brand.unsubscribe_email}?subject=unsubscribe>")
    url = brand.unsubscribe_url
    if url.startswith(("https://", "http://")):
        targets.append(f"<{url}>")
    headers = {"List-Unsubscribe": ", ".join(targets)} if targets else {}
    if url.startswith("https://") and RECIPIENT_TAG.search(url):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers

"""Test sends: the exported .eml, with [TEST] before the subject, through the newsroom's SMTP server."""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from composer.email.brand import Brand, for_newsletter
from composer.email.export import build_eml
from composer.email.render import render_issue
from composer.errors import DomainError, InvalidInput, network_reason
from composer.models import Issue

MAX_RECIPIENTS = 10


class DeliveryFailed(DomainError):
    status = 502


def recipients_from(raw: list[str]) -> list[str]:
    """Validated, de-duplicated addresses (commas, semicolons or new lines between them)."""
    found: list[str] = []
    for chunk in raw:
        for part in chunk.replace(";", ",").replace("\n", ",").split(","):
            if part.strip():
                try:
                    found.append(validate_email(part.strip(), check_deliverability=False).normalized)
                except EmailNotValidError as exc:  # its reason is English: ours says what an address is
                    raise InvalidInput(_("%(address)s is not a valid email address (name@domain.tld).",
                                         address=part.strip()), {"to": part.strip()}) from exc
    found = list(dict.fromkeys(found))
    if not found:
        raise InvalidInput(_("Give at least one address."), {"to": "empty"})
    if len(found) > MAX_RECIPIENTS:
        raise InvalidInput(_("At most %(n)s addresses per test.", n=MAX_RECIPIENTS), {"to": "too many"})
    return found


def send_test(issue: Issue, recipients: list[str], brand: Brand, config: Mapping[str, Any]) -> list[str]:
    """Send the generic export of the issue to the addresses; returns them. Changes nothing else."""
    addresses = recipients_from(recipients)
    rendered = render_issue(issue, "generic", brand)
    message = build_eml(rendered, for_newsletter(brand, issue.newsletter), issue.language, to=", ".join(addresses))
    del message["Subject"]
    message["Subject"] = f"[TEST] {rendered.subject}"
    sender = config.get("MAIL_DEFAULT_SENDER") or brand.sender_email
    server, port = config.get("MAIL_SERVER") or "localhost", int(config.get("MAIL_PORT") or 25)
    try:
        with smtplib.SMTP(server, port, timeout=15) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            refused = smtp.send_message(message, from_addr=sender, to_addrs=addresses)
    except smtplib.SMTPResponseException as exc:
        reason = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        raise DeliveryFailed(_("The mail server refused the test: %(code)s %(reason)s", code=exc.smtp_code,
                               reason=reason)) from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryFailed(_("The mail server refused the test: %(reason)s", reason=exc.recipients)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(_("Cannot reach the mail server %(server)s:%(port)s: %(reason)s. Check MAIL_SERVER "
                               "and MAIL_PORT (README, Configuration).", server=server, port=port,
                               reason=exc if isinstance(exc, smtplib.SMTPException) else network_reason(exc))) from exc
    return [a for a in addresses if a not in refused]

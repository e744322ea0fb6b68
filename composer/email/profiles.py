"""Mailing-service export profiles: which merge tags fill the unsubscribe and view-in-browser slots."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from composer.errors import UnknownChoice


@dataclass(frozen=True)
class Profile:
    name: str
    label: Any  # str, or a lazy string in the interface language
    unsubscribe: str | None  # a merge tag; None means the URL from the brand settings
    view_online: str | None  # a merge tag; None means the URL from settings, "" means no link at all
    hint: Any
    # Merge tags around the view-in-browser links, for services that show the email on a web page of their own
    # (Mailchimp's archive page would otherwise offer to view in a browser the page the reader is on).
    view_online_guard: tuple[str, str] = ("", "")

    def unsubscribe_tag(self, language: str) -> str | None:
        if self.unsubscribe and "{LANG}" in self.unsubscribe:
            return self.unsubscribe.replace("{LANG}", language.upper())
        return self.unsubscribe


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("generic", _l("Generic"), None, None, _l("Paste the HTML into any tool that accepts raw HTML.")),
        Profile("mailchimp", "Mailchimp", "*|UNSUB|*", "*|ARCHIVE|*",
                _l("Mailchimp: Campaign → Design → Code your own → Paste in code."),
                ("*|IFNOT:ARCHIVE_PAGE|*", "*|END:IF|*")),
        Profile("brevo", "Brevo", "{{ unsubscribe }}", "{{ mirror }}",
                _l("Brevo: Campaigns → Create → Design → Paste your code.")),
        Profile("listmonk", "listmonk", "{{ UnsubscribeURL }}", "{{ MessageURL }}",
                _l("listmonk: Campaigns → New → Format: Raw HTML → paste in Content.")),
        Profile("sendgrid", "SendGrid", "{{{unsubscribe}}}", "",
                _l("SendGrid: Marketing → Single Sends → Code Editor → paste.")),
        Profile("mailjet", "Mailjet", "[[UNSUB_LINK_{LANG}]]", "",
                _l("Mailjet: Campaigns → Create → Code your own HTML → paste.")),
    )
}


def get_profile(name: str) -> Profile:
    """The profile of that name; any other name is refused here, for the web, the API and the CLI alike."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UnknownChoice(_("Unknown profile %(profile)s; choose one of: %(profiles)s.", profile=name,
                              profiles=", ".join(PROFILES)), {"profile": name}) from None

"""Mailing-service export profiles: which merge tags fill the unsubscribe and view-in-browser slots."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    unsubscribe: str | None  # a merge tag; None means the URL from the brand settings
    view_online: str | None  # a merge tag; None means the URL from settings, "" means no link at all
    hint: str
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
        Profile("generic", "Générique", None, None, "Paste the HTML into any tool that accepts raw HTML."),
        Profile("mailchimp", "Mailchimp", "*|UNSUB|*", "*|ARCHIVE|*",
                "Mailchimp: Campaign → Design → Code your own → Paste in code.",
                ("*|IFNOT:ARCHIVE_PAGE|*", "*|END:IF|*")),
        Profile("brevo", "Brevo", "{{ unsubscribe }}", "{{ mirror }}",
                "Brevo: Campaigns → Create → Design → Paste your code."),
        Profile("listmonk", "listmonk", "{{ UnsubscribeURL }}", "{{ MessageURL }}",
                "listmonk: Campaigns → New → Format: Raw HTML → paste in Content."),
        Profile("sendgrid", "SendGrid", "{{{unsubscribe}}}", "",
                "SendGrid: Marketing → Single Sends → Code Editor → paste."),
        Profile("mailjet", "Mailjet", "[[UNSUB_LINK_{LANG}]]", "",
                "Mailjet: Campaigns → Create → Code your own HTML → paste."),
    )
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise KeyError(f"unknown profile {name!r}; choose one of: {', '.join(PROFILES)}") from None

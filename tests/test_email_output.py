"""Email-safe output: every profile's export passes our lint, caniemail data (doiuse-email) and html-validate."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from composer.domain import add_utm
from composer.email.brand import Brand
from composer.email.lint import errors_of, lint_email
from composer.email.profiles import PROFILES
from composer.email.render import render_issue
from tests.factories import fill_with_sixty_stories, make_issue

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
CLIENTS = "gmail.desktop-webmail,outlook.windows,apple-mail.macos"
# doiuse-email errors we accept, each with why it is harmless for our layout.
DOIUSE_ALLOWED = {
    "`@media` is not supported by `outlook.windows`":
        "the mobile and dark-mode rules are progressive: Outlook keeps the 600 px desktop layout",
    "`overflow` is not supported by `outlook.windows`":
        "only on the hidden preheader, which mso-hide:all hides in Outlook",
    "`opacity` is not supported by `outlook.windows`": "only on the hidden preheader (mso-hide:all)",
    "`outline` is not supported by `outlook.windows`": "img reset; Outlook draws no outline anyway",
    "`border-radius` is not supported by `outlook.windows`": "buttons are square in Outlook, still legible",
    "`text-transform` is not supported by `outlook.windows`": "section labels are written in full",
    "`letter-spacing` is not supported by `outlook.windows`": "cosmetic on section labels",
    "`max-width` is not supported by `outlook.windows`": "the MSO ghost table fixes the width at 600 px",
    "`display` is not supported by `outlook.windows`": "display:block on images only; attributes size them",
    "`Attribute selector` is not supported by `outlook.windows`":
        "only in Outlook.com's dark-mode rules ([data-ogsc], [data-ogsb]); Outlook for Windows ignores them",
}
BRAND = Brand.from_mapping({})


def node_tool(*args: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is required for the email checks (install Node.js)"
    assert NODE_MODULES.is_dir(), "run `npm ci` (make test does) to install the email checkers"
    return subprocess.run([node, *args], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)


@pytest.fixture
def demo_issue(app):
    with app.app_context():
        from composer.demo import seed

        seed()
        from composer.extensions import db
        from composer.models import Issue

        yield db.session.query(Issue).one()


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_profile_passes_the_email_lint(app, demo_issue, profile) -> None:
    with app.app_context():
        html = render_issue(demo_issue, profile, BRAND).html
        assert errors_of(lint_email(html)) == []


def test_lint_catches_what_breaks_mail_clients() -> None:
    broken = ('<html><head><style>p{color:red}</style></head><body><div style="display:flex">'
              '<img src="http://x/a.png"><a href="/relative">cliquez ici</a><script></script></div></body></html>')
    rules = {f.rule for f in lint_email(broken) if f.level == "error"}
    assert {"doctype", "lang", "charset", "banned-tag", "img-alt", "img-src", "img-size", "links", "layout",
            "unsubscribe", "inline-css", "preheader", "outlook", "dark-mode"} <= rules


@pytest.mark.parametrize("profile", list(PROFILES))
def test_caniemail_reports_nothing_beyond_the_allow_list(app, demo_issue, profile, tmp_path) -> None:
    with app.app_context():
        target = tmp_path / f"{profile}.html"
        target.write_text(render_issue(demo_issue, profile, BRAND).html, encoding="utf-8")
    result = node_tool("node_modules/doiuse-email/bin/cli.js", "-e", CLIENTS, str(target))
    report = json.loads(result.stdout)
    unexpected = [e for e in report["errors"] if e not in DOIUSE_ALLOWED]
    assert unexpected == []


@pytest.mark.parametrize("profile", list(PROFILES))
def test_html_validate_passes_with_the_email_config(app, demo_issue, profile, tmp_path) -> None:
    with app.app_context():
        target = tmp_path / f"{profile}.html"
        target.write_text(render_issue(demo_issue, profile, BRAND).html, encoding="utf-8")
    # Email-tuned config: inline styles, presentational attributes (Outlook reads them) and Outlook's
    # conditional comments are the point of email HTML; implicit <tbody> is what every parser adds.
    result = node_tool("node_modules/html-validate/bin/html-validate.mjs", "--config", ".htmlvalidate.json",
                       "-f", "json", str(target))
    assert result.returncode == 0, result.stdout[:2000]


def test_a_sixty_item_issue_stays_under_gmails_clipping_limit(app) -> None:
    with app.app_context():
        issue = fill_with_sixty_stories(make_issue(subject="Soixante articles",
                                                   preheader="Un numéro très chargé pour tester la taille"))
        html = render_issue(issue, "generic", BRAND).html
        assert len(html.encode("utf-8")) < 102 * 1024


def test_utm_parameters_keep_query_and_fragment_and_skip_mailto_and_merge_tags() -> None:
    params = {"utm_source": "lettre", "utm_medium": "email", "utm_campaign": "sahel", "utm_content": "news"}
    assert add_utm("https://example.org/a?id=3#suite", params) == (
        "https://example.org/a?id=3&utm_source=lettre&utm_medium=email&utm_campaign=sahel&utm_content=news#suite")
    assert add_utm("https://example.org/a?utm_source=site", params).count("utm_source=") == 1
    assert add_utm("mailto:redaction@example.org", params) == "mailto:redaction@example.org"
    assert add_utm("*|ARCHIVE|*", params) == "*|ARCHIVE|*"


def test_utm_parameters_are_added_to_article_links_only_when_enabled(app, demo_issue) -> None:
    with app.app_context():
        plain = render_issue(demo_issue, "mailchimp", BRAND).html
        tagged = render_issue(demo_issue, "mailchimp", Brand.from_mapping({"utm_enabled": True,
                                                                            "utm_source": "horizon"})).html
        assert "utm_" not in plain
        assert ("https://example.org/securite/revers-majeur-armee-malienne-kidal?utm_source=horizon"
                "&amp;utm_medium=email&amp;utm_campaign=sahel-la-semaine-ou-tout-a-bascule&amp;utm_content=lead"
                ) in tagged
        assert 'href="*|UNSUB|*"' in tagged and 'href="*|ARCHIVE|*"' in tagged

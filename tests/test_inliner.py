"""The once-per-stylesheet inliner gives the same email as running premailer on every email."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from composer.demo import seed
from composer.email.brand import Brand
from composer.email.inliner import premailer
from composer.email.profiles import PROFILES, get_profile
from composer.email.render import _environment, client_css, email_context, render_issue, stylesheet
from composer.extensions import db
from composer.models import Issue


class Shape(HTMLParser):
    """Elements with their attributes (style as a set of declarations) and the text, for comparison."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[object] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {}
        for name, value in attrs:
            if name == "style":
                values[name] = frozenset(d.replace(" ", "") for d in (value or "").split(";") if d.strip())
            elif name == "href":
                values[name] = unquote(value or "")  # premailer's serializer percent-encodes merge tags
            elif name not in ("xmlns", "xmlns:v", "xmlns:o"):
                values[name] = value
        self.items.append((tag, values))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(" ".join(data.split()))

    def handle_comment(self, data: str) -> None:
        self.items.append(("comment", " ".join(data.split())))


def shape(html: str) -> list[object]:
    parser = Shape()
    parser.feed(html)
    return [i for i in parser.items if not (isinstance(i, tuple) and i[0] == "style")]


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("accent", ["#b3261e", "#0b4f6c"])
def test_fast_inlining_equals_premailer_on_the_whole_email(app, profile: str, accent: str) -> None:
    brand = Brand.from_mapping({"accent_color": accent, "logo_url": "https://example.org/logo.png"})
    with app.app_context():
        seed()
        issue = db.session.query(Issue).one()
        fast = render_issue(issue, profile, brand).html
        context = email_context(issue, get_profile(profile), brand) | {"client_css": ""}
        full = _environment().get_template("issue.html").render(context, head_css=stylesheet(brand))
        slow = premailer(full)
    # The rules no inliner applies (colour scheme, Outlook.com's dark mode) are added to the <style> as they are.
    assert client_css(brand) in fast
    assert shape(fast.replace(client_css(brand), "")) == shape(slow)
    head_css = fast.split("<style>")[1].split("</style>")[0]
    assert head_css.strip().startswith("@media") and "prefers-color-scheme: dark" in head_css

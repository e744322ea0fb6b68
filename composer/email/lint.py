"""Composer's own email lint: the rules of email-safe HTML that a program can check.

lint_email(html) returns findings (level, rule, message); the export page shows them and the tests
require every profile's export of an issue to have no error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SIZE_LIMIT = 102 * 1024
SIZE_WARN = 90 * 1024
BANNED_TAGS = {"script", "form", "iframe", "video", "audio", "svg", "object", "embed", "input", "button",
               "select", "textarea", "link"}
LAYOUT = re.compile(r"(?<![-\w])(display\s*:\s*(flex|grid|inline-flex|inline-grid)|position\s*:"
                    r"|float\s*:\s*(left|right)|(?<![-\w])gap\s*:)", re.I)
UNSAFE_VALUE = re.compile(r"var\(|calc\(", re.I)
SHORT_HEX = re.compile(r"#[0-9a-f]{3}(?![0-9a-f])", re.I)
MERGE_TAG = re.compile(r"^(\*\|[^|]+\|\*|\{\{\{?[^{}]+\}?\}\}|\[\[[A-Z_]+\]\])$")
RULE = re.compile(r"([^{}]+)\{[^{}]*\}")
CLIENT_SELECTOR = re.compile(r"^(:root|\[data-ogs[cb]\]\s[^,]+)$")  # colour scheme, Outlook.com's dark mode
HEIGHT_AUTO = re.compile(r"(?<![-\w])height\s*:\s*auto", re.I)
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
VAGUE_LINK_TEXT = {"cliquez ici", "ici", "click here", "here", "lire la suite", "en savoir plus", "read more"}
UNSUBSCRIBE = re.compile(r"unsub|désinscri|desinscri|désabonn|desabonn", re.I)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    rule: str
    message: str


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self.comments: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.body_children: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._depth_in_body: int | None = None
        self._in: list[str] = []
        self._link: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if self._depth_in_body == 0:
            self.body_children.append((tag, values))
        if tag == "body":
            self._depth_in_body = 0
        elif self._depth_in_body is not None and tag not in ("img", "br", "meta", "hr"):
            self._depth_in_body += 1
        if tag == "a":
            self._link, self._href = [], values.get("href", "")
        if tag not in ("img", "br", "meta", "hr", "link"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._href, " ".join("".join(self._link).split())))
            self._link = None
        if self._depth_in_body is not None and tag not in ("img", "br", "meta", "hr", "body"):
            self._depth_in_body -= 1
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        current = self._in[-1] if self._in else ""
        if current == "style":
            self.styles.append(data)
        elif current == "title":
            self.title += data
        if self._link is not None:
            self._link.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _declarations(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            out[name.strip().lower()] = value.strip()
    return out


def _padding(style: str) -> str:
    """The first non-zero padding declaration of an inline style, else ""."""
    for name, value in _declarations(style).items():
        if re.fullmatch(r"padding(-[a-z]+)*", name) and re.search(r"[1-9]", value):
            return f"{name}:{value}"
    return ""


def _is_mso(comment: str) -> bool:
    return comment.startswith(("[if mso", "[if gte mso", "[if (gte mso", "[if !mso", "[endif]"))


def lint_email(html: str) -> list[Finding]:
    findings: list[Finding] = []

    def error(rule: str, message: str) -> None:
        findings.append(Finding("error", rule, message))

    def warn(rule: str, message: str) -> None:
        findings.append(Finding("warning", rule, message))

    size = len(html.encode("utf-8"))
    if size > SIZE_LIMIT:
        error("size", f"{size / 1024:.1f} KB: Gmail clips messages over 102 KB, unsubscribe link included")
    elif size >= SIZE_WARN:
        warn("size", f"{size / 1024:.1f} KB: close to Gmail's 102 KB clipping limit")
    parser = _Parser()
    parser.feed(html)
    parser.close()
    tags = parser.tags
    by_name = lambda name: [a for t, a in tags if t == name]  # noqa: E731

    if not re.match(r"\s*<!doctype html>", html, re.I):
        error("doctype", "the document does not start with <!DOCTYPE html>")
    html_tags = by_name("html")
    if not html_tags or not html_tags[0].get("lang"):
        error("lang", "<html> has no lang attribute")
    elif not any(t != "html" and a.get("lang") for t, a in tags):
        warn("lang", "no wrapper element repeats lang (Gmail drops <html>)")
    metas = by_name("meta")
    if not any(a.get("charset", "").lower() == "utf-8" for a in metas):
        error("charset", "no <meta charset=\"utf-8\">")
    if not any(a.get("name") == "viewport" for a in metas):
        error("viewport", "no viewport meta")
    if not any(a.get("name") == "color-scheme" for a in metas) or \
            not any(a.get("name") == "supported-color-schemes" for a in metas):
        error("dark-mode", "color-scheme and supported-color-schemes metas are missing")
    if "prefers-color-scheme: dark" not in "".join(parser.styles):
        error("dark-mode", "no prefers-color-scheme: dark rules")
    if not parser.title.strip():
        error("title", "the <title> is empty")
    for name in sorted(BANNED_TAGS & {t for t, _ in tags}):
        error("banned-tag", f"<{name}> is stripped or broken by mail clients")
    tables = by_name("table")
    if not tables:
        error("tables", "no table layout")
    for attrs in tables:
        if attrs.get("role") != "presentation":
            error("tables", "a layout table lacks role=\"presentation\"")
            break
    if not any(_is_mso(c) for c in parser.comments):
        error("outlook", "no <!--[if mso]> conditional for Outlook")
    if [c for c in parser.comments if not _is_mso(c)]:
        warn("comments", "comments other than Outlook conditionals add bytes")
    for attrs in by_name("img"):
        src = attrs.get("src", "")
        declarations = _declarations(attrs.get("style", ""))
        if "alt" not in attrs:
            error("img-alt", f"image {src[:60]} has no alt attribute")
        elif attrs["alt"].strip() and not {"font-family", "color"} <= set(declarations):
            error("img-alt", f"image {src[:60]}: its alt text has no font and colour for when images are off")
        if not src.startswith("https://"):
            error("img-src", f"image {src[:60]} is not an absolute https URL")
        height = attrs.get("height")
        if not attrs.get("width", "").isdigit() or (height is not None and not height.isdigit()):
            error("img-size", f"image {src[:60]} lacks a numeric width (and a numeric height, if any)")
        if not HEIGHT_AUTO.search(attrs.get("style", "")):
            error("img-size", f"image {src[:60]} has no height:auto: a height not in its ratio squashes it, "
                              "and it cannot shrink on a phone")
    # Outlook for Windows (Word) drops padding on <a> and <div>: a button shrinks to its text, a teaser
    # butts against its title. Pad table cells, or space with <p> margins.
    for name in ("a", "div"):
        padded = [pad for a in by_name(name) if (pad := _padding(a.get("style", "")))]
        if padded:
            error("padding", f"{len(padded)} <{name}> with padding (first: {padded[0]}): Outlook for Windows "
                             "drops it; pad the table cell or use <p> margins")
    outline = [int(t[1]) for t, _ in tags if t in HEADINGS]
    if outline.count(1) != 1:
        error("headings", f"{outline.count(1)} <h1>: one main heading (the publication or the issue) is expected")
    elif outline[0] != 1:
        error("headings", f"an <h{outline[0]}> comes before the <h1>")
    for before, after in zip(outline, outline[1:], strict=False):
        if after > before + 1:
            error("headings", f"<h{after}> right after <h{before}>: a level is skipped in the outline")
            break
    for href, text in parser.links:
        if MERGE_TAG.match(href) or re.match(r"^#[\w-]+$", href):
            continue
        if not re.match(r"^(https?://|mailto:)", href):
            error("links", f"link {href[:60]!r} is neither absolute http(s), mailto nor a merge tag")
        if text.lower().strip(" .…→") in VAGUE_LINK_TEXT:
            warn("link-text", f"link text {text!r} does not say where it goes")
    if not any(UNSUBSCRIBE.search(href) or UNSUBSCRIBE.search(text) for href, text in parser.links):
        error("unsubscribe", "no unsubscribe link")
    inline = [a["style"] for _, a in tags if a.get("style")]
    if not inline:
        error("inline-css", "no inline styles: CSS was not inlined")
    if any(LAYOUT.search(style) for style in inline):
        error("layout", "inline styles use flexbox, grid, position or float")
    if any(UNSAFE_VALUE.search(style) for style in inline):
        error("css-values", "inline styles use var() or calc()")
    if any(SHORT_HEX.search(style) for style in inline) or SHORT_HEX.search("".join(parser.styles)):
        warn("colors", "three-digit hex colours; use six digits")
    if len(parser.styles) > 1:
        error("style-blocks", "more than one <style> block")
    leftover = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", "".join(parser.styles))
    leftover = RULE.sub(lambda m: "" if all(CLIENT_SELECTOR.match(s.strip()) for s in m.group(1).split(","))
                        else m.group(0), leftover)
    if leftover.strip():
        error("inline-css", "rules outside @media were left in <style> instead of inlined")
    first = parser.body_children[0] if parser.body_children else ("", {})
    style = first[1].get("style", "").replace(" ", "").lower()
    if "display:none" not in style or "mso-hide:all" not in style:
        error("preheader", "the first element in <body> is not a hidden preheader")
    return findings


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]

"""The one HTML allow-list for article bodies, used by the editor form and by every import."""
from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "strong", "em", "a", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Only ASCII white space folds: non-breaking spaces are French typography, not layout.
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "ul", "ol", "br", "tr"}


def clean_html(html: str) -> str:
    """Keep only the tags an article body may hold; scripts, handlers and javascript: links go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    ).strip().replace("&nbsp;", "\u00a0")  # the serializer writes U+00A0 as an entity; keep the character


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML fragment: entities decoded, one blank line between blocks."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    blocks = ("".join(parser.parts)).split("\n\n")
    return "\n\n".join(_ASCII_SPACE.sub(" ", b).strip(" ") for b in blocks if b.strip())


_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_PLAIN_PARAGRAPHS = re.compile(r"^(\s*<p>((?!<).|<br>)*</p>\s*)*$", re.S)


# A tag that makes a block: text holding one is HTML laid out by its author; otherwise blank lines do it.
_BLOCK_TAG = re.compile(r"<(p|h[1-6]|ul|ol|li|blockquote|div|table)\b", re.I)
_SYNONYMS = re.compile(r"<(/?)(b|i)(\s[^>]*)?>", re.I)  # <b> and <i> as typed are <strong> and <em>
# An address typed in the text (not in a tag, not inside a link): it becomes a link. Closing punctuation
# that ends a sentence stays out of it.
_URL = re.compile(r"https?://[^\s<>\"«»]+[^\s<>\"«».,;:!?)\]’']")
_LINK_OR_TAG = re.compile(r"(<a\b.*?</a>|<[^>]*>)", re.I | re.S)


def _link_addresses(html: str) -> str:
    """Bare http(s) addresses in the text of an HTML fragment become links (existing links stay as they are)."""
    parts = _LINK_OR_TAG.split(html)
    for index in range(0, len(parts), 2):  # the text between tags and links
        parts[index] = _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', parts[index])
    return "".join(parts)


def text_to_html(text: str) -> str:
    """What an editor typed as sanitized HTML: a blank line starts a paragraph, a line break stays one, bold,
    italic and links typed as tags are kept, and an address typed as text becomes a link. Text laid out in
    HTML blocks (<p>, <h2>, lists…) stays as written."""
    text = text.replace("\r\n", "\n")
    if _BLOCK_TAG.search(text):
        return clean_html(_link_addresses(text))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = []
    for paragraph in paragraphs:
        inline = _SYNONYMS.sub(lambda m: f"<{m.group(1)}{'strong' if m.group(2).lower() == 'b' else 'em'}>",
                               paragraph) if _TAG.search(paragraph) else escape(paragraph, quote=False)
        html.append("<p>" + _link_addresses(inline).replace("\n", "<br>") + "</p>")
    return clean_html("".join(html))


def html_to_editable(html: str) -> str:
    """The reverse of text_to_html for simple paragraphs, so editors see their text, not tags."""
    if not _PLAIN_PARAGRAPHS.match(html):
        return html
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.S)
    return "\n\n".join(unescape(p.replace("<br>", "\n")) for p in paragraphs)

"""Rich text an editor wrote (the intro) made fit for the email, in one pass over its tags.

HTML: every allowed tag gets a class of the email's stylesheet, so the inliner gives it the email's own font,
size, colour and margins (a bare <p> or <a> would take each client's defaults: Times, blue, 1em margins);
its headings become styled paragraphs (the email's outline is its <h1>, sections <h2> and stories <h3>); the
last block loses its bottom margin. Text: blank lines between paragraphs, `texte <URL>` for links, `- `
bullets with a hanging indent. French issues get French typography on the text, never in a link's address.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from composer.email import plaintext

# tag in the editor's HTML → (tag, class) in the email
TAGS = {
    "p": ("p", "rt-p"), "h1": ("p", "rt-h"), "h2": ("p", "rt-h"), "h3": ("p", "rt-h"), "h4": ("p", "rt-h"),
    "a": ("a", "rt-a"), "ul": ("ul", "rt-list"), "ol": ("ol", "rt-list"), "li": ("li", "rt-li"),
    "blockquote": ("blockquote", "rt-quote"), "strong": ("strong", ""), "b": ("strong", ""), "em": ("em", ""),
    "i": ("em", ""),
}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote"}
SHAPES = {(tag, cls) for tag, cls in TAGS.values()}  # for the inliner: the shapes this module writes
LAST = ' style="margin-bottom:0"'


@dataclass(frozen=True)
class RichText:
    html: str
    text: str


def _same(text: str) -> str:
    return text


class _Normaliser(HTMLParser):
    def __init__(self, typography: Callable[[str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.typography = typography
        self.html: list[str] = []
        self.blocks: list[str] = []  # plain-text blocks
        self.line: list[str] = []  # the text block being read
        self.lists: list[list[int]] = []  # for each open list: [number of the next item] (0 for bullets)
        self.quote = 0
        self.href: str | None = None
        self.link_text: list[str] = []
        self.last_block = -1  # index in html of the last top-level block's start tag
        self.depth = 0
        self.in_list_block = False  # the last text block was a list item

    # -- text part
    def _flush(self) -> None:
        text = " ".join("".join(self.line).split(" "))
        text = " ".join(w for w in text.replace("\n", " ").replace("\t", " ").split(" ") if w)
        self.line = []
        if not text:
            return
        indent = "  " * max(0, len(self.lists) - 1)
        if self.lists:
            counter = self.lists[-1]
            marker = f"{counter[0]}. " if counter[0] else "- "
            if counter[0]:
                counter[0] += 1
            block = plaintext.wrap(text, first=indent + marker, indent=indent + " " * len(marker))
        else:
            block = plaintext.wrap(text)
        if self.quote:
            block = "\n".join("> " + line for line in block.split("\n"))
        if self.lists and self.in_list_block:
            self.blocks[-1] += "\n" + block  # the items of a list follow each other, line after line
        else:
            self.blocks.append(block)
        self.in_list_block = bool(self.lists)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.html.append("<br>")
            self.line.append("\n")
            return
        if tag not in TAGS:
            return
        name, cls = TAGS[tag]
        if tag in BLOCKS or tag == "li":
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "blockquote":
            self.quote += 1
        attributes = f' class="{cls}"' if cls else ""
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.href, self.link_text = href, []
            attributes += f' href="{escape(href)}"'
        if tag in BLOCKS and self.depth == 0:
            self.last_block = len(self.html)
        if tag in BLOCKS:
            self.depth += 1
        self.html.append(f"<{name}{attributes}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in TAGS:
            return
        name, _ = TAGS[tag]
        if tag == "a" and self.href is not None:
            if self.href and "".join(self.link_text).strip() != self.href:
                self.line.append(f" <{self.href}>")
            self.href = None
        if tag in BLOCKS or tag == "li":
            self._flush()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        if tag in BLOCKS:
            self.depth = max(0, self.depth - 1)
        self.html.append(f"</{name}>")

    def handle_data(self, data: str) -> None:
        text = self.typography(data)
        if self.href is not None:
            self.link_text.append(text)
        self.line.append(text)
        self.html.append(escape(text, quote=False))

    def result(self) -> RichText:
        self._flush()
        if self.last_block >= 0:
            start = self.html[self.last_block]
            self.html[self.last_block] = start[:-1] + LAST + ">"
        return RichText("".join(self.html), "\n\n".join(self.blocks))


def normalise(html: str, typography: Callable[[str], str] = _same) -> RichText:
    """The email's HTML and plain text for a sanitized fragment (composer.sanitize's allow-list)."""
    if not html.strip():
        return RichText("", "")
    parser = _Normaliser(typography)
    parser.feed(html)
    parser.close()
    return parser.result()

"""A pasted or fetched page as a flat list of blocks (headings, paragraphs, list items, quotes, captions), each
with where it stands (the elements around it) and what the page's markup says of it (inside a <nav>, a
« share » box, a « chapo » paragraph…). Plain text gives one block a line."""
from __future__ import annotations

import copy
import json
import re
from dataclasses import asdict, dataclass, field
from html import escape
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from composer.text import nfc

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADINGS | {"p", "li", "blockquote", "figcaption", "dt", "dd", "pre", "address", "td", "th",
                         "caption", "summary", "div", "section", "article", "main", "header", "footer", "aside",
                         "nav", "ul", "ol", "dl", "figure", "form", "table", "tbody", "thead", "tr", "body",
                         "details", "center", "menu", "hgroup"}
LEAVES = HEADINGS | {"p", "li", "blockquote", "figcaption", "dt", "dd", "pre", "address", "td", "th", "caption",
                     "summary"}
SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "select", "input", "textarea", "head", "title",
        "meta", "link", "object", "video", "audio", "canvas", "img", "amp-img", "picture", "source", "math",
        "amp-ad", "amp-analytics", "dialog"}
CHROME_TAGS = {"nav": "navigation", "aside": "encart", "form": "newsletter", "button": "share", "footer": "footer"}
# Class names, ids and roles that say what a box is.
CHROME_HINTS = [
    (re.compile(r"(^|[-_ ])(breadcrumbs?|fil-?ariane|ariane|fil)($|[-_ ])"), "breadcrumb"),
    (re.compile(r"(^|[-_ ])(menu|navbar|nav|navigation)($|[-_ ])"), "navigation"),
    (re.compile(r"(^|[-_ ])(share|sharing|social|partage|partager|sharebar)($|[-_ ])"), "share"),
    (re.compile(r"(^|[-_ ])(related|read-?also|readalso|lire-?aussi|a-lire|teasers?|recommended|recirculation|"
                r"outbrain|taboola|most-?read|plus-?lus|same-?topic|meme-?sujet)($|[-_ ])"), "encart"),
    (re.compile(r"(^|[-_ ])(newsletter|subscribe|subscription|abonnement|paywall|promo|advert|ads?|pub|"
                r"publicite|sponsor)($|[-_ ])"), "newsletter"),
    (re.compile(r"(^|[-_ ])(comments?|commentaires?|reactions)($|[-_ ])"), "comments"),
]
FIELD_HINTS = [
    (re.compile(r"(^|[-_ ])(kicker|surtitre|sur-titre|rubrique|category|overline|eyebrow)($|[-_ ])"), "kicker"),
    (re.compile(r"(^|[-_ ])(chapo|chapeau|standfirst|lede|lead|intro|summary|article__desc|description|excerpt)"
                r"($|[-_ ])"), "lead"),
    (re.compile(r"(^|[-_ ])(author|authors|byline|signature|auteur)($|[-_ ])"), "author"),
    (re.compile(r"(^|[-_ ])(tags|keywords|mots-?cles|topics)($|[-_ ])"), "tags"),
]
ROLES = {"navigation": "navigation", "complementary": "encart", "banner": "navigation", "contentinfo": "footer",
         "search": "navigation"}
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
BULLET = re.compile(r"^[-•*–▪●]\s+")


@dataclass
class Block:
    index: int
    kind: str  # line (plain text), h1…h6, p, li, quote, caption
    text: str
    html: str = ""
    ancestors: list[int] = field(default_factory=list)
    list_id: int = 0
    ordered: bool = False
    chrome: str = ""  # the box it sits in says it is not the article ("navigation", "share", "encart"…)
    hint: str = ""  # what the markup says it is ("kicker", "lead", "author", "tags")
    link_only: bool = False
    bold: bool = False
    links: list[str] = field(default_factory=list)
    image: list[str] = field(default_factory=list)  # a figure's [src, alt]


def text_blocks(text: str) -> list[Block]:
    """One block a non-empty line; bulleted lines are list items."""
    blocks: list[Block] = []
    list_id = 0
    for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            list_id = 0
            continue
        if BULLET.match(line):
            list_id = list_id or len(blocks) + 1
            item = BULLET.sub("", line)
            blocks.append(Block(len(blocks), "li", item, escape(item, quote=False), list_id=list_id))
            continue
        list_id = 0
        blocks.append(Block(len(blocks), "line", line, escape(line, quote=False)))
    return blocks


def _hints(element: Any) -> tuple[str, str]:
    names = " ".join(str(element.get(a, "")) for a in ("class", "id", "aria-label")).lower().replace("’", "'")
    names = names.replace("fil d'ariane", "fil-ariane")
    role = str(element.get("role", "")).lower()
    chrome = ROLES.get(role, "")
    if not chrome:
        for pattern, label in CHROME_HINTS:
            if names and any(pattern.search(token) for token in names.split()):
                chrome = label
                break
    hint = ""
    for pattern, label in FIELD_HINTS:
        if names and any(pattern.search(token) for token in names.split()):
            hint = label
            break
    return chrome, hint


class _Walker:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.ids: dict[int, int] = {}
        self.images: list[tuple[str, str]] = []
        self.chrome = ""  # the box of the block being read
        self.holding_blocks: set[Any] = set()  # elements with a block inside (the set keeps their proxies alive)

    def ident(self, element: Any) -> int:
        return self.ids.setdefault(id(element), len(self.ids) + 1)

    def url(self, value: str) -> str:
        value = value.strip()
        return urljoin(self.base_url, value) if self.base_url and value and "://" not in value else value

    def image_of(self, element: Any) -> tuple[str, str] | None:
        for img in element.iter("img", "amp-img"):
            if not isinstance(img.tag, str):
                continue
            src = img.get("src") or ""
            if not src or src.startswith("data:"):
                src = img.get("data-src") or img.get("data-lazy-src") or ""
            if src and "1" not in (img.get("width"), img.get("height")):
                return self.url(src), (img.get("alt") or "").strip()
        return None

    def walk(self, element: Any, ancestors: list[int], chrome: str, hint: str, kind: str = "") -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in SKIP:
            if tag in ("img", "amp-img") and not chrome:
                found = self.image_of(element)
                if found:
                    self.images.append(found)
            return
        own_chrome, own_hint = _hints(element)
        chrome = chrome or own_chrome or CHROME_TAGS.get(tag, "")
        hint = own_hint or hint
        if tag == "figure":
            found = self.image_of(element)
            if found and not chrome:
                self.images.append(found)
            caption = element.find(".//figcaption")
            if caption is not None:
                self.emit(caption, "caption", [*ancestors, self.ident(element)], chrome, hint,
                          image=list(found) if found else [])
            return
        if tag in ("ul", "ol"):
            kind = "ol" if tag == "ol" else "ul"
        here = [*ancestors, self.ident(element)]
        if tag in LEAVES and not any(self.is_block(child) for child in element):
            leaf = {"blockquote": "quote", "figcaption": "caption", "li": "li"}.get(tag, tag)
            if tag in HEADINGS:
                leaf = tag
            elif tag not in ("li", "blockquote", "figcaption"):
                leaf = "quote" if kind == "quote" else ("li" if kind == "li" else "p")
            self.emit(element, leaf, ancestors, chrome, hint, list_parent=element.getparent() if tag == "li" else None)
            return
        child_kind = "quote" if tag == "blockquote" else ("li" if tag == "li" else kind)
        run: list[Any] = []
        if element.text and element.text.strip():
            run.append(element.text)
        for child in element:
            if self.is_block(child):
                self.flush(run, here, chrome, hint, child_kind)
                run = []
                self.walk(child, here, chrome, hint, child_kind)
            else:
                run.append(child)
            if child.tail and child.tail.strip():
                run.append(child.tail)
        self.flush(run, here, chrome, hint, child_kind)

    def is_block(self, element: Any) -> bool:
        if not isinstance(element.tag, str):
            return False
        tag = element.tag.lower()
        if tag in BLOCK_TAGS or tag == "figure" or tag in SKIP and tag not in ("img", "amp-img"):
            return True
        return element in self.holding_blocks

    def find_blocks(self, root: Any) -> None:
        """Learn once, from the blocks up, which elements hold a block (asked of every element as the page is
        walked: asking each its descendants again was quadratic in the nesting depth)."""
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
                parent = element.getparent()
                while parent is not None and parent not in self.holding_blocks:
                    self.holding_blocks.add(parent)
                    parent = parent.getparent()

    def flush(self, run: list[Any], ancestors: list[int], chrome: str, hint: str, kind: str) -> None:
        if not run:
            return
        wrapper = lxml.html.Element("span")
        for item in run:
            if isinstance(item, str):
                if len(wrapper):
                    wrapper[-1].tail = (wrapper[-1].tail or "") + item
                else:
                    wrapper.text = (wrapper.text or "") + item
            else:
                clone = copy.deepcopy(item)
                clone.tail = None
                wrapper.append(clone)
        self.emit(wrapper, {"quote": "quote", "li": "li"}.get(kind, "p"), ancestors, chrome, hint)

    def emit(self, element: Any, kind: str, ancestors: list[int], chrome: str, hint: str,
             list_parent: Any = None, image: list[str] | None = None) -> None:
        own_chrome, own_hint = _hints(element)
        self.chrome = chrome or own_chrome
        parts: list[str] = []
        texts: list[tuple[str, bool, bool]] = []  # (text, in a link, in bold)
        links: list[str] = []
        self.inline(element, parts, texts, links, False, False)
        text = _SPACES.sub(" ", "".join(t for t, _a, _b in texts)).strip()
        if not text:
            return
        visible = [(t, a, b) for t, a, b in texts if t.strip()]
        style_bold = bool(BOLD_STYLE.search(str(element.get("style", ""))))
        block = Block(
            index=len(self.blocks), kind=kind, text=nfc(text), html=nfc(_SPACES.sub(" ", "".join(parts)).strip()),
            ancestors=ancestors, chrome=chrome or own_chrome or CHROME_TAGS.get(str(element.tag), ""),
            hint=own_hint or hint, link_only=all(a for _t, a, _b in visible), bold=style_bold or all(
                b for _t, _a, b in visible), links=links, image=image or [])
        if list_parent is not None:
            block.list_id = self.ident(list_parent)
            block.ordered = str(list_parent.tag).lower() == "ol"
        self.blocks.append(block)

    def inline(self, element: Any, parts: list[str], texts: list[tuple[str, bool, bool]], links: list[str],
               in_link: bool, in_bold: bool) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in ("img", "amp-img") and not self.chrome:
            found = self.image_of(element)
            if found:
                self.images.append(found)
        if tag in SKIP:
            return
        bold = in_bold or tag in ("strong", "b") or bool(BOLD_STYLE.search(str(element.get("style", ""))))
        link = in_link or tag == "a"
        opening, closing = "", ""
        if tag == "a" and element.get("href") and not in_link:
            href = self.url(str(element.get("href")))
            opening, closing = f'<a href="{escape(href)}">', "</a>"
            links.append(_SPACES.sub(" ", element.text_content()).strip())
        elif tag in ("strong", "b", "em", "i"):
            name = "strong" if tag in ("strong", "b") else "em"
            opening, closing = f"<{name}>", f"</{name}>"
        elif tag == "br":
            parts.append("<br>")
            texts.append((" ", link, bold))
        parts.append(opening)
        if element.text:
            parts.append(escape(element.text, quote=False))
            texts.append((element.text, link, bold))
        for child in element:
            if isinstance(child.tag, str):
                self.inline(child, parts, texts, links, link, bold)
            if child.tail:
                parts.append(escape(child.tail, quote=False))
                texts.append((child.tail, link, bold))
        parts.append(closing)


def html_blocks(html: str, base_url: str = "") -> tuple[list[Block], list[tuple[str, str]]]:
    """The blocks of an HTML page or fragment, and its pictures as (address, alt text)."""
    html = nfc(html).strip()
    if not html:
        return [], []
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return [], []
    walker = _Walker(base_url)
    walker.find_blocks(root)
    body = root.find("body")
    walker.walk(body if body is not None else root, [], "", "")
    return walker.blocks, walker.images


def dump(blocks: list[Block]) -> str:
    """Blocks as JSON, carried by the review form so that « remettre » analyses the same page again."""
    return json.dumps([asdict(b) for b in blocks], ensure_ascii=False, separators=(",", ":"))


def load(data: str) -> list[Block]:
    """Blocks back from dump(); ValueError when the form's copy is not what dump() wrote."""
    raw = json.loads(data)
    if not isinstance(raw, list):
        raise ValueError("not a list of blocks")
    names = set(Block.__dataclass_fields__)
    blocks = []
    for number, item in enumerate(raw):
        if not isinstance(item, dict) or not set(item) <= names or not isinstance(item.get("text"), str):
            raise ValueError("not a block")
        block = Block(**item)
        block.index = number
        blocks.append(block)
    return blocks

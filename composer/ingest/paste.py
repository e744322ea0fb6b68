"""An article read out of a web page's blocks, pasted (text or the clipboard's HTML) or fetched: title, chapô,
body with intertitles, lists and quotes, author, date, rubrique, tags, image. The page's chrome is dropped
wherever it stands — menus, breadcrumbs, share buttons, age and reading-time lines, newsletter boxes, teaser
blocks (« LIRE AUSSI », « DU MÊME SUJET ») — and the article's paragraphs after such a block are kept. Every line
left out is listed with its reason; `keep` puts lines back where they stood."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record
from composer.ingest.blocks import HEADINGS, Block, html_blocks, text_blocks
from composer.ingest.chrome import (
    NAV_WORDS,
    headline_like,
    is_intertitle,
    is_menu_item,
    is_prose,
    judge,
    key,
    word_count,
)
from composer.library import ArticleData

# Lines that belong to a teaser block without being its teasers' titles.
TEASER_FURNITURE = {"age", "date", "capitals", "share", "reading-time", "credit", "teaser", "teaser-heading",
                    "navigation", "footer", "newsletter", "breadcrumb"}
# What the analysis did with a line it took out of the body.
USED = {"author", "date", "tags", "rubrique", "breadcrumb"}


@dataclass
class Dropped:
    index: int
    text: str
    reason: str  # navigation, teaser, age, date, reading-time, share, newsletter, footer, credit, capitals, author…


@dataclass
class PastedArticle(ArticleData):
    """An article's fields as read from pasted text or a page, and the intertitles found in its body."""

    intertitles: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)

    def record(self, line: str = "page") -> Record:
        return Record(title=self.title, line=line, kind=self.kind, lead=self.lead, body=self.body,
                      author=self.author, section=self.section, tags=list(self.tags),
                      canonical_url=self.canonical_url, image_url=self.image_url, image_alt=self.image_alt,
                      language=self.language, published_at=self.published_at)


def _menu_runs(blocks: list[Block], keep: Collection[int]) -> set[int]:
    """Three or more short lines in a row (links, in a page's HTML): a menu."""
    runs: set[int] = set()
    current: list[int] = []
    for block in [*blocks, None]:
        fits = block is not None and block.index not in keep and block.kind not in HEADINGS \
            and is_menu_item(block.text) and judge(block.text).kind in ("content", "navigation", "capitals", "share") \
            and (block.kind in ("line", "li") and not block.list_id or block.link_only or block.chrome != "")
        if fits and block is not None:
            current.append(block.index)
            continue
        if len(current) >= 3:
            runs.update(current)
        current = []
    return runs


class _Reader:
    def __init__(self, blocks: list[Block], images: list[tuple[str, str]], keep: Collection[int],
                 now: datetime | None) -> None:
        self.blocks, self.images, self.keep, self.now = blocks, images, set(keep), now
        self.article = PastedArticle(title="")
        self.title: Block | None = None
        self.known_lead: str | None = None
        self.before: list[Block] = []  # lines put back that stood before the title
        self.content: list[Block] = []
        self.html = any(b.kind != "line" and b.kind != "li" for b in blocks) or any(b.ancestors for b in blocks)
        titles = [b for b in blocks if b.kind == "h1" and not b.chrome and judge(b.text).kind == "content"]
        self.h1 = next((b for b in titles if word_count(b.text) >= 3), titles[0] if titles else None)

    def drop(self, block: Block, reason: str) -> None:
        self.article.dropped.append(Dropped(block.index, block.text, reason))

    def keep_line(self, block: Block) -> None:
        (self.content if self.title is not None else self.before).append(block)

    def read(self) -> PastedArticle:
        menus = _menu_runs(self.blocks, self.keep)
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            index += 1
            if block.index in self.keep:
                self.keep_line(block)
            elif block.index in menus:
                kind = judge(block.text).kind
                self.drop(block, kind if kind in ("share", "capitals") else "navigation")
            else:
                index = self.line(block, index)
        return self.finish()

    def line(self, block: Block, after: int) -> int:
        """Deal with one line; returns where reading goes on (past a teaser block or a tag list)."""
        verdict = judge(block.text)
        kind = verdict.kind
        article = self.article
        if self.title is not None and self.title.index < 0 and not self.content and key(block.text) == key(
                self.title.text):
            self.drop(block, "title")
            return after
        if kind == "teaser-heading":
            end = self.teaser_end(block.index)
            for other in self.blocks[block.index:end]:
                if other.index in self.keep:
                    self.keep_line(other)
                else:
                    other_kind = judge(other.text).kind
                    self.drop(other, other_kind if other_kind in TEASER_FURNITURE - {"teaser-heading"} else "teaser")
            return end
        if kind == "tags":
            tags = [t for t in block.links if t] or list(verdict.value or [])  # type: ignore[call-overload]
            if not tags:  # the label alone: the tags follow, one a line
                while after < len(self.blocks) and after not in self.keep and word_count(self.blocks[after].text) <= 4 \
                        and judge(self.blocks[after].text).kind in ("content", "capitals"):
                    tags.append(self.blocks[after].text)
                    self.drop(self.blocks[after], "tags")
                    after += 1
            article.tags.extend(t for t in tags if t not in article.tags)
            self.drop(block, "tags")
            return after
        if kind == "breadcrumb":
            crumbs = [c for c in verdict.value if key(c) not in NAV_WORDS]  # type: ignore[attr-defined]
            crumbs = [c for c in crumbs if word_count(c) <= 4]
            # A menu written on one line (« Accueil | Actualité | Économie ») is no breadcrumb.
            trail = block.chrome == "breadcrumb" or (block.chrome == "" and "|" not in block.text)
            if crumbs and trail and not article.section and self.title is None:
                article.section = crumbs[-1]
            self.drop(block, "breadcrumb" if crumbs else "navigation")
            return after
        if block.chrome and kind not in ("teaser", "age", "share", "newsletter", "reading-time", "footer"):
            self.drop(block, block.chrome)
            return after
        if kind == "rubrique":
            article.section = article.section or str(verdict.value)
            self.drop(block, "rubrique")
        elif kind == "author" and not article.author and len(self.content) <= 2:
            article.author = str(verdict.value)
            self.drop(block, "author")
        elif kind == "date" and (self.title is None or len(self.content) <= 3):
            if article.published_at is None and isinstance(verdict.value, datetime):
                article.published_at = verdict.value
            self.drop(block, "date")
        elif kind not in ("content", "author", "date") and not (kind == "capitals" and self.html
                                                                 and block.kind in HEADINGS and self.title):
            self.drop(block, kind)
        elif self.title is None:
            self.before_title(block)
        else:
            self.content.append(block)
        return after

    def before_title(self, block: Block) -> None:
        if block.hint == "kicker" and word_count(block.text) <= 5:
            self.article.section = self.article.section or block.text
            self.drop(block, "rubrique")
        elif self.h1 is not None and block is not self.h1:
            self.drop(block, "navigation")
        elif self.h1 is None and word_count(block.text) <= 2 and not any(c in block.text for c in ":,?!«"):
            self.drop(block, "navigation")
        else:
            self.title = block

    def teaser_end(self, start: int) -> int:
        """Where the teaser block opened by the heading at `start` ends: its box's end in a page's HTML, else
        the first line that reads as the article again (a paragraph, or an intertitle followed by one)."""
        heading = self.blocks[start]
        previous = self.content[-1] if self.content else None
        if previous is not None and heading.ancestors:
            common = 0
            while common < min(len(heading.ancestors), len(previous.ancestors)) \
                    and heading.ancestors[common] == previous.ancestors[common]:
                common += 1
            if common < len(heading.ancestors):
                box = heading.ancestors[common]
                end = start + 1
                while end < len(self.blocks) and box in self.blocks[end].ancestors:
                    end += 1
                inside = self.blocks[start + 1:end]
                if not any(is_prose(b.text) and not b.link_only and b.kind != "caption" for b in inside):
                    return end
        end, titles = start + 1, 0
        while end < len(self.blocks):
            block = self.blocks[end]
            kind = judge(block.text).kind
            if block.index in self.keep or kind in TEASER_FURNITURE:
                end += 1
                continue
            if kind != "content":
                break
            if block.kind != "line" and (block.link_only or block.kind == "li"):
                titles, end = titles + 1, end + 1
                continue
            if block.kind in HEADINGS or (block.kind == "p" and block.bold and is_intertitle(block.text)):
                break
            if block.text.rstrip().endswith(("…", "...")):
                titles, end = titles + 1, end + 1
                continue
            following = self.blocks[end + 1] if end + 1 < len(self.blocks) else None
            if is_prose(block.text):
                if following is not None and judge(following.text).kind in ("age", "date"):
                    end += 1  # a teaser's excerpt, with its date
                    continue
                break
            if titles and not headline_like(block.text) and following is not None \
                    and is_prose(following.text) and judge(following.text).kind == "content":
                break  # the article goes on with an intertitle
            titles, end = titles + 1, end + 1
        return end

    def finish(self) -> PastedArticle:
        article = self.article
        if self.title is None:
            if not self.before:
                raise ImportFailed(_("nothing that looks like an article was found in the pasted text"))
            self.title, self.before = self.before[0], self.before[1:]
        article.title = self.title.text
        content = list(self.content)
        lead = self.pick_lead(content)
        if lead is not None:
            article.lead = lead.text
            content.remove(lead)
        body = self.before + content
        self.pick_image(body)
        article.body = self.render([b for b in body if b is not None])
        return article

    def pick_lead(self, content: list[Block]) -> Block | None:
        if self.known_lead is not None:
            self.article.lead = self.known_lead
            first = next((b for b in content[:2] if b.kind in ("p", "line")), None)
            shortened = key(self.known_lead.rstrip(" .…"))
            if first is not None and shortened and key(first.text).startswith(shortened):
                return first  # the body repeats the chapô (the page's description may cut it short)
            return None
        if not content:
            return None
        if not self.html:
            return content[0]
        for block in content[:3]:
            if block.hint == "lead" and block.kind == "p":
                return block
            if block.kind in HEADINGS and word_count(block.text) < 15:
                return None
            if block.kind == "p" and not (block.bold and is_intertitle(block.text)):
                return block
        return None

    def pick_image(self, body: list[Block]) -> None:
        """The first picture of the article; its caption gives the alt text when the picture has none."""
        if not self.images:
            return
        src, alt = self.images[0]
        self.article.image_url = src
        self.article.image_alt = alt
        caption = next((b for b in body if b.kind == "caption" and b.image and b.image[0] == src), None)
        if caption is not None:
            body.remove(caption)
            if alt:
                self.drop(caption, "credit")
            else:
                self.article.image_alt = caption.text

    def render(self, body: list[Block]) -> str:
        out: list[str] = []
        index = 0
        while index < len(body):
            block = body[index]
            if block.kind == "li":
                items = [block]
                while index + 1 < len(body) and body[index + 1].kind == "li" \
                        and body[index + 1].list_id == block.list_id:
                    index += 1
                    items.append(body[index])
                tag = "ol" if block.ordered else "ul"
                out.append(f"<{tag}>" + "".join(f"<li>{b.html}</li>" for b in items) + f"</{tag}>")
            elif block.kind == "quote":
                quotes = [block]
                while index + 1 < len(body) and body[index + 1].kind == "quote" \
                        and body[index + 1].ancestors == block.ancestors:
                    index += 1
                    quotes.append(body[index])
                out.append("<blockquote>" + "".join(f"<p>{b.html}</p>" for b in quotes) + "</blockquote>")
            elif block.kind == "caption":
                out.append(f"<p><em>{block.html}</em></p>")
            else:
                level = self.heading_level(block)
                if level:
                    self.article.intertitles.append(block.text)
                    out.append(f"<h{level}>{block.html}</h{level}>")
                else:
                    out.append(f"<p>{block.html}</p>")
            index += 1
        return "\n".join(out)

    def heading_level(self, block: Block) -> int:
        if block.kind == "line":
            return 2 if is_intertitle(block.text) else 0
        if block.kind in ("h1", "h2"):
            return 2
        if block.kind in HEADINGS:
            return 3
        if block.kind == "p" and block.bold and is_intertitle(block.text) and not block.link_only:
            return 2
        return 0


def read_blocks(blocks: list[Block], images: list[tuple[str, str]] | None = None, keep: Collection[int] = (),
                now: datetime | None = None, title: str | None = None, lead: str | None = None) -> PastedArticle:
    """The article in the blocks. A title or chapô already known (a page's metadata) is taken as such, and
    taken out of the body where the blocks repeat it."""
    reader = _Reader(blocks, images or [], keep, now)
    if title:
        reader.title = Block(-1, "h1", title)
    reader.known_lead = lead
    return reader.read()


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and any(tag in head for tag in ("<p", "<h1", "<h2", "<div", "<article", "<html",
                                                                 "<meta", "<body", "<li", "<span"))


def source_blocks(text: str = "", html: str = "", base_url: str = "") -> tuple[list[Block], list[tuple[str, str]]]:
    """The blocks of what was pasted: the clipboard's HTML when there is one, else the text (which may itself
    be HTML, pasted without the browser's help)."""
    if html.strip():
        blocks, images = html_blocks(html, base_url)
        if blocks:
            return blocks, images
    if looks_like_html(text):
        blocks, images = html_blocks(text, base_url)
        if blocks:
            return blocks, images
    return text_blocks(text), []


def parse_pasted(text: str, html: str = "", keep: Collection[int] = ()) -> PastedArticle:
    blocks, images = source_blocks(text, html)
    return read_blocks(blocks, images, keep)

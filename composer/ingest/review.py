"""The review of an article read from a paste or a page, before it is saved: what it was read from travels
with the form, so that « remettre » reads it again with one more line kept — and the fields the editor has
already changed stay as the editor left them."""
from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from composer.ingest import ImportFailed
from composer.ingest.blocks import Block, dump, load
from composer.ingest.mapping import Mapping
from composer.ingest.page import dump_meta, load_meta, reread
from composer.ingest.paste import PastedArticle, read_blocks

FIELDS = ("kind", "title", "lead", "body", "author", "section", "tags", "canonical_url", "image_url", "image_alt",
          "published_at", "language")
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


@dataclass
class Reading:
    """What an article was read from: its blocks (and pictures) and, for a page, the metadata it declares."""

    origin: str  # paste or page
    blocks: list[Block]
    images: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    keep: set[int] = field(default_factory=set)

    def article(self, keep: Collection[int] | None = None) -> PastedArticle:
        kept = self.keep if keep is None else keep
        if self.origin == "page":
            return reread(self.blocks, self.meta, kept)
        article = read_blocks(self.blocks, self.images, kept)
        if Mapping.for_source(None).is_opinion([article.section, *article.tags]):
            article.kind = "opinion"
        return article

    def hidden(self) -> dict[str, str]:
        """The review form's hidden fields."""
        return {"origin": self.origin, "blocks": dump(self.blocks),
                "images": json.dumps(self.images, ensure_ascii=False), "page_meta": dump_meta(self.meta),
                "keep": ",".join(str(i) for i in sorted(self.keep))}

    @classmethod
    def from_form(cls, values: dict[str, str]) -> Reading:
        """Back from the hidden fields; a form that lost them (or had them changed) is refused with a reason."""
        try:
            images = json.loads(values.get("images") or "[]")
            reading = cls(
                origin="page" if values.get("origin") == "page" else "paste",
                blocks=load(values.get("blocks") or "[]"),
                images=[(str(i[0]), str(i[1])) for i in images if isinstance(i, list) and len(i) == 2],
                meta=load_meta(values.get("page_meta") or ""),
                keep={int(i) for i in (values.get("keep") or "").split(",") if i.strip()},
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise ImportFailed(_("the text to review was lost on the way; paste it again")) from exc
        if not reading.blocks:
            raise ImportFailed(_("the text to review was lost on the way; paste it again"))
        return reading


def form_values(article: PastedArticle) -> dict[str, str]:
    """The article as the review form shows it."""
    return {
        "kind": article.kind, "title": article.title, "lead": article.lead, "body": article.body,
        "author": article.author, "section": article.section, "tags": ", ".join(article.tags),
        "canonical_url": article.canonical_url or "", "image_url": article.image_url,
        "image_alt": article.image_alt, "language": article.language,
        "published_at": article.published_at.strftime(DATETIME_LOCAL) if article.published_at else "",
    }


def _same(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def put_back(reading: Reading, line: int, posted: dict[str, str]) -> tuple[PastedArticle, dict[str, str]]:
    """Read again with `line` kept. A field the editor changed since the last reading keeps the editor's text;
    the others take the new reading's."""
    before = form_values(reading.article())
    reading.keep.add(line)
    article = reading.article()
    after = form_values(article)
    merged = {name: posted.get(name, "") if not _same(posted.get(name, ""), before[name]) else after[name]
              for name in FIELDS}
    return article, merged

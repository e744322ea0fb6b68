"""Pasted text: an article copied from a web page, with the page's chrome around it removed.

Recognised: title (first line), lead (first paragraph), intertitles (short lines standing alone that do
not end a sentence with a full stop; a question can be one), paragraphs, an author line (« Par … »).
Dropped: age lines (« 11 mois », « il y a 2 heures »), the site name and menus in capitals, share
buttons, and everything from a teaser heading (« DU MÊME SUJET », « À LIRE AUSSI ») on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record
from composer.text import fold, nfc

TEASER_HEADINGS = {"du meme sujet", "a lire aussi", "lire aussi", "sur le meme sujet", "a lire egalement",
                   "articles similaires", "vous aimerez aussi", "les plus lus", "dans la meme rubrique",
                   "related", "read more", "more on this topic"}
SOCIAL = {"partager", "partagez", "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "imprimer",
          "e-mail", "email", "commenter", "commentaires", "s'abonner", "s’abonner", "share", "tweet", "copier le lien"}
AGE = re.compile(r"^(il y a\s+)?(\d+|un|une)\s+(secondes?|minutes?|min|heures?|h|jours?|semaines?|mois|ans?|"
                 r"annees?)(\s+ago)?$")
AUTHOR = re.compile(r"^(par|by)\s+(.{3,80})$", re.I)
SENTENCE_END = (".", "…", ":", ";", ",")


@dataclass
class PastedArticle:
    title: str
    lead: str = ""
    body: str = ""
    author: str = ""
    intertitles: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _is_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line.split()) <= 6 \
        and not line.endswith((".", "?", "!"))


def _is_intertitle(line: str) -> bool:
    return len(line) <= 110 and len(line.split()) <= 14 and not line.endswith(SENTENCE_END)


def parse_pasted(text: str) -> PastedArticle:
    lines = [line.strip() for line in nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    dropped: list[str] = []
    author = ""
    for index, line in enumerate(lines):
        if not line:
            continue
        folded = fold(line).strip(" :.")
        if kept and folded in TEASER_HEADINGS:
            rest = [x for x in lines[index + 1:] if x]
            dropped.append(line + (f" (+{len(rest)} lignes)" if rest else ""))
            break
        if AGE.match(folded) or folded in SOCIAL:
            dropped.append(line)
        elif _is_capitals(line):
            dropped.append(line)
        elif not author and len(kept) <= 3 and AUTHOR.match(line) and not line.endswith("."):
            author = AUTHOR.match(line).group(2).strip()  # type: ignore[union-attr]
        else:
            kept.append(line)
    if not kept:
        raise ImportFailed(_("nothing that looks like an article was found in the pasted text"))
    article = PastedArticle(title=kept[0], author=author, dropped=dropped)
    if len(kept) > 1:
        article.lead = kept[1]
    body: list[str] = []
    for line in kept[2:]:
        if _is_intertitle(line):
            article.intertitles.append(line)
            body.append(f"<h2>{escape(line, quote=False)}</h2>")
        else:
            body.append(f"<p>{escape(line, quote=False)}</p>")
    article.body = "\n".join(body)
    return article


def parse_text_file(data: bytes) -> list[Record]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(_("the file is not UTF-8 text (byte %(n)s)", n=exc.start)) from exc
    pasted = parse_pasted(text)
    return [Record(title=pasted.title, line="texte", lead=pasted.lead, body=pasted.body, author=pasted.author)]

"""The plain-text part's layout: cheap greedy wrapping that never breaks at a non-breaking space, hanging
indents for bullets, links as `texte <URL>`, and no short word left alone on a title's last line.

One pass over the words of each paragraph (no regular expressions per line): the text part is rendered with
every email and must stay cheap.
"""
from __future__ import annotations

WIDTH = 72  # prose
MAX_WIDTH = 78  # no line goes past it, except a single URL longer than that on a line of its own
WIDOW = 3  # a last line of one word this short takes the word before it along


def wrap(text: str, width: int = WIDTH, first: str = "", indent: str = "") -> str:
    """text as lines of at most width columns (first line prefixed by first, the next ones by indent). Only
    ASCII spaces break: « Sahel\u00a0: » and a link's « <URL> » stay whole. Paragraphs (one per input line)
    are wrapped apart and joined by a newline."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        words = [w for w in words if w]
        if not words:
            continue
        prefix = first if not out else indent
        lines: list[list[str]] = []
        current: list[str] = []
        length = len(prefix)
        for word in words:
            # a link's « <URL> » may run to 78 columns rather than leave its line
            limit = MAX_WIDTH if word.startswith("<") else width
            if current and length + 1 + len(word) > limit:
                lines.append(current)
                current, length = [], len(indent)
            length += len(word) + (1 if current else 0)
            current.append(word)
        lines.append(current)
        if len(lines) > 1 and len(lines[-1]) == 1 and len(lines[-1][0]) <= WIDOW and len(lines[-2]) > 2:
            lines[-1].insert(0, lines[-2].pop())  # « près du parc / W » → « près du / parc W »
        for number, words_of_line in enumerate(lines):
            out.append((prefix if number == 0 else indent) + " ".join(words_of_line))
    return "\n".join(out)


def link(text: str, url: str) -> str:
    """A link as the text part writes it: `texte <URL>` (the URL alone when there is no text)."""
    if not url:
        return text
    return f"{text} <{url}>" if text else f"<{url}>"


def bullet(text: str, marker: str = "- ", width: int = WIDTH) -> str:
    """A list item: the marker, then its lines under the first word (hanging indent)."""
    return wrap(text, width, first=marker, indent=" " * len(marker))


def heading(text: str) -> str:
    """A section heading, in capitals between == marks."""
    return f"== {text.upper()} =="

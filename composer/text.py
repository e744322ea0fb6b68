"""Text normalisation shared by search, slugs and imports: accent folding, NFC, slugs."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9a-z]+")
# Ligatures and letters that NFKD does not split into base + accent.
_EXTRA = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


# C0 control characters other than tab, line feed and carriage return: never text, and PostgreSQL refuses NUL.
# Lone surrogates and U+FFFE/U+FFFF as well: XML forbids them (the public Atom feed would break) and UTF-8
# cannot encode a surrogate.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def nfc(text: str) -> str:
    """Text as stored: Unicode NFC (one code point for « é »), without control characters."""
    return unicodedata.normalize("NFC", _CONTROLS.sub("", text))


NBSP = "\u00a0"


# A plain space (or none, after a word) before : ; ! ? », and after «; never inside "10:30" or "https://".
_SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])|(?<=\w)(»|[:;!?](?=\s|$))")
_SPACE_AFTER = re.compile(r"«(?:[ \t]+|(?=[^\s\u00a0\u202f]))")
# Straight double quotes typed in pairs around words: French guillemets (« "Aucune victime" »); a quoted
# number or symbol ("3", an HTTP ETag) is code and stays as it is.
_STRAIGHT_QUOTES = re.compile(r'(?<![\w"])"[ \t]*([^"\n]*?[^\W\d_][^"\n]*?)[ \t]*"(?![\w"])')


def french_typography(text: str) -> str:
    """Typographic apostrophes, guillemets for straight double quotes typed in pairs, and non-breaking spaces
    before : ; ! ? » and after « (what was typed with a plain space, or with none: « Sahel : », «Kidal»,
    « Vraiment? »). Text already set right is left as it is."""
    if '"' in text:
        text = _STRAIGHT_QUOTES.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)
    if "'" in text:
        text = text.replace("'", "’")
    if any(mark in text for mark in ":;!?«»"):
        text = _SPACE_BEFORE.sub(lambda m: NBSP + (m.group(1) or m.group(2)), text)
        text = _SPACE_AFTER.sub("«" + NBSP, text)
    return text


def first_of_month(date_label: str, day: int) -> str:
    """A French date says « 1er » for the first of the month (« mardi 1er décembre 2026 »)."""
    return re.sub(r"(?<!\d)1(?= )", "1er", date_label, count=1) if day == 1 else date_label


def fold(text: str) -> str:
    """Lower-case and strip accents: « Sécurité » and "securite" fold to the same string."""
    text = text.lower().translate(_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def slugify(text: str, max_length: int = 60) -> str:
    slug = "-".join(words(text))[:max_length].strip("-")
    return slug or "numero"


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the folded terms occur in text, as (start, end) offsets into the original text."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            origin.append(index)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = haystack.find(term)
        while term and start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = haystack.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged

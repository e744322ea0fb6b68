"""A text file: one article, read as if pasted (see composer/ingest/paste.py)."""
from __future__ import annotations

from flask_babel import gettext as _

from composer.ingest import ImportFailed, Record
from composer.ingest.paste import PastedArticle, parse_pasted

__all__ = ["PastedArticle", "parse_pasted", "parse_text_file"]


def parse_text_file(data: bytes) -> list[Record]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(_("the file is not UTF-8 text (byte %(n)s)", n=exc.start)) from exc
    return [parse_pasted(text).record("texte")]

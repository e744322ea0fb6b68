"""From a source's categories to the library's rubriques and kinds: the first category becomes the rubrique
(or what the saved source maps it to), every category a tag, and a rubrique or category on the opinion list
(« Opinions », « Tribune », « Éditorial »…) makes the item an opinion piece."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from composer.extensions import db
from composer.ingest import Record
from composer.models import FeedSource, ImportSettings
from composer.text import fold, nfc

DEFAULT_OPINION_LABELS = ("Opinions", "Tribune", "Éditorial", "Chronique", "Point de vue", "Analyse")
MAP_SEPARATOR = re.compile(r"\s*(?:=|→|->|=>)\s*")


def label_key(label: str) -> str:
    """« Éditoriaux », « editorial », « Tribunes » and « Tribune » compare equal."""
    folded = " ".join(fold(label).split()).strip(" .:")
    if folded.endswith("aux"):
        return folded[:-3] + "al"
    return folded[:-1] if folded.endswith(("s", "x")) and len(folded) > 3 else folded


def parse_labels(text: str) -> list[str]:
    """« Opinions, Tribune; Éditorial » or one a line."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;\n]", nfc(text or "")):
        if part.strip():
            seen.setdefault(label_key(part), part.strip())
    return list(seen.values())


def parse_category_map(text: str) -> tuple[dict[str, str], list[str]]:
    """« Sécurité & défense = Sécurité », one a line: the mapping (by folded category) and the lines that are
    not of that shape."""
    mapping: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(nfc(text or "").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = MAP_SEPARATOR.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            problems.append(_("line %(n)s: write « category = rubrique »", n=number))
            continue
        mapping[label_key(parts[0])] = parts[1].strip()
    return mapping, problems


def settings_labels() -> list[str]:
    """The opinion list of the import settings (the defaults until an admin changes it)."""
    row = db.session.get(ImportSettings, 1)
    return parse_labels(row.opinion_labels) if row is not None else list(DEFAULT_OPINION_LABELS)


def save_settings_labels(text: str) -> list[str]:
    row = db.session.get(ImportSettings, 1) or ImportSettings(id=1)
    labels = parse_labels(text)
    row.opinion_labels = ", ".join(labels)
    db.session.add(row)
    db.session.commit()
    return labels


@dataclass(frozen=True)
class Mapping:
    categories: dict[str, str] = field(default_factory=dict)
    opinion_labels: tuple[str, ...] = DEFAULT_OPINION_LABELS

    @classmethod
    def for_source(cls, source: FeedSource | None) -> Mapping:
        own = parse_labels(source.opinion_labels) if source is not None else []
        categories = parse_category_map(source.category_map)[0] if source is not None else {}
        return cls(categories, tuple(own or settings_labels()))

    def is_opinion(self, labels: Iterable[str]) -> bool:
        wanted = {label_key(label) for label in self.opinion_labels}
        return any(label_key(label) in wanted for label in labels if label)

    def apply(self, record: Record) -> None:
        """The record's rubrique and kind from its categories (its first category is its rubrique, all are
        tags), as the source describes them."""
        categories = list(dict.fromkeys(c for c in (record.section, *record.tags) if c and c.strip()))
        original = record.section
        for category in categories:
            mapped = self.categories.get(label_key(category))
            if mapped:
                record.section = mapped
                break
        if record.kind == "article" and self.is_opinion([record.section, original, *categories]):
            record.kind = "opinion"

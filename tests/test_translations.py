"""The .po catalogues are the one source of translations: complete, in step with the code, and French
typography only in French."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from composer.text import french_typography

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "composer" / "translations"
LANGUAGES = ("fr", "en")
# As `make extract-messages` runs pybabel: the default keywords plus the lazy ones.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
FRENCH_SPACE = re.compile("[\u00a0\u202f](?=[:;?!»])|«[\u00a0\u202f]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def catalogue(language: str) -> Catalog:
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def key(message_id: str | tuple[str, ...], context: str | None) -> tuple[str, str | None]:
    return (message_id if isinstance(message_id, str) else message_id[0], context)


def strings(message: object) -> tuple[str, ...]:
    value = message.string  # type: ignore[attr-defined]
    return value if isinstance(value, tuple) else (value,)


def extracted() -> set[tuple[str, str | None]]:
    """Every message the code and templates mark for translation, found as `make extract-messages` finds them."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)

    def wanted(path: str) -> bool:
        name = os.path.basename(path)
        return not name.startswith((".", "_")) and name not in ("node_modules", "tests", "benchmarks", "instance")

    return {key(message, context)
            for _file, _line, message, _comments, context in extract_from_dir(
                str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=wanted)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_empty_or_fuzzy(language: str) -> None:
    messages = [m for m in catalogue(language) if m.id]
    assert messages
    empty = [m.id for m in messages if not all(strings(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert empty == [] and fuzzy == [], f"{language}: empty {empty}, fuzzy {fuzzy}"


def test_every_message_of_the_code_is_in_the_template_and_both_catalogues() -> None:
    in_code = extracted()
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        template = {key(m.id, m.context) for m in read_po(handle) if m.id}
    assert in_code - template == set(), "run `make extract-messages` and fill the new entries"
    assert template - in_code == set(), "run `make extract-messages`: the template lists messages no longer used"
    for language in LANGUAGES:
        translated = {key(m.id, m.context) for m in catalogue(language) if m.id}
        assert translated == in_code, f"{language}: missing {in_code - translated}, stale {translated - in_code}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    for message in catalogue(language):
        if not message.id:
            continue
        wanted = sorted(PLACEHOLDER.findall(message.id if isinstance(message.id, str) else message.id[-1]))
        for text in strings(message):
            found = sorted(PLACEHOLDER.findall(text))
            # A plural's singular may spell out "one" instead of its number.
            assert found == wanted or (isinstance(message.id, tuple) and set(found) <= set(wanted)), \
                f"{language}: {message.id!r} → {text!r}"


def test_french_typography_is_in_french_and_never_in_english() -> None:
    for message in catalogue("fr"):
        for text in strings(message) if message.id else ():
            assert french_typography(text) == text, f"French typography missing in {text!r}"
    for message in catalogue("en"):
        for text in strings(message) if message.id else ():
            assert FRENCH_SPACE.search(text) is None, f"French spacing in English: {text!r}"

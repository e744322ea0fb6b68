"""CSS inlining done once per stylesheet: premailer computes, for every element shape the email templates
use (a tag and its class attribute), the inline style and presentational attributes it gets; rendering
then applies them with one pass over the start tags instead of parsing and re-serializing every email.

Equivalent to running premailer on each email as long as the stylesheet uses simple selectors (tag,
.class, tag.class), which tests/test_inliner.py checks against a full premailer run.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import cssutils
from lxml import html as lxml_html
from premailer import Premailer

START_TAG = re.compile(r"<!--.*?-->|<(style|title)\b.*?</\1>|<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*?)?)(/?)>", re.S)
CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
TAG_IN_SOURCE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")
# Where a probe element must stand for the HTML parser to keep it.
CONTEXT = {"td": ("<table><tr>", "</tr></table>"), "th": ("<table><tr>", "</tr></table>"),
           "tr": ("<table>", "</table>"), "tbody": ("<table>", "</table>")}
VOID = {"img", "br", "hr", "meta", "input", "link"}


def premailer(html: str) -> str:
    """Premailer as Composer configures it: no network, keep classes (the @media rules need them),
    keep !important in @media, six-digit colours, our own width/height attributes left alone."""
    cssutils.ser.prefs.minimizeColorHash = False
    cssutils.log.setLevel(logging.CRITICAL)
    return str(Premailer(
        html, allow_network=False, allow_loading_external_files=False, keep_style_tags=False,
        remove_classes=False, strip_important=False, disable_validation=True, disable_link_rewrites=True,
        disable_basic_attributes=["width", "height"], cssutils_logging_level=logging.CRITICAL,
    ).transform())


def shapes_in(template_dir: Path) -> set[tuple[str, str]]:
    """Every (tag, class attribute) pair written in the templates, plus each bare tag."""
    shapes: set[tuple[str, str]] = set()
    for path in template_dir.glob("*.html"):
        source = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        for tag, attrs in TAG_IN_SOURCE.findall(source):
            match = CLASS_ATTR.search(" " + attrs)
            shapes.add((tag.lower(), match.group(1) if match else ""))
    return shapes


def _parse_style(style: str) -> dict[str, str]:
    declarations: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep and name.strip():
            declarations[name.strip().lower()] = value.strip()
    return declarations


@dataclass(frozen=True)
class Shape:
    style: dict[str, str]
    attributes: tuple[tuple[str, str], ...]


class Inliner:
    def __init__(self, css: str, shapes: set[tuple[str, str]]) -> None:
        ordered = sorted(shapes)
        probes = []
        for number, (tag, classes) in enumerate(ordered):
            before, after = CONTEXT.get(tag, ("", ""))
            class_attr = f' class="{escape(classes)}"' if classes else ""
            element = f"<{tag}{class_attr} data-probe=\"{number}\">" + ("" if tag in VOID else f"</{tag}>")
            if tag not in ("html", "head", "body", "style", "title", "meta"):
                probes.append(before + element + after)
        body_class = next((c for t, c in ordered if t == "body"), "")
        document = (f"<html><head><style>{css}</style></head><body class=\"{escape(body_class)}\" "
                    f"data-probe=\"body\">{''.join(probes)}</body></html>")
        tree = lxml_html.fromstring(premailer(document))
        self.shapes: dict[tuple[str, str], Shape] = {}
        for element in tree.iter():
            probe = element.get("data-probe")
            if probe is None:
                continue
            key = ("body", body_class) if probe == "body" else ordered[int(probe)]
            extra = tuple((k, v) for k, v in element.attrib.items() if k not in ("class", "style", "data-probe"))
            self.shapes[key] = Shape(_parse_style(element.get("style", "")), extra)
        style = tree.find(".//style")
        self.head_css = (style.text or "").strip() if style is not None else ""
        self._done: dict[str, str] = {}  # the same start tag recurs in every item: inline it once

    def inline(self, html: str) -> str:
        return START_TAG.sub(self._element, html)

    def _element(self, match: re.Match[str]) -> str:
        source = match.group(0)
        done = self._done.get(source)
        if done is None:
            done = self._inline_tag(match)
            if len(self._done) < 20_000:
                self._done[source] = done
        return done

    def _inline_tag(self, match: re.Match[str]) -> str:
        tag = match.group(2)
        if tag is None:
            return match.group(0)  # a comment (Outlook's conditionals), a <style> or a <title>
        attrs = match.group(3) or ""
        class_match = CLASS_ATTR.search(attrs)
        shape = self.shapes.get((tag.lower(), class_match.group(1) if class_match else ""))
        if shape is None or (not shape.style and not shape.attributes):
            return match.group(0)
        style_match = STYLE_ATTR.search(attrs)
        declarations = dict(shape.style)
        if style_match:
            declarations.update(_parse_style(style_match.group(1)))  # the element's own style wins
            attrs = attrs[:style_match.start()] + attrs[style_match.end():]
        for name, value in shape.attributes:
            if f" {name}=" not in attrs:
                attrs += f' {name}="{escape(value)}"'
        style = ";".join(f"{k}:{v}" for k, v in declarations.items())
        return f'<{tag}{attrs} style="{escape(style)}"{match.group(4)}>'

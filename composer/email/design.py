"""A newsletter's design: a preset and its options (never free CSS), read by the one email template.

« Classique » is the email as Composer always made it; « Brief » is dense and text-first, for a daily;
« Magazine » shows an image for every story. A newsletter stores its preset and the options it changes;
everything else comes from the preset.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from flask_babel import lazy_gettext as _l

from composer.email.colors import HEX, contrast

PRESETS_LABELS: dict[str, Any] = {"classique": _l("Classic"), "brief": _l("Brief"), "magazine": _l("Magazine")}
CHOICES: dict[str, tuple[str, ...]] = {
    "header": ("logo", "name"),  # the publication's logo (else its name), or the newsletter's name
    "align": ("center", "left"),
    "font": ("serif", "sans"),
    "layout": ("text", "thumbnail", "image"),  # how news items show
    "bylines": ("opinions", "all", "none"),  # which stories name their author
}
# What each option and value is called on the newsletter page.
LABELS: dict[str, Any] = {
    "header": _l("Header"), "align": _l("Header alignment"), "font": _l("Type"),
    "accent_color": _l("Accent colour"), "layout": _l("News items"), "date_line": _l("Date line under the header"),
    "bylines": _l("Author lines"),
}
CHOICE_LABELS: dict[str, Any] = {
    "logo": _l("The publication's logo (else its name)"), "name": _l("The newsletter's name"),
    "center": _l("Centred"), "left": _l("Left"), "serif": _l("Serif"), "sans": _l("Sans-serif"),
    "text": _l("Text only"), "thumbnail": _l("Thumbnail on the left"), "image": _l("Full-width image"),
    "opinions": _l("Opinion pieces"), "all": _l("Every story"), "none": _l("None"),
}
FONTS = {"serif": "Georgia, serif", "sans": "Arial, Helvetica, sans-serif"}
MIN_CONTRAST = 4.5  # white text on the accent colour (the button)


@dataclass(frozen=True)
class Design:
    preset: str = "classique"
    header: str = "logo"
    align: str = "center"
    font: str = "serif"
    accent_color: str = ""  # "" is the publication's
    layout: str = "text"
    date_line: bool = True
    bylines: str = "opinions"

    @property
    def text_font(self) -> str:
        return FONTS[self.font]

    @property
    def dense(self) -> bool:
        """« Brief »: smaller type, tighter spacing, and text first (no picture above the top story)."""
        return self.preset == "brief"

    def options(self) -> dict[str, Any]:
        return asdict(self)


PRESETS: dict[str, Design] = {
    "classique": Design(),
    "brief": Design(preset="brief", header="name", align="left", font="sans", layout="text", bylines="none"),
    "magazine": Design(preset="magazine", layout="image", bylines="all"),
}
OPTIONS = tuple(f.name for f in fields(Design) if f.name != "preset")


def design_from(values: dict[str, Any] | None) -> Design:
    """The design a newsletter stores ({"preset", …options}): its preset with the options it sets. Unknown
    or invalid values fall back on the preset's (validate() refuses them before they are stored)."""
    values = values or {}
    base = PRESETS.get(str(values.get("preset") or "classique"), PRESETS["classique"])
    changes: dict[str, Any] = {}
    for name in OPTIONS:
        if name not in values or values[name] is None:
            continue
        value = values[name]
        if name in CHOICES and value in CHOICES[name]:
            changes[name] = value
        elif name == "date_line":
            changes[name] = bool(value)
        elif name == "accent_color" and (value == "" or HEX.match(str(value))):
            changes[name] = str(value).lower()
    return replace(base, **changes)


def validate(values: dict[str, Any], gettext: Any) -> dict[str, str]:
    """Errors by option name; gettext translates them (the caller's)."""
    errors: dict[str, str] = {}
    if str(values.get("preset") or "classique") not in PRESETS:
        errors["preset"] = gettext("Choose one of the designs: %(presets)s.", presets=", ".join(PRESETS))
    for name, allowed in CHOICES.items():
        value = values.get(name)
        if value not in (None, "") and value not in allowed:
            errors[name] = gettext("Choose one of: %(values)s.", values=", ".join(allowed))
    color = str(values.get("accent_color") or "")
    if color and not HEX.match(color):
        errors["accent_color"] = gettext("Use a six-digit colour such as #b3261e.")
    elif color and contrast(color, "#ffffff") < MIN_CONTRAST:
        errors["accent_color"] = gettext(
            "White text on this colour is hard to read (contrast %(ratio).1f:1, 4.5:1 needed). Choose a darker "
            "colour.", ratio=contrast(color, "#ffffff"))
    return errors


def stored(values: dict[str, Any]) -> dict[str, Any]:
    """What a newsletter keeps of a design: its preset and the options that differ from it."""
    design = design_from(values)
    base = PRESETS[design.preset]
    return {"preset": design.preset, **{name: getattr(design, name) for name in OPTIONS
                                        if getattr(design, name) != getattr(base, name)}}


# Type sizes and spacing: « Brief » is denser; the others keep the sizes the email always had.
SIZES = {
    False: {"body": "17px", "body_line": "26px", "masthead": "30px", "masthead_line": "36px", "lead": "26px",
            "lead_line": "32px", "item": "20px", "item_line": "26px"},
    True: {"body": "15px", "body_line": "22px", "masthead": "24px", "masthead_line": "30px", "lead": "21px",
           "lead_line": "27px", "item": "17px", "item_line": "23px"},
}
SPACING = {
    False: {"masthead": "22px 24px 14px 24px", "kicker": "26px 24px 6px 24px", "item": "14px 24px 6px 24px"},
    True: {"masthead": "16px 24px 10px 24px", "kicker": "18px 24px 4px 24px", "item": "8px 24px 4px 24px"},
}


def sizes(design: Design) -> dict[str, str]:
    return SIZES[design.dense]


def spacing(design: Design) -> dict[str, str]:
    return SPACING[design.dense]

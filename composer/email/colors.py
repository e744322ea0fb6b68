"""Colour arithmetic for the email theme: WCAG contrast and a readable variant of the accent colour."""
from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(color: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio between two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(color: str, background: str, minimum: float = 4.5) -> str:
    """color, mixed towards white step by step until it reaches the contrast minimum on background."""
    r, g, b = _rgb(color)
    for step in range(0, 11):
        t = step / 10
        mixed = "#" + "".join(f"{round((c + (1 - c) * t) * 255):02x}" for c in (r, g, b))
        if contrast(mixed, background) >= minimum:
            return mixed
    return "#ffffff"

"""The rich-text editor's released files (Trix, pinned in package.json and installed by `npm ci`, which
`make run` runs), served from node_modules: never copied into the repository. Without them the intro stays a
textarea, which takes plain text or the same small HTML."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, send_file
from flask_babel import gettext as _

bp = Blueprint("editor_assets", __name__)

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
FILES = {"trix.js": ("trix/dist/trix.umd.min.js", "text/javascript"), "trix.css": ("trix/dist/trix.css", "text/css")}


def _path(name: str) -> Path:
    return Path(current_app.config.get("NODE_MODULES", NODE_MODULES)) / FILES[name][0]


def rich_text_available() -> bool:
    """Whether the editor's files are installed (the compose page then loads them)."""
    return all(_path(name).is_file() for name in FILES)


def rich_text_lang() -> str:
    """The editor's own words (its toolbar, its link dialog), in the interface's language, for Trix.config.lang.
    Undo and redo are Ctrl+Z and Ctrl+Y: their buttons are hidden (composer.css)."""
    return json.dumps({
        "bold": _("Bold"), "italic": _("Italic"), "link": _("Link"), "heading1": _("Intertitle"),
        "quote": _("Quote"), "bullets": _("Bulleted list"), "numbers": _("Numbered list"), "undo": _("Undo typing"),
        "redo": _("Redo typing"), "unlink": _("Remove the link"), "url": _("Address"), "urlPlaceholder": _("https://…"),
        "outdent": _("Decrease the indent"), "indent": _("Increase the indent"), "strike": _("Strikethrough"),
        "code": _("Code"), "attachFiles": _("Attach files"), "remove": _("Remove"),
    }, ensure_ascii=False)


@bp.get("/editor/<name>")
def asset(name: str) -> Any:
    if name not in FILES or not _path(name).is_file():
        abort(404)
    return send_file(_path(name), mimetype=FILES[name][1], max_age=3600)

"""The forms of a page as a browser would send them, read from its HTML (no JavaScript): what the test client
posts when a test clicks a button."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, text)
    id: str = ""

    def data(self, button: str | None = None, **typed: str) -> dict[str, str]:
        """What clicking the button whose text contains `button` sends, with `typed` typed into the fields."""
        sent = {**self.fields, **typed}
        if button is not None:
            name, value, _ = next(b for b in self.buttons if button in b[2])
            if name:
                sent[name] = value
        return sent


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._text: tuple[str, list[str]] | None = None  # a textarea or button being read
        self._button: tuple[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), id=a.get("id", ""))
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "checkbox", "radio"):
            self._form.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._text = (a["name"], [])
        elif tag == "button":
            self._button = (a.get("name", ""), a.get("value", ""))
            self._text = ("", [])
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self._form.fields:
                self._form.fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._text:
            self._form.fields[self._text[0]] = "".join(self._text[1]).removeprefix("\n")
            self._text = None
        elif tag == "button" and self._button is not None and self._text is not None:
            self._form.buttons.append((*self._button, "".join(self._text[1]).strip()))
            self._button = self._text = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def forms_of(page: str) -> list[Form]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


def form_to(page: str, action_part: str, containing: str | None = None) -> Form:
    """The first form whose action contains action_part (and whose fields or buttons mention `containing`)."""
    for form in forms_of(page):
        if action_part in form.action and (containing is None or containing in str(form.fields)
                                           or any(containing in b[2] for b in form.buttons)):
            return form
    raise AssertionError(f"no form to {action_part} ({containing}) on the page")

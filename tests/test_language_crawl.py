"""Every page of the interface, crawled in French and in English: its own words (labels, buttons, headings,
hints, menus, messages) are in that language. A heuristic: a short list of words that only the other language
uses; the content (articles, issues) is French either way and is not looked at."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from composer.demo import seed
from composer.extensions import db
from composer.models import Article, Issue
from tests.conftest import login

CHROME = {"label", "button", "th", "legend", "summary", "h1", "h2", "nav", "dt", "title"}
CHROME_CLASSES = {"hint", "flash", "error", "empty", "error-message", "banner", "presence"}
ENGLISH = re.compile(r"\b(the|and|Save|Search|Delete|Cancel|Back|Edit|Remove|Invalid|Please|required|Nothing|"
                     r"Issues?|Library|Settings|Users|Preview|History|Generic|Created|Not found|Bad request)\b")
FRENCH = re.compile(r"\b(les?|des|du|une|Enregistrer|Rechercher|Supprimer|Annuler|Retour|numéros?|Générique|"
                    r"Éditeur|Rédacteur|Aucun|Modifier|Bibliothèque|Réglages|Historique)\b")
SKIP = re.compile(r"/logout|/preview/email|[?&]format=|/archive|/api/|/static/|/export\?.*format|/trash/.*/")
MAX_PAGES = 60


class _Chrome(HTMLParser):
    """The interface's own words on a page: text inside CHROME elements or CHROME_CLASSES, not the titles of
    articles or issues (class "title", "item-title", a table's content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.words: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("input", "img", "br", "meta", "link", "hr", "source", "option"):
            return
        classes = set(a.get("class", "").split())
        content = bool(classes & {"title", "item-title", "visually-hidden", "theirs-text", "meta", "muted"}) \
            or tag in ("mark", "del", "ins", "td", "textarea", "select", "script", "style", "iframe", "code")
        inside = bool(self.stack and self.stack[-1])
        chrome = tag in CHROME or bool(classes & CHROME_CLASSES)
        self.stack.append(None if content else (True if chrome else inside))  # type: ignore[arg-type]
        if content:
            self.stack[-1] = False

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "img", "br", "meta", "link", "hr", "source", "option") and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] and data.strip():
            self.words.append(data.strip())


def _crawl(client, start: str) -> dict[str, str]:
    seen: dict[str, str] = {}
    todo = [start, "/issues/1", "/issues/1/preview", "/issues/1/export", "/issues/1/history", "/settings",
            "/users", "/account", "/imports", "/trash", "/articles/new", "/issues/new", "/no-such-page"]
    while todo and len(seen) < MAX_PAGES:
        url = todo.pop(0)
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        key = re.sub(r"\d+", "N", urlsplit(url).path)
        if key in {re.sub(r"\d+", "N", urlsplit(u).path) for u in seen} or SKIP.search(path):
            continue
        response = client.get(path)
        if not response.mimetype == "text/html":
            continue
        page = response.get_data(as_text=True)
        parser = _Chrome()
        parser.feed(page)
        seen[path] = " | ".join(parser.words)
        for link in parser.links:
            target = urljoin(path, link)
            if target.startswith("/") and not target.startswith("//"):
                todo.append(target.split("#")[0])
    return seen


@pytest.mark.parametrize(("language", "other"), [("fr", ENGLISH), ("en", FRENCH)])
def test_every_page_speaks_the_interface_language(app, client, admin, language, other) -> None:
    with app.app_context():
        seed()
        content = [t for (t,) in db.session.execute(select(Issue.title).union(select(Article.title)))]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login(client, admin.email)
    pages = _crawl(client, "/")
    for path, words in pages.items():  # the titles of issues and articles are content, French either way
        for title in sorted(content, key=len, reverse=True):
            words = words.replace(title, "")
        pages[path] = words
    assert len(pages) > 15
    wrong = {path: sorted({words[max(0, m.start() - 30):m.end() + 30] for m in other.finditer(words)})
             for path, words in pages.items() if other.search(words)}
    assert wrong == {}

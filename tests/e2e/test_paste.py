"""Pasting an article in the real browser: the clipboard's HTML (a synthetic paste event carrying text/html, as
the browser's own paste gives it), and the same form without JavaScript."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import log_in, new_context, screenshot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "paste"
CLIPBOARD = (FIXTURES / "menaka-clipboard.html").read_text(encoding="utf-8")
TEXT = (FIXTURES / "menaka.txt").read_text(encoding="utf-8")
TITLE = "Mali : à Ménaka, les déplacés attendent l’aide promise"
PASTE = """([html, text]) => {
  const area = document.querySelector("textarea[name=text]");
  area.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", text);
  area.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_paste_from_the_clipboards_html_review_put_back_and_save(page: Page, live_server: str, editor) -> None:
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/articles/paste")
    plain = f"{TITLE}\nDans le nord-est du Mali…"
    page.evaluate(PASTE, [CLIPBOARD, plain])
    expect(page.get_by_label("Collez l’article ici", exact=False)).to_have_value(plain)
    expect(page.locator("#paste-status")).to_contain_text("mise en forme de la page est conservée")
    page.get_by_role("button", name="Analyser").click()
    expect(page.get_by_label("Titre", exact=True)).to_have_value(TITLE)
    expect(page.get_by_label("Auteur")).to_have_value("Aïssata Coulibaly")
    expect(page.get_by_label("Rubrique")).to_have_value("Sécurité")
    body = page.get_by_label("Corps", exact=False)
    expect(body).to_have_value(re.compile(r'<a href="https://horizon-sahel\.example/tag/eigs">État islamique'))
    expect(body).to_have_value(re.compile(r"<h2>Une aide bloquée à Gao</h2>"))
    expect(body).not_to_have_value(re.compile("Revers majeur"))
    page.get_by_label("Titre", exact=True).fill("Ménaka : l’aide promise se fait attendre")
    page.locator("#dropped li", has_text="Revers majeur").get_by_role("button", name=re.compile("remettre")).click()
    expect(body).to_have_value(re.compile("Revers majeur pour l’armée malienne"))
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Ménaka : l’aide promise se fait attendre")
    screenshot(page, "paste-review")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".flash")).to_have_text("Article enregistré.")
    expect(page.locator("h1")).to_have_text("Ménaka\u00a0: l’aide promise se fait attendre")


def test_paste_and_put_back_without_javascript(browser: Browser, live_server: str, editor) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, editor.email)
    page.goto(f"{live_server}/articles/paste")
    page.get_by_label("Collez l’article ici", exact=False).fill(TEXT)
    page.get_by_role("button", name="Analyser").click()
    expect(page.get_by_label("Titre", exact=True)).to_have_value(TITLE)
    body = page.get_by_label("Corps", exact=False)
    expect(body).to_have_value(re.compile("Les agences onusiennes"))
    page.locator("#dropped li", has_text="Mots-clés").get_by_role("button", name=re.compile("remettre")).click()
    expect(body).to_have_value(re.compile("Mots-clés : Mali, Ménaka, EIGS, déplacés"))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("h1")).to_have_text("Mali\u00a0: à Ménaka, les déplacés attendent l’aide promise")
    context.close()

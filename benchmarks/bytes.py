"""Bytes: the exported HTML of issues of 10 to 100 items, what one more teaser adds, and the same newsletter
written in MJML (mjml-python) for comparison."""
from __future__ import annotations

import tempfile
from typing import Any

from benchmarks.common import build_issue, insert_articles, make_app

SIZES, QUICK_SIZES = [10, 20, 60, 100], [5, 10]


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(QUICK_SIZES if quick else SIZES)


def measure(sizes: list[int]) -> list[dict[str, Any]]:
    from mjml import mjml2html

    from benchmarks.data import Corpus
    from composer.email.brand import Brand
    from composer.email.profiles import get_profile
    from composer.email.render import email_context, render_fresh

    brand, profile = Brand.from_mapping({}), get_profile("generic")
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/bytes.sqlite")
        with app.app_context():
            insert_articles(Corpus(seed=1), 0, max(sizes) + 1)
            rows = []
            for count in sizes:
                issue = build_issue(count)
                html = render_fresh(issue, profile, brand).html
                empty = render_fresh(build_issue(0), profile, brand).html
                mjml = mjml2html(mjml_source(email_context(issue, profile, brand)))
                size = len(html.encode())
                one_more = len(render_fresh(build_issue(count, extra_teasers=1), profile, brand).html.encode())
                rows.append({"items": count, "html_kb": round(size / 1024, 1),
                             "per_item_kb": round((size - len(empty.encode())) / count / 1024, 2),
                             "one_more_teaser_kb": round((one_more - size) / 1024, 2),
                             "mjml_kb": round(len(mjml.encode()) / 1024, 1),
                             "ratio_to_mjml": round(size / len(mjml.encode()), 2),
                             "under_102_kb": size < 102 * 1024})
    return rows


def mjml_source(context: dict[str, Any]) -> str:
    """The same newsletter written in MJML, for the size comparison."""
    from html import escape

    parts = [f'<mjml lang="{context["lang"]}"><mj-head><mj-title>{escape(context["subject"])}</mj-title>'
             f'<mj-preview>{escape(context["preheader"])}</mj-preview><mj-attributes>'
             '<mj-text font-family="Georgia, serif" font-size="17px" line-height="26px" color="#1a1a1a"/>'
             '</mj-attributes></mj-head><mj-body background-color="#f2f2ef"><mj-wrapper background-color="#ffffff">'
             f'<mj-section><mj-column><mj-text align="center" font-size="30px">'
             f'{escape(context["brand"].publication_name)}</mj-text></mj-column></mj-section>']
    for section, heading in context["sections"]:
        items = context["items"][section]
        if not items:
            continue
        parts.append(f'<mj-section><mj-column><mj-text font-size="12px" color="#b3261e">{escape(heading)}</mj-text>')
        for item in items:
            if item.image_url and section == "lead":
                parts.append(f'<mj-image src="{item.image_url}" alt="{escape(item.image_alt)}" width="552px"/>')
            parts.append(f'<mj-text font-size="20px"><a href="{item.url}">{escape(item.title)}</a></mj-text>')
            if item.teaser and section != "related":
                parts.append(f"<mj-text>{escape(item.teaser)}</mj-text>")
            if section == "lead":
                parts.append(f'<mj-button background-color="#b3261e" href="{item.url}">Lire l’article</mj-button>')
        parts.append("</mj-column></mj-section>")
    parts.append(f'<mj-section><mj-column><mj-text font-size="12px" align="center">'
                 f'{escape(context["brand"].postal_address)} · <a href="{context["unsubscribe_url"]}">'
                 f'Se désinscrire</a></mj-text></mj-column></mj-section></mj-wrapper></mj-body></mjml>')
    return "".join(parts)

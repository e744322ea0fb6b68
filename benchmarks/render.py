"""Render: `render_issue`'s work (HTML and text) for issues of 10 to 100 items, against (a) Jinja + premailer
on every email and (b) Jinja + css_inline, the fastest inliner there is."""
from __future__ import annotations

import tempfile
from typing import Any

from benchmarks.common import build_issue, insert_articles, make_app, timed

SIZES, QUICK_SIZES = [10, 20, 60, 100], [5, 10]


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(QUICK_SIZES if quick else SIZES, 3 if quick else 30)


def measure(sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    import css_inline

    from benchmarks.data import Corpus
    from composer.email.brand import Brand
    from composer.email.inliner import premailer
    from composer.email.profiles import get_profile
    from composer.email.render import _environment, email_context, render_fresh, stylesheet

    brand, profile = Brand.from_mapping({}), get_profile("generic")
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/render.sqlite")
        with app.app_context():
            insert_articles(Corpus(seed=1), 0, max(sizes) + 1)
            rows = []
            for count in sizes:
                issue = build_issue(count)
                for item in issue.items:  # load everything once: we time rendering, not the database
                    _ = item.article.title
                env = _environment()

                def naive() -> str:
                    context = email_context(issue, profile, brand)
                    html = env.get_template("issue.html").render(context, head_css=stylesheet(brand))
                    return premailer(html)

                def fastest() -> str:
                    context = email_context(issue, profile, brand)
                    html = env.get_template("issue.html").render(context, head_css=stylesheet(brand))
                    return str(css_inline.inline(html))

                ours = timed(lambda: render_fresh(issue, profile, brand), repeat)
                a = timed(naive, max(3, repeat // 4))
                b = timed(fastest, repeat)
                rows.append({"items": count, "composer_ms": round(ours, 2), "jinja_premailer_ms": round(a, 2),
                             "jinja_css_inline_ms": round(b, 2), "ratio_to_css_inline": round(ours / b, 2)})
    return rows

"""Bytes per design: the exported HTML of issues of 10 to 100 items in each preset (« Classique », « Brief »,
« Magazine »), and what one more teaser in « Actualités » adds."""
from __future__ import annotations

import tempfile
from typing import Any

from benchmarks.common import build_issue, insert_articles, make_app

SIZES, QUICK_SIZES = [10, 20, 60, 100], [5, 10]
PRESETS = ("classique", "brief", "magazine")


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(QUICK_SIZES if quick else SIZES)


def measure(sizes: list[int]) -> list[dict[str, Any]]:
    from composer.email.brand import Brand
    from composer.email.profiles import get_profile
    from composer.email.render import render_fresh
    from composer.extensions import db
    from composer.issues.newsletters import default_newsletter

    brand, profile = Brand.from_mapping({}), get_profile("generic")
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/presets.sqlite")
        with app.app_context():
            from benchmarks.data import Corpus

            insert_articles(Corpus(seed=1), 0, max(sizes) + 1)
            rows = []
            for preset in PRESETS:
                default_newsletter().design = {"preset": preset}
                db.session.flush()
                for count in sizes:
                    size = len(render_fresh(build_issue(count), profile, brand).html.encode())
                    one_more = len(render_fresh(build_issue(count, extra_teasers=1), profile, brand).html.encode())
                    rows.append({"preset": preset, "items": count, "html_kb": round(size / 1024, 1),
                                 "one_more_teaser_kb": round((one_more - size) / 1024, 2),
                                 "under_102_kb": size < 102 * 1024})
    return rows

"""« Du même sujet »: suggestions for one article, for 50 articles spread through the library."""
from __future__ import annotations

import time
from typing import Any

from benchmarks import growing
from benchmarks.common import percentile


def run(quick: bool) -> list[dict[str, Any]]:
    return growing.measure(quick, {"related": measure})["related"]


def measure(library: growing.Library) -> dict[str, Any]:
    from composer.extensions import db
    from composer.library.related import suggest_related
    from composer.models import Article

    times = []
    for article_id in range(1, library.articles, max(1, library.articles // 50)):
        article = db.session.get(Article, article_id)
        assert article is not None
        start = time.perf_counter()
        suggest_related(article, limit=5)
        times.append((time.perf_counter() - start) * 1000)
    return {"database": library.database, "articles": library.articles,
            "related_p50_ms": round(percentile(times, 50), 2),
            "related_p95_ms": round(percentile(times, 95), 2)}

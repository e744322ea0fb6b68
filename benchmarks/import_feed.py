"""Import: a generated 1 000-item RSS feed served from a local HTTP server, imported into an empty library,
then the idempotent re-import."""
from __future__ import annotations

import statistics
import tempfile
import time
from typing import Any

from benchmarks.common import NOW, make_app


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(50 if quick else 1_000, 1 if quick else 3)


def measure(count: int, repeat: int) -> list[dict[str, Any]]:
    from benchmarks.data import Corpus, rss_feed
    from composer.ingest.importer import ImportOptions, run_import
    from tests.feedserver import FeedServer

    feed = rss_feed(Corpus(seed=5), count, NOW)
    first, again = [], []
    with FeedServer() as server:
        url = server.serve("/feed.xml", feed, Content_Type="application/rss+xml")
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                app = make_app(f"sqlite:///{tmp}/import.sqlite")
                with app.app_context():
                    options = ImportOptions(allow_private=True)
                    start = time.perf_counter()
                    result, _run = run_import(url, None, None, None, None, options)
                    first.append(time.perf_counter() - start)
                    assert result.imported == count, result.summary()
                    start = time.perf_counter()
                    result, _run = run_import(url, None, None, None, None, options)
                    again.append(time.perf_counter() - start)
                    assert result.imported == 0 and result.updated == 0, result.summary()
    return [{"items": count, "feed_kb": round(len(feed) / 1024),
             "first_import_s": round(statistics.median(first), 2),
             "reimport_s": round(statistics.median(again), 2)}]

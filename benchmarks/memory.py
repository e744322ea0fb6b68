"""Peak memory (RSS, MB) of one task in a fresh process: `render N` or `import N`."""
from __future__ import annotations

import resource
import sys
import tempfile

from benchmarks.run import NOW, build_issue, insert_articles, make_app


def main(task: str, size: int) -> None:
    from benchmarks.data import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/memory.sqlite")
        with app.app_context():
            if task == "render":
                from composer.brand import Brand
                from composer.rendering import render_issue

                insert_articles(Corpus(seed=2), 0, size)
                render_issue(build_issue(size), "generic", Brand.from_mapping({}))
            else:
                from benchmarks.data import rss_feed
                from composer.ingest.importer import ImportOptions, run_import
                from tests.feedserver import FeedServer

                with FeedServer() as server:
                    url = server.serve("/feed.xml", rss_feed(Corpus(seed=5), size, NOW))
                    run_import(url, None, None, None, None, ImportOptions(allow_private=True))
    print(round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

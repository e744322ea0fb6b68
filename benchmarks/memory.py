"""Peak memory (RSS, MB) of one task in a fresh process: `render N`, `import N`, or `idle 0` (the app loaded
and its database made, nothing done: the floor the two tasks are read against)."""
from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

from benchmarks.common import NOW, build_issue, insert_articles, make_app


def main(task: str, size: int) -> None:
    from benchmarks.data import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/memory.sqlite")
        with app.app_context():
            if task == "idle":
                pass
            elif task == "render":
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
    print(round(peak_rss_kb() / 1024, 1))


def peak_rss_kb() -> int:
    """This process's own peak resident set. Linux's getrusage carries over the peak of the process that
    started this one (the benchmark, hundreds of MB after its searches), so the kernel's high-water mark of
    this process's memory is read instead where there is one."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

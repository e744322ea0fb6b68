"""Memory: the peak resident memory of a fresh process that loads the app and does nothing, renders a
100-item issue, or imports the 1 000-item feed.

Each task runs in its own process, this module's main: `python -m benchmarks.memory TASK N` prints the peak
memory (RSS, MB) of `render N`, `import N`, or `idle 0` (the app loaded and its database made, nothing done:
the floor the two tasks are read against)."""
from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import NOW, ROOT, build_issue, insert_articles, make_app


def run(quick: bool) -> list[dict[str, Any]]:
    return measure(10 if quick else 100, 50 if quick else 1_000)


def measure(items: int, feed_items: int) -> list[dict[str, Any]]:
    rows = []
    for task, size in (("idle", 0), ("render", items), ("import", feed_items)):
        result = subprocess.run([sys.executable, "-m", "benchmarks.memory", task, str(size)], cwd=ROOT,
                                capture_output=True, text=True, check=True)
        rows.append({"task": "app loaded, nothing done" if task == "idle" else f"{task} {size}",
                     "peak_rss_mb": float(result.stdout.strip().splitlines()[-1])})
    return rows


def main(task: str, size: int) -> None:
    from benchmarks.data import Corpus

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(f"sqlite:///{tmp}/memory.sqlite")
        with app.app_context():
            if task == "idle":
                pass
            elif task == "render":
                from composer.email.brand import Brand
                from composer.email.render import render_issue

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

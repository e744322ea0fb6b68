"""make bench: Composer's performance, each figure a median of repeated runs beside a baseline measured in
the same run. Prints a table per figure and writes benchmarks/results/latest.json.

    python -m benchmarks.run [--quick] [--output PATH] [FIGURE ...]

FIGURE is one of render, bytes, presets, search, related, import, serving, memory, queue (default: all of
them, in that order); each is measured by its own module in benchmarks/. The output holds the figures of this run only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import bytes as email_bytes
from benchmarks import growing, import_feed, memory, presets, queue, related, render, search, serving
from benchmarks.common import ROOT

RESULTS = ROOT / "benchmarks" / "results"
# Each figure's module, whose run(quick) gives the figure's rows.
FIGURES: dict[str, ModuleType] = {"render": render, "bytes": email_bytes, "presets": presets, "search": search,
                                  "related": related, "import": import_feed, "serving": serving, "memory": memory,
                                  "queue": queue}
# Figures measured on the same grown library (benchmarks/growing.py): grown once for all of them asked for.
ON_GROWN_LIBRARY = ("search", "related")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("figures", nargs="*", metavar="FIGURE", help="only these figures (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the benchmarks still run")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    unknown = [name for name in args.figures if name not in FIGURES]
    if unknown:
        parser.error(f"unknown figure {', '.join(unknown)} (figures: {', '.join(FIGURES)})")
    wanted = [name for name in FIGURES if name in args.figures or not args.figures]
    out: dict[str, Any] = {"machine": machine(), "when": datetime.now().isoformat(timespec="seconds")}
    for name in wanted:
        if name in out:
            continue
        if name in ON_GROWN_LIBRARY:
            out.update(growing.measure(args.quick, {figure: FIGURES[figure].measure
                                                    for figure in ON_GROWN_LIBRARY if figure in wanted}))
        else:
            out[name] = FIGURES[name].run(args.quick)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(out, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Machine: {out['machine']}")
    for name in FIGURES:
        if name in out:
            print(f"\n{name}\n{table(out[name])}")
    return 0


def table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"



if __name__ == "__main__":
    sys.exit(main())

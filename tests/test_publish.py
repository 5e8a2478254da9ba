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


def publish(out, title: str, batch: str = "b1"):
    return publishing.publish_batch(out, batch, dataset(title), {"inputs": 1}, {"build": title})


def reasons(out) -> list[str]:
    return pl.read_parquet(out / "rejects/").sort("batch").get_column("reason").to_list()


def test_published_tables_open_with_polars_pandas_and_duckdb(tmp_path):
    publish(tmp_path, "one")
    assert reasons(tmp_path) == ["broken in build one"]
    assert pd.read_parquet(tmp_path / "rejects")["reason"].tolist() == ["broken in build one"]
    rows = duckdb.sql(f"from '{tmp_path}/rejects/**/*.parquet'").fetchall()
    assert rows == [("bad.txt", None, "read", "broken in build one", "b1")]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "one"


def test_parquet_fields_carry_the_column_descriptions(tmp_path):
    publish(tmp_path, "one")
    schema = pq.read_schema(next((tmp_path / "rejects").glob("*/*.parquet")))
    assert schema.field("stage").metadata[b"description"].decode().startswith("Where the file was stopped")


def test_a_batch_published_again_replaces_its_rows(tmp_path):
    publish(tmp_path, "one")
    publish(tmp_path, "two")
    assert reasons(tmp_path) == ["broken in build two"]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "two"


def test_another_batch_is_added_without_rewriting_the_first(tmp_path):
    publish(tmp_path, "one", batch="b1")
    first = next((tmp_path / "rejects" / "batch=b1").iterdir())
    inode = first.stat().st_ino
    publish(tmp_path, "two", batch="b2")
    assert reasons(tmp_path) == ["broken in build one", "broken in build two"]
    assert (tmp_path / "rejects" / "batch=b1" / first.name).stat().st_ino == inode  # linked, not rewritten
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert sorted(manifest["batches"]) == ["b1", "b2"]
    assert manifest["tables"]["rejects"]["rows"] == 2 and manifest["rejected"] == 2 and manifest["inputs"] == 2


def test_a_withdrawn_batch_disappears_from_tables_and_manifest(tmp_path):
    publish(tmp_path, "one", batch="b1")
    publish(tmp_path, "two", batch="b2")
    publishing.publish_batch(tmp_path, "b1", None)
    assert reasons(tmp_path) == ["broken in build two"]
    assert list(json.loads((tmp_path / "manifest.json").read_text())["batches"]) == ["b2"]


def test_old_builds_are_cleaned_up(tmp_path):
    for n in range(4):
        publish(tmp_path, str(n))
    builds = [p for p in (tmp_path / publishing.BUILDS).iterdir()]
    assert len(builds) == publishing.KEEP_BUILDS


def test_a_crash_while_writing_leaves_the_previous_dataset(tmp_path, monkeypatch):
    publish(tmp_path, "one")
    write_table = pq.write_table

    def crash(table, path, **kwargs):
        if "quotes" in str(path):
            raise OSError("disk full")
        write_table(table, path, **kwargs)

    monkeypatch.setattr(publishing.pq, "write_table", crash)
    with pytest.raises(OSError, match="disk full"):
        publish(tmp_path, "two")
    assert reasons(tmp_path) == ["broken in build one"]
    assert json.loads((tmp_path / "manifest.json").read_text())["build"] == "one"
    assert not [p for p in (tmp_path / publishing.BUILDS).iterdir() if p.name.startswith(".tmp-")]


def test_a_folder_left_where_a_table_belongs_is_replaced(tmp_path):
    (tmp_path / "quotes").mkdir()
    (tmp_path / "quotes" / "stale.parquet").write_bytes(b"old")
    publish(tmp_path, "one")
    assert (tmp_path / "quotes").is_symlink()
    assert len(pl.read_parquet(tmp_path / "quotes/")) == 0


def test_the_same_tables_give_the_same_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    publish(a, "same")
    publish(b, "same")
    for name in TABLES:
        part = f"{name}/batch=b1/part-0.parquet"
        assert (a / part).read_bytes() == (b / part).read_bytes()


def test_files_of_an_older_layout_are_left_behind(tmp_path):
    publish(tmp_path, "one", batch="b1")
    current = (tmp_path / publishing.CURRENT).resolve()
    (current / "rejects" / "part-0.parquet").write_bytes(b"not a batch")  # pre-batch layout
    publish(tmp_path, "two", batch="b2")
    assert reasons(tmp_path) == ["broken in build one", "broken in build two"]


def test_prepare_runs_under_the_lock_and_what_it_returns_is_published(tmp_path):
    import fcntl

    publish(tmp_path, "one", batch="b1")
    seen = {}

    def prepare(tables):
        with open(tmp_path / ".lock", "a") as other:  # another run trying to publish now
            with pytest.raises(BlockingIOError):
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        seen["published"] = reasons(tmp_path)  # the other batches as they are at the swap
        return dataset("two, prepared")

    publishing.publish_batch(tmp_path, "b2", dataset("two"), {"inputs": 1}, {}, prepare=prepare)
    assert seen["published"] == ["broken in build one"]
    assert reasons(tmp_path) == ["broken in build one", "broken in build two, prepared"]


def test_prepare_that_raises_publishes_nothing(tmp_path):
    publish(tmp_path, "one")
    before = (tmp_path / publishing.CURRENT).resolve()

    def refuse(tables):
        raise RuntimeError("a cross-table check failed")

    with pytest.raises(RuntimeError, match="cross-table"):
        publishing.publish_batch(tmp_path, "b2", dataset("two"), {"inputs": 1}, {}, prepare=refuse)
    assert (tmp_path / publishing.CURRENT).resolve() == before
    assert reasons(tmp_path) == ["broken in build one"]
    assert not list((tmp_path / publishing.BUILDS).glob(".tmp-*"))

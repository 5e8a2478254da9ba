"""Incremental builds: only new or changed batches are processed; gone batches are withdrawn."""

from __future__ import annotations

import hashlib
import shutil

import polars as pl

from tests.conftest import SEED, materialize_dataset


def write_page(folder, name: str, extra: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(SEED.read_text(encoding="utf-8") + f"\n\n{extra}\n", encoding="utf-8")


def sources(out) -> list[str]:
    return sorted(pl.read_parquet(out / "documents/").get_column("source"))


def test_only_what_changed_is_rebuilt(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    write_page(pages / "day1", "a.txt", "Filed on day one.")
    write_page(pages / "day2", "b.txt", "Filed on day two.")
    assert materialize_dataset(pages, out).built == ["day1", "day2"]

    again = materialize_dataset(pages, out)
    assert again.built == [] and again.withdrawn == []  # nothing new: nothing runs

    first_day1 = next((out / "documents" / "batch=day1").iterdir()).stat().st_ino
    old_b = pl.read_parquet(out / "documents/").filter(pl.col("source") == "day2/b.txt").get_column("doc_id").item()
    write_page(pages / "day2", "b.txt", "Filed on day two, corrected.")  # a changed page
    write_page(pages / "day2", "c.txt", "A new page on day two.")  # and a new one
    assert materialize_dataset(pages, out).built == ["day2"]
    assert sources(out) == ["day1/a.txt", "day2/b.txt", "day2/c.txt"]
    assert next((out / "documents" / "batch=day1").iterdir()).stat().st_ino == first_day1  # day1 untouched
    new_b = pl.read_parquet(out / "documents/").filter(pl.col("source") == "day2/b.txt").get_column("doc_id")
    assert len(new_b) == 1 and new_b.item() != old_b  # the changed page's rows replaced, not duplicated
    for table in ("paragraphs", "entities", "mentions", "quotes"):
        assert old_b not in pl.read_parquet(out / f"{table}/").get_column("doc_id").to_list()

    shutil.rmtree(pages / "day1")
    gone = materialize_dataset(pages, out)
    assert gone.built == [] and gone.withdrawn == ["day1"]
    assert sources(out) == ["day2/b.txt", "day2/c.txt"]


def test_a_page_rewritten_during_its_run_is_rebuilt_next_time(tmp_path, monkeypatch):
    """The manifest records the batch as it was read, not as it is when published."""
    import pipeline.defs.assets as assets

    pages, out = tmp_path / "pages", tmp_path / "out"
    write_page(pages / "day1", "a.txt", "First version.")
    read_pages = assets.read_pages

    def read_then_rewrite(*args, **kwargs):
        read = list(read_pages(*args, **kwargs))
        write_page(pages / "day1", "a.txt", "Second version, saved while the first was being processed.")
        return read

    monkeypatch.setattr(assets, "read_pages", read_then_rewrite)
    assert materialize_dataset(pages, out).built == ["day1"]
    monkeypatch.setattr(assets, "read_pages", read_pages)
    assert materialize_dataset(pages, out).built == ["day1"]  # the second version is seen
    published = pl.read_parquet(out / "documents/").get_column("doc_id").to_list()
    assert published == [hashlib.sha256((pages / "day1" / "a.txt").read_bytes()).hexdigest()[:16]]
    assert materialize_dataset(pages, out).built == []

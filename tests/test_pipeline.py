"""The whole graph, materialized with Dagster on the sample page: the published dataset."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil

import dagster as dg
import duckdb
import pandas as pd
import polars as pl
import pytest

from pipeline.core import tables as core_tables
from pipeline.definitions import defs
from schemas import TABLES
from pipeline.build import BuildFailed
from tests.conftest import SEED, materialize_dataset

ASSETS = {"pages", "clean_pages", "paragraphs", "entities", "mentions", "quotes", "documents", "rejects", "dataset", "review"}


def read(out, name) -> pl.DataFrame:
    return pl.read_parquet(out / f"{name}/")


def test_the_code_location_defines_every_asset_and_check():
    definitions = defs()
    graph = definitions.resolve_asset_graph()
    assert {key.to_user_string() for key in graph.get_all_asset_keys()} == ASSETS
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    for table in TABLES:
        assert (table, "matches_contract") in checks
    assert {name for asset, name in checks if asset == "dataset"} == {
        "parents_exist",
        "offsets_slice_back",
        "every_input_once",
    }
    for key in graph.get_all_asset_keys():
        assert graph.get(key).description, f"{key.to_user_string()} has no description"


def test_the_build_succeeds_and_every_check_passes(seed_build):
    run, _ = seed_build
    evaluations = run.checks
    assert len(evaluations) == len(TABLES) + 3
    assert all(e.passed for e in evaluations), [e.check_name for e in evaluations if not e.passed]


def test_table_assets_carry_column_schema_row_count_and_preview(seed_build):
    run, _ = seed_build
    quotes = run.materializations["quotes"].metadata
    assert quotes["dagster/row_count"].value > 0
    assert "preview" in quotes
    spec = defs().resolve_assets_def("quotes").specs_by_key[dg.AssetKey("quotes")]
    columns = [c.name for c in spec.metadata["dagster/column_schema"].columns]
    assert columns == list(TABLES["quotes"].to_schema().columns)


def test_the_seed_page_is_one_document_with_its_metadata(seed_build):
    _, out = seed_build
    (doc,) = read(out, "documents").to_dicts()
    assert doc["source"] == SEED.name
    assert doc["title"] == (
        "Hollywood, data and ‘not being like Amazon': Alibaba’s Jack Ma on his vision for the future"
    )
    assert doc["authors"] == ["Seb Joseph"]
    assert doc["byline"] == "By Seb Joseph, News editor"
    assert doc["published"] == dt.date(2017, 1, 18)
    assert doc["read_time_minutes"] == 6
    assert doc["section"] == "Technology"
    assert doc["tags"] == ["Alibaba", "Jack Ma"]
    assert doc["n_paragraphs"] == 16


def test_the_seed_body_is_the_article_without_boilerplate(seed_build, seed_text):
    _, out = seed_build
    paragraphs = read(out, "paragraphs").sort("index")
    assert paragraphs.get_column("kind").value_counts().sort("kind").rows() == [("body", 15), ("caption", 1)]
    caption = paragraphs.filter(pl.col("kind") == "caption").get_column("text").item()
    assert caption.startswith("Jack Ma, Alibaba's chief executive")
    body = "\n".join(paragraphs.get_column("text"))
    for boilerplate in ["Drum Awards", "-d -h", "Author", "More from", "View all", "Trending", "Industry insights", "Add your own content"]:
        assert boilerplate not in body
    assert paragraphs.get_column("text")[0].startswith("Alibaba’s data rather than")
    assert paragraphs.get_column("text")[-1].endswith("Not everyone can pass Harvard.”")
    for text, start, end in paragraphs.select("text", "source_start", "source_end").iter_rows():
        assert seed_text[start:end] == text


def test_seed_quotes_are_found_and_attributed(seed_build):
    _, out = seed_build
    quotes = read(out, "quotes")
    paragraphs = dict(read(out, "paragraphs").select("paragraph_id", "text").iter_rows())
    for text, para, start, end in quotes.select("text", "paragraph_id", "start", "end").iter_rows():
        assert paragraphs[para][start:end] == text
    first = quotes.row(0, named=True)
    assert (first["text"], first["kind"], first["cue"]) == ("We are a data company,", "full", "declared")
    assert first["speaker"] == "the entrepreneur" and first["speaker_name"] == "Jack Ma"
    partial = quotes.filter(pl.col("text") == "war against human greed").row(0, named=True)
    assert partial["kind"] == "partial"
    entity = read(out, "entities").filter(pl.col("entity_id") == first["speaker_entity_id"]).row(0, named=True)
    assert (entity["name"], entity["label"], entity["key"]) == ("Jack Ma", "PERSON", "person:jack-ma")


def test_seed_entities_resolve_short_names_to_the_full_name(seed_build):
    _, out = seed_build
    entities = read(out, "entities")
    mentions = read(out, "mentions").join(entities.select("entity_id", "name"), on="entity_id")
    assert set(mentions.filter(pl.col("text") == "Ma").get_column("name")) == {"Jack Ma"}
    people = set(entities.filter(pl.col("label") == "PERSON").get_column("name"))
    assert {"Jack Ma", "Donald Trump", "Steven Spielberg"} <= people


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_loads_as_the_contract_shows(seed_build, name):
    _, out = seed_build
    by_polars = pl.read_parquet(out / f"{name}/")
    by_pandas = pd.read_parquet(out / name)
    by_duckdb = duckdb.sql(f"from '{out}/{name}/**/*.parquet'").pl() if len(by_polars) else by_polars
    # The batch comes back as a column from the hive-style folder names.
    assert by_polars.columns == [*TABLES[name].to_schema().columns, "batch"]
    assert list(by_pandas.columns) == by_polars.columns
    assert len(by_pandas) == len(by_polars) == len(by_duckdb)
    assert set(by_polars.get_column("batch")) <= {"_root"}
    TABLES[name].validate(by_polars.drop("batch"))


def test_the_manifest_lists_tables_rows_and_versions(seed_build):
    _, out = seed_build
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_version"] and manifest["pipeline_version"]
    assert manifest["model"]["name"] and manifest["model"]["version"]
    assert (manifest["inputs"], manifest["published"], manifest["rejected"]) == (1, 1, 0)
    for name in TABLES:
        assert manifest["tables"][name]["rows"] == len(read(out, name))


def test_rebuilding_the_same_inputs_gives_the_same_bytes(seed_build, tmp_path):
    _, out = seed_build
    assert materialize_dataset(SEED.parent, tmp_path).built == ["_root"]
    for name in TABLES:
        first, second = (next((o / name).glob("**/*.parquet")).read_bytes() for o in (out, tmp_path))
        assert first == second, f"{name} differs between two builds of the same input"


def test_bad_inputs_end_in_rejects_and_good_ones_in_documents(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / "good.txt")
    (pages / "mirror één").mkdir()
    shutil.copy(SEED, pages / "mirror één" / "good.txt")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (pages / "menu.txt").write_text("Home\n\nNews\n\nSport\n\nContact us\n", encoding="utf-8")
    (pages / "cut.txt.gz").write_bytes(gzip.compress(SEED.read_bytes())[:100])
    report = materialize_dataset(pages, tmp_path / "out")
    assert report.built == ["_root", "mirror-één-3a4c0dcd"]  # a sub-folder is a batch of its own
    assert read(tmp_path / "out", "documents").get_column("source").to_list() == ["good.txt"]
    rejects = read(tmp_path / "out", "rejects")
    stages = dict(rejects.select("source", "stage").iter_rows())
    duplicate = rejects.filter(pl.col("source") == "mirror één/good.txt").get_column("reason").item()
    assert duplicate == "duplicate: the same bytes as good.txt (batch _root), which is published once under that name"
    assert stages == {
        "binary.txt": "decode",
        "mirror één/good.txt": "read",
        "cut.txt.gz": "read",
        "empty.txt": "read",
        "menu.txt": "clean",
    }


def test_a_table_that_fails_its_contract_is_not_published(seed_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(seed_build[1], out, symlinks=True)
    before = (out / "manifest.json").read_text()
    good_quote_table = core_tables.quote_table

    def broken_quote_table(*args):
        return good_quote_table(*args).with_columns(pl.lit("shouting").alias("kind"))

    monkeypatch.setattr(core_tables, "quote_table", broken_quote_table)
    with pytest.raises(BuildFailed, match="check quotes/matches_contract failed"):
        materialize_dataset(SEED.parent, out, max_page_bytes=4_000_000)  # another setting: the batch is stale
    assert (out / "manifest.json").read_text() == before
    assert "shouting" not in read(out, "quotes").get_column("kind").to_list()

"""The table contracts: the Pandera models accept good frames and refuse bad ones."""

from __future__ import annotations

import re
from pathlib import Path

import pandera.errors
import polars as pl
import pytest

from pipeline.core.tables import table_frame
from schemas import TABLES

DATASET_MD = Path(__file__).resolve().parent.parent.parent / "shared" / "DATASET.md"
DOC = "0123456789abcdef"

GOOD_QUOTE = {
    "quote_id": f"{DOC}-q0000",
    "doc_id": DOC,
    "paragraph_id": f"{DOC}-p0002",
    "index": 0,
    "text": "We are a data company,",
    "start": 1,
    "end": 23,
    "kind": "full",
    "speaker": "the entrepreneur",
    "speaker_name": "Jack Ma",
    "speaker_entity_id": f"{DOC}-e0000",
    "cue": "declared",
    "continues": False,
}


def quotes(**change) -> pl.DataFrame:
    return table_frame("quotes", [GOOD_QUOTE | change])


def test_a_good_quotes_frame_passes():
    TABLES["quotes"].validate(quotes())


@pytest.mark.parametrize(
    "change",
    [
        {"quote_id": "q0000"},  # not <doc_id>-qNNNN
        {"kind": "scare"},  # not full/partial
        {"end": 30},  # end - start != len(text)
        {"text": ""},  # empty quote
        {"speaker_entity_id": f"{DOC}-m0001"},  # a mention id where an entity id belongs
        {"start": -1, "end": 21},
    ],
)
def test_bad_quote_rows_are_refused(change):
    with pytest.raises(pandera.errors.SchemaError):
        TABLES["quotes"].validate(quotes(**change))


def test_an_extra_column_is_refused():
    with pytest.raises(pandera.errors.SchemaError):
        TABLES["quotes"].validate(quotes().with_columns(pl.lit(1).alias("undocumented")))


def test_a_wrong_type_is_refused():
    with pytest.raises(pandera.errors.SchemaError):
        TABLES["quotes"].validate(quotes().with_columns(pl.col("start").cast(pl.String)))


def test_duplicate_ids_are_refused():
    frame = pl.concat([quotes(), quotes()])
    with pytest.raises(pandera.errors.SchemaError):
        TABLES["quotes"].validate(frame)


def test_paragraph_offsets_must_span_the_text():
    row = {
        "paragraph_id": f"{DOC}-p0000", "doc_id": DOC, "index": 0, "kind": "body", "text": "Hello there.",
        "source_start": 10, "source_end": 22, "n_words": 2,
    }
    TABLES["paragraphs"].validate(table_frame("paragraphs", [row]))
    TABLES["paragraphs"].validate(table_frame("paragraphs", [row | {"source_start": None, "source_end": None}]))
    with pytest.raises(pandera.errors.SchemaError):
        TABLES["paragraphs"].validate(table_frame("paragraphs", [row | {"source_end": 30}]))


def test_every_column_has_a_description():
    for name, model in TABLES.items():
        for column, spec in model.to_schema().columns.items():
            assert spec.description, f"{name}.{column} has no description"


def contract_columns() -> dict[str, list[str]]:
    """Column names per table, read from the dataset contract's Markdown tables."""
    tables, current = {}, None
    for line in DATASET_MD.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (\w+):", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif current is not None and line.startswith("| ") and not line.startswith(("| column", "|---")):
            for cell in line.split("|")[1].split(","):
                current.append(cell.strip())
    return tables


@pytest.mark.skipif(not DATASET_MD.exists(), reason="the shared contract is beside the repository only")
def test_every_contract_column_is_in_the_models():
    contract = contract_columns()
    assert set(contract) == set(TABLES)
    assert all(len(columns) >= 4 for columns in contract.values())
    for name, columns in contract.items():
        missing = [c for c in columns if c not in TABLES[name].to_schema().columns]
        assert not missing, f"{name} lacks contract columns {missing}"


def test_column_types_follow_the_contract():
    schema = {name: {c: s.dtype.type for c, s in model.to_schema().columns.items()} for name, model in TABLES.items()}
    assert schema["documents"]["authors"] == pl.List(pl.String)
    assert schema["documents"]["tags"] == pl.List(pl.String)
    assert schema["documents"]["published"] == pl.Date
    assert schema["quotes"]["continues"] == pl.Boolean
    for name, columns in schema.items():
        for column, dtype in columns.items():
            if column.endswith(("_start", "_end")) or column in ("start", "end", "index") or column.startswith("n_"):
                assert dtype == pl.Int64, f"{name}.{column}"
            if column.endswith("_id"):
                assert dtype == pl.String, f"{name}.{column}"

"""The data dictionary: generated from the Pandera models, committed, and kept in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import TABLES
from schemas.dictionary import REGENERATE, data_dictionary

COMMITTED = Path(__file__).resolve().parent.parent / "DATA_DICTIONARY.md"


def test_the_committed_dictionary_is_up_to_date():
    assert COMMITTED.exists(), f"DATA_DICTIONARY.md is missing; create it with `{REGENERATE}`"
    assert COMMITTED.read_text(encoding="utf-8") == data_dictionary(), (
        f"DATA_DICTIONARY.md is out of date with schemas/tables.py; regenerate it with `{REGENERATE}`"
    )


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_is_documented(table):
    text = data_dictionary()
    section = text.split(f"## `{table}`", 1)[1].split("\n## ", 1)[0]
    for column, spec in TABLES[table].to_schema().columns.items():
        row = next((line for line in section.splitlines() if line.startswith(f"| `{column}` |")), None)
        assert row is not None, f"{table}.{column} is missing from the dictionary"
        assert spec.description and spec.description.split(",")[0] in row.replace("\\|", "|")


def test_checks_and_the_batch_column_are_explained():
    text = data_dictionary()
    assert "one of `full`, `partial`" in text  # isin
    assert "matches `^[0-9a-f]{16}$`" in text  # str_matches
    assert "≥ 0" in text  # ge
    assert "end - start must equal the length of text" in text  # dataframe-level check
    assert "`batch`" in text and "batch=<key>" in text

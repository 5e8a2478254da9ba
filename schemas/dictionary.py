"""The data dictionary: the Pandera models rendered as Markdown for the people who read the tables.

The models in `schemas/tables.py` stay the single source: every column, type, meaning and
check below comes from them, so the dictionary cannot drift from what the pipeline enforces.
Regenerate the committed file after changing a model:

    python -m schemas.dictionary > DATA_DICTIONARY.md
"""

from __future__ import annotations

import pandera.polars as pa

from schemas import SCHEMA_VERSION, TABLES

REGENERATE = "python -m schemas.dictionary > DATA_DICTIONARY.md"

INTRO = f"""\
# Data dictionary

Generated from the Pandera models in [`schemas/tables.py`](schemas/tables.py) (schema version
{SCHEMA_VERSION}); do not edit by hand. After changing a model, regenerate it with
`{REGENERATE}`.

Every table is a folder of Parquet files, `<table>/batch=<key>/part-0.parquet`, one
sub-folder per batch of input pages (a sub-folder of the input folder, or `_root` for
the files directly in it). Readers that understand hive-style folders (polars, pandas,
DuckDB with `hive_partitioning`) add a **`batch`** column (string) holding that `<key>`;
it is not stored in the files and is not listed below.

- **Ids.** `doc_id` is the first 16 hex digits of the SHA-256 of the page file's bytes,
  so the same page always gets the same id. Child ids append a letter and a zero-based,
  zero-padded index: `<doc_id>-p0003` (paragraph), `-q0001` (quote), `-e0002` (entity),
  `-m0017` (mention).
- **Offsets.** Every `start`/`end` is a Python string (code point) offset, end exclusive:
  `paragraph.text[start:end] == quote.text`, and likewise for mentions.
- **Types** are polars dtypes; `nullable` says whether the column may hold nulls. Each
  table is validated against these checks (on its non-null values) before it is
  published, and no other column is allowed.
"""


def data_dictionary() -> str:
    """The whole data dictionary as Markdown: the intro, then one section per table."""
    sections = [INTRO] + [table_section(name, model) for name, model in TABLES.items()]
    return "\n".join(sections)


def table_section(name: str, model: type[pa.DataFrameModel]) -> str:
    """One table: its docstring, a row per column, then its whole-table checks."""
    schema = model.to_schema()
    lines = [
        f"## `{name}`",
        "",
        (model.__doc__ or "").strip(),
        "",
        "| column | type | nullable | meaning | checks |",
        "|---|---|---|---|---|",
    ]
    for column_name, column in schema.columns.items():
        lines.append(column_row(column_name, column))
    table_checks = [check.error or check.name for check in schema.checks]
    if table_checks:
        lines += ["", "Checks across columns, on every row:", ""]
        lines += [f"- {cell(error)}" for error in table_checks]
    return "\n".join(lines) + "\n"


def column_row(name: str, column: pa.Column) -> str:
    """A column's Markdown table row."""
    checks = (["unique"] if column.unique else []) + [describe_check(check) for check in column.checks]
    values = [
        f"`{name}`",
        f"`{column.dtype.type}`",
        "yes" if column.nullable else "no",
        cell(column.description or ""),
        cell("; ".join(checks)),
    ]
    return "| " + " | ".join(values) + " |"


def describe_check(check: pa.Check) -> str:
    """A built-in Pandera check in words; any other check by its error message."""
    stats = check.statistics or {}
    match check.name:
        case "isin":
            return "one of " + ", ".join(f"`{value}`" for value in stats["allowed_values"])
        case "str_matches":
            return f"matches `{stats['pattern']}`"
        case "greater_than_or_equal_to":
            return f"≥ {stats['min_value']}"
        case "greater_than":
            return f"> {stats['min_value']}"
        case "less_than_or_equal_to":
            return f"≤ {stats['max_value']}"
        case "less_than":
            return f"< {stats['max_value']}"
        case "in_range":
            return f"between {stats['min_value']} and {stats['max_value']}"
        case "str_length":
            return describe_length(stats)
    return check.error or check.name


def describe_length(stats: dict) -> str:
    """A `str_length` check in words."""
    if stats.get("exact_value") is not None:
        return f"exactly {stats['exact_value']} characters"
    low, high = stats.get("min_value"), stats.get("max_value")
    if high is None:
        return f"at least {low} character{'s' if low != 1 else ''}"
    if low is None:
        return f"at most {high} characters"
    return f"{low} to {high} characters"


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell (a `|` would end the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


def main() -> None:
    """Print the dictionary: `python -m schemas.dictionary > DATA_DICTIONARY.md`."""
    print(data_dictionary(), end="")


if __name__ == "__main__":
    main()

"""Checks across tables, run before anything is published.

Each check returns a list of problems in words (empty when the dataset is sound), so
the orchestration can report them and refuse to publish.
"""

from __future__ import annotations

import polars as pl

# (child table, column, parent table, parent column)
PARENTS = [
    ("paragraphs", "doc_id", "documents", "doc_id"),
    ("quotes", "doc_id", "documents", "doc_id"),
    ("quotes", "paragraph_id", "paragraphs", "paragraph_id"),
    ("quotes", "speaker_entity_id", "entities", "entity_id"),
    ("entities", "doc_id", "documents", "doc_id"),
    ("mentions", "entity_id", "entities", "entity_id"),
    ("mentions", "paragraph_id", "paragraphs", "paragraph_id"),
    ("mentions", "doc_id", "documents", "doc_id"),
]


def orphan_rows(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Child rows whose parent row does not exist."""
    problems = []
    for child, column, parent, key in PARENTS:
        ids = tables[child].get_column(column).drop_nulls()
        missing = ids.filter(~ids.is_in(tables[parent].get_column(key).implode()))
        if len(missing):
            problems.append(f"{child}.{column}: {len(missing)} rows point to no {parent} row (e.g. {missing[0]})")
    return problems


def offsets_that_do_not_slice(tables: dict[str, pl.DataFrame], pages: dict[str, str]) -> list[str]:
    """Offsets that do not give back their text: quotes and mentions in their paragraph,
    paragraphs in their page (`pages` maps doc_id to the decoded page text)."""
    problems = []
    paragraph_text = dict(tables["paragraphs"].select("paragraph_id", "text").iter_rows())
    for name in ("quotes", "mentions"):
        for row_id, para_id, text, start, end in tables[name].select(
            pl.nth(0), "paragraph_id", "text", "start", "end"
        ).iter_rows():
            if paragraph_text.get(para_id, "")[start:end] != text:
                problems.append(f"{name} {row_id}: [{start}:{end}] of {para_id} is not {text!r}")
    for para_id, doc_id, text, start, end in (
        tables["paragraphs"]
        .filter(pl.col("source_start").is_not_null())
        .select("paragraph_id", "doc_id", "text", "source_start", "source_end")
        .iter_rows()
    ):
        if doc_id in pages and pages[doc_id][start:end] != text:
            problems.append(f"paragraphs {para_id}: [{start}:{end}] of the page is not its text")
    return problems


def inputs_not_accounted_once(tables: dict[str, pl.DataFrame], inputs: list[str]) -> list[str]:
    """Input files that are in neither `documents` nor `rejects`, or in both, or twice."""
    seen = pl.concat([tables["documents"].select("source"), tables["rejects"].select("source")]).get_column("source")
    counts = dict(seen.value_counts().iter_rows())
    problems = [f"{source} is in neither documents nor rejects" for source in inputs if source not in counts]
    problems += [f"{source} appears {n} times across documents and rejects" for source, n in counts.items() if n > 1]
    expected = set(inputs)
    problems += [f"{source} is in the tables but is not an input file" for source in counts if source not in expected]
    return problems

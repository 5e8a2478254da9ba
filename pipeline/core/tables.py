"""From pages to the published tables, one stage at a time, as polars DataFrames.

Each function here is one stage of the pipeline: it takes the frames of the stages
before it and returns a frame, so the Dagster assets only wire them together. The
text work itself (cleaning, quotes, entities) lives in its own module and works on
plain records; this module turns those records into rows with ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path

import polars as pl

from pipeline.core.cleaning import clean_html_page, clean_text_page
from pipeline.core.entities import find_entities
from pipeline.core.pages import PageRead
from pipeline.core.quotes import find_quotes
from pipeline.core.parallel import ordered_map
from pipeline.core.records import BODY, CleanPage, DocEntities, Entity, Mention
from schemas import TABLES

WORD = re.compile(r"\w+(?:['’]\w+)*")

# The pages as read: one row per input file, with its text or the reason it was rejected.
PAGES = {
    "source": pl.String,
    "source_sha256": pl.String,
    "format": pl.String,
    "text": pl.String,
    "url": pl.String,
    "fetched_at": pl.String,
    "reject_stage": pl.String,
    "reject_reason": pl.String,
}
FINGERPRINT = "batch_fingerprint"  # one value per frame, repeated on each row
PARAGRAPH = pl.Struct(
    {"text": pl.String, "kind": pl.String, "source_start": pl.Int64, "source_end": pl.Int64}
)
# The pages after reading and cleaning: one row per input file, rejected or not.
CLEAN_PAGES = {
    "doc_id": pl.String,
    "source": pl.String,
    "source_sha256": pl.String,
    "format": pl.String,
    "url": pl.String,
    "fetched_at": pl.String,
    "title": pl.String,
    "authors": pl.List(pl.String),
    "byline": pl.String,
    "published": pl.Date,
    "read_time_minutes": pl.Int64,
    "section": pl.String,
    "tags": pl.List(pl.String),
    "language": pl.String,
    "paragraphs": pl.List(PARAGRAPH),
    "reject_stage": pl.String,
    "reject_reason": pl.String,
}


def count_words(text: str) -> int:
    """Words in a text: runs of letters or digits, with inner apostrophes ("don’t" is one)."""
    return len(WORD.findall(text))


def child_id(doc_id: str, letter: str, index: int) -> str:
    """`<doc_id>-<letter><index>`, zero-padded to four digits (p, q, e or m)."""
    return f"{doc_id}-{letter}{index:04d}"


def table_frame(name: str, rows: Sequence[dict]) -> pl.DataFrame:
    """Rows as a frame with exactly the columns and types of the table's contract."""
    schema = {col: spec.dtype.type for col, spec in TABLES[name].to_schema().columns.items()}
    return pl.DataFrame(list(rows), schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


# ------------------------------------------------------------------- reading
def page_frame(pages: Iterable[PageRead], batch_fingerprint: str = "") -> pl.DataFrame:
    """The pages as read, as a frame (what is stored between the reading and cleaning steps),
    with the fingerprint of their batch as it was when they were read."""
    frame = pl.DataFrame([{column: getattr(page, column) for column in PAGES} for page in pages], schema=PAGES)
    return frame.with_columns(pl.lit(batch_fingerprint, pl.String).alias(FINGERPRINT))


def page_records(frame: pl.DataFrame) -> Iterator[PageRead]:
    """The pages as read, back from their frame."""
    return (PageRead(**row) for row in frame.select(list(PAGES)).iter_rows(named=True))


def fingerprint_of(pages: pl.DataFrame) -> str:
    """The batch fingerprint `page_frame` recorded ("" for a batch without files)."""
    return pages.get_column(FINGERPRINT)[0] if len(pages) else ""


# ------------------------------------------------------------------ cleaning
DEFAULT_MAX_PARAGRAPHS = 2_000
# Fewer words than this is a menu or an error page, not an article (the shortest briefs have 30+).
MIN_BODY_WORDS = 10


def clean_pages(
    pages: Iterable[PageRead], max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS, processes: int = 1
) -> pl.DataFrame:
    """Clean every page that was read: boilerplate out, metadata in, or a rejection."""
    rows = ordered_map(partial(clean_row, max_paragraphs=max_paragraphs), pages, processes)
    return pl.DataFrame(list(rows), schema=CLEAN_PAGES)


def clean_row(page: PageRead, max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS) -> dict:
    """One page's row of the cleaned-pages frame."""
    row = {
        "doc_id": page.doc_id,
        "source": page.source,
        "source_sha256": page.source_sha256,
        "format": page.format,
        "url": page.url,
        "fetched_at": page.fetched_at,
        "authors": [],
        "tags": [],
        "paragraphs": [],
        "reject_stage": page.reject_stage,
        "reject_reason": page.reject_reason,
    }
    if page.rejected:
        return row
    try:
        clean = clean_text_page(page.text) if page.format == "text" else clean_html_page(page.text, page.url)
    except Exception as err:  # one odd page must not stop the batch; it is reported instead
        return row | rejection("clean", f"the cleaner failed on this page ({type(err).__name__}: {err}); report it with the page")
    if len(clean.paragraphs) > max_paragraphs:
        return row | rejection(
            "clean",
            f"the article has {len(clean.paragraphs):,} paragraphs, over the limit of {max_paragraphs:,}; "
            "is this a feed or an archive page? (raise NEWSPARTS_MAX_PARAGRAPHS if it is genuine)",
        )
    body_words = sum(count_words(p.text) for p in clean.paragraphs if p.kind == BODY)
    if body_words < MIN_BODY_WORDS:
        what = "text blocks" if page.format == "text" else "HTML"
        found = f"only {body_words} words of" if body_words else "no"
        return row | rejection(
            "clean", f"{found} article text found in the {what} after removing boilerplate; is this an article page?"
        )
    return row | clean_metadata(clean, page.url)


def rejection(stage: str, reason: str) -> dict:
    return {"reject_stage": stage, "reject_reason": reason}


def clean_metadata(clean: CleanPage, sidecar_url: str | None) -> dict:
    """The cleaned page's metadata and paragraphs as row values."""
    return {
        "url": sidecar_url or clean.url,
        "title": clean.title,
        "authors": list(clean.authors),
        "byline": clean.byline,
        "published": clean.published,
        "read_time_minutes": clean.read_time_minutes,
        "section": clean.section,
        "tags": list(clean.tags),
        "language": clean.language,
        "paragraphs": [
            {"text": p.text, "kind": p.kind, "source_start": p.source_start, "source_end": p.source_end}
            for p in clean.paragraphs
        ],
    }


def kept_pages(clean: pl.DataFrame) -> pl.DataFrame:
    """The cleaned pages that were not rejected."""
    return clean.filter(pl.col("reject_stage").is_null())


# ---------------------------------------------------------------- paragraphs
def paragraph_table(clean: pl.DataFrame) -> pl.DataFrame:
    """The `paragraphs` table: every kept paragraph of every published page, in reading order."""
    rows = []
    for doc_id, paragraphs in kept_pages(clean).select("doc_id", "paragraphs").iter_rows():
        for index, p in enumerate(paragraphs):
            rows.append(
                {
                    "paragraph_id": child_id(doc_id, "p", index),
                    "doc_id": doc_id,
                    "index": index,
                    "kind": p["kind"],
                    "text": p["text"],
                    "source_start": p["source_start"],
                    "source_end": p["source_end"],
                    "n_words": count_words(p["text"]),
                }
            )
    return table_frame("paragraphs", rows)


def texts_by_document(paragraphs: pl.DataFrame) -> list[tuple[str, list[str]]]:
    """(doc_id, paragraph texts in order) for each document, in doc_id order."""
    grouped = paragraphs.sort("doc_id", "index").group_by("doc_id", maintain_order=True).agg("text")
    return list(grouped.iter_rows())


# ------------------------------------------------------------------ entities
def entity_tables(
    paragraphs: pl.DataFrame, nlp, batch_size: int = 256, n_process: int = 1
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The `entities` and `mentions` tables, from one spaCy pass over every paragraph."""
    documents = texts_by_document(paragraphs)
    found = find_entities((texts for _, texts in documents), nlp, batch_size=batch_size, n_process=n_process)
    entity_rows, mention_rows = [], []
    for (doc_id, _), doc in zip(documents, found, strict=True):
        counts = [0] * len(doc.entities)
        for index, m in enumerate(doc.mentions):
            counts[m.entity] += 1
            mention_rows.append(
                {
                    "mention_id": child_id(doc_id, "m", index),
                    "entity_id": child_id(doc_id, "e", m.entity),
                    "doc_id": doc_id,
                    "paragraph_id": child_id(doc_id, "p", m.paragraph),
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                }
            )
        for index, (entity, n) in enumerate(zip(doc.entities, counts, strict=True)):
            entity_rows.append(
                {
                    "entity_id": child_id(doc_id, "e", index),
                    "doc_id": doc_id,
                    "name": entity.name,
                    "label": entity.label,
                    "key": entity.key,
                    "n_mentions": n,
                }
            )
    return table_frame("entities", entity_rows), table_frame("mentions", mention_rows)


def index_of(child: str) -> int:
    """The index inside a child id: `<doc_id>-e0003` -> 3."""
    return int(child.rsplit("-", 1)[1][1:])


def doc_entities(entities: pl.DataFrame, mentions: pl.DataFrame) -> DocEntities:
    """Rebuild one document's entity records from its rows of the published tables."""
    ordered = sorted(entities.iter_rows(named=True), key=lambda e: index_of(e["entity_id"]))
    return DocEntities(
        entities=tuple(Entity(e["name"], e["label"], e["key"]) for e in ordered),
        mentions=tuple(
            Mention(index_of(m["entity_id"]), index_of(m["paragraph_id"]), m["start"], m["end"], m["text"], m["label"])
            for m in sorted(mentions.iter_rows(named=True), key=lambda m: index_of(m["mention_id"]))
        ),
    )


# -------------------------------------------------------------------- quotes
def quote_table(paragraphs: pl.DataFrame, entities: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """The `quotes` table: direct quotations with their speakers, resolved to person entities."""
    # One process: finding quotes is cheap, and shipping documents to workers costs more than it saves.
    entities_by_doc = entities.partition_by("doc_id", as_dict=True) if len(entities) else {}
    mentions_by_doc = mentions.partition_by("doc_id", as_dict=True) if len(mentions) else {}
    rows = []
    for doc_id, texts in texts_by_document(paragraphs):
        doc = doc_entities(
            entities_by_doc.get((doc_id,), entities.clear()), mentions_by_doc.get((doc_id,), mentions.clear())
        )
        for index, q in enumerate(find_quotes(texts, doc)):
            rows.append(
                {
                    "quote_id": child_id(doc_id, "q", index),
                    "doc_id": doc_id,
                    "paragraph_id": child_id(doc_id, "p", q.paragraph),
                    "index": index,
                    "text": q.text,
                    "start": q.start,
                    "end": q.end,
                    "kind": q.kind,
                    "speaker": q.speaker,
                    "speaker_name": q.speaker_name,
                    "speaker_entity_id": None if q.speaker_entity is None else child_id(doc_id, "e", q.speaker_entity),
                    "cue": q.cue,
                    "continues": q.continues,
                }
            )
    return table_frame("quotes", rows)



# ----------------------------------------------------------------- documents
def document_table(
    clean: pl.DataFrame, paragraphs: pl.DataFrame, quotes: pl.DataFrame, entities: pl.DataFrame
) -> pl.DataFrame:
    """The `documents` table: each published page's metadata and counts over its body."""
    body = paragraphs.filter(pl.col("kind") == BODY)
    counts = (
        kept_pages(clean)
        .select("doc_id")
        .join(paragraphs.group_by("doc_id").agg(n_paragraphs=pl.len()), on="doc_id", how="left")
        .join(body.group_by("doc_id").agg(n_words=pl.col("n_words").sum()), on="doc_id", how="left")
        .join(quotes.group_by("doc_id").agg(n_quotes=pl.len()), on="doc_id", how="left")
        .join(entities.group_by("doc_id").agg(n_entities=pl.len()), on="doc_id", how="left")
        .with_columns(pl.col("n_paragraphs", "n_words", "n_quotes", "n_entities").fill_null(0).cast(pl.Int64))
    )
    columns = list(TABLES["documents"].to_schema().columns)
    return kept_pages(clean).join(counts, on="doc_id", how="left").select(columns).sort("doc_id")


def reject_table(clean: pl.DataFrame) -> pl.DataFrame:
    """The `rejects` table: every input file that was not published, with stage and reason."""
    rejected = clean.filter(pl.col("reject_stage").is_not_null())
    return rejected.select(
        "source", "source_sha256", stage=pl.col("reject_stage"), reason=pl.col("reject_reason")
    ).sort("source")


# ----------------------------------------------------------- across batches
def published_documents(out_dir: Path, but: str) -> pl.DataFrame:
    """`doc_id`, `source` and `batch` of the documents already published from other batches."""
    columns = {"doc_id": pl.String, "source": pl.String, "batch": pl.String}
    folders = [p for p in (out_dir / "documents").glob("batch=*") if p.name != f"batch={but}"]
    if not folders:
        return pl.DataFrame(schema=columns)
    frames = [
        pl.read_parquet(folder / "*.parquet", columns=["doc_id", "source"]).with_columns(
            batch=pl.lit(folder.name.removeprefix("batch="))
        )
        for folder in sorted(folders)
    ]
    return pl.concat(frames).cast(columns)


def withdraw_duplicates(published: dict[str, pl.DataFrame], elsewhere: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The batch's tables without the documents already published from another batch;
    each withdrawn page becomes a `rejects` row naming the copy that stays."""
    first = dict(elsewhere.select("doc_id", pl.format("{} (batch {})", "source", "batch")).iter_rows())
    dupes = published["documents"].filter(pl.col("doc_id").is_in(list(first)))
    if not len(dupes):
        return published
    ids = dupes.get_column("doc_id").implode()
    kept = {name: frame.filter(~pl.col("doc_id").is_in(ids)) for name, frame in published.items() if name != "rejects"}
    withdrawn = [
        {
            "source": source,
            "source_sha256": sha,
            "stage": "read",
            "reason": f"duplicate: the same bytes as {first[doc_id]}, which is published once under that name",
        }
        for doc_id, source, sha in dupes.select("doc_id", "source", "source_sha256").iter_rows()
    ]
    kept["rejects"] = pl.concat([published["rejects"], table_frame("rejects", withdrawn)]).sort("source")
    return kept

"""The published tables' contracts: one Pandera (polars) model per table.

These models are the single source of the columns, their types, meanings and checks:
the pipeline validates every table with them before publishing, the Dagster catalog
shows their column schemas, and the Parquet files carry their descriptions.
"""

from __future__ import annotations

import datetime as dt

import pandera.polars as pa
import polars as pl

HEX16 = r"^[0-9a-f]{16}$"
LABELS = (
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE "
    "DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL"
).split()


def child_id(letter: str) -> str:
    """The pattern of a child id: `<doc_id>-<letter><zero-padded index>`."""
    return rf"^[0-9a-f]{{16}}-{letter}\d{{4,}}$"


class Table(pa.DataFrameModel):
    """Settings shared by every published table."""

    class Config:
        strict = True  # no undocumented columns
        coerce = False  # the pipeline builds exact types; a wrong type is a bug


class Documents(Table):
    """One row per page that was published."""

    doc_id: str = pa.Field(unique=True, str_matches=HEX16, description="First 16 hex digits of the SHA-256 of the page file's bytes.")
    source: str = pa.Field(unique=True, description="Path of the page file relative to the input folder.")
    source_sha256: str = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="Full hex SHA-256 digest of the page file's bytes.")
    format: str = pa.Field(isin=["text", "html"], description="What the page file held: `text` (a visible-text dump) or `html`.")
    url: str = pa.Field(nullable=True, description="Address of the page, from the sidecar `.meta.json` or the page itself, when known.")
    fetched_at: str = pa.Field(nullable=True, description="When the page was fetched, as given by the sidecar `.meta.json`.")
    title: str = pa.Field(nullable=True, description="The article's headline.")
    authors: pl.List(pl.String) = pa.Field(description="Author names from the byline, without 'By' and without roles.")
    byline: str = pa.Field(nullable=True, description="The byline as printed, e.g. 'By Seb Joseph, News editor'.")
    published: dt.date = pa.Field(nullable=True, description="Publication date of the article.")
    read_time_minutes: int = pa.Field(nullable=True, ge=0, description="Reading time in minutes, when the page states one.")
    section: str = pa.Field(nullable=True, description="The site section the article is filed under, e.g. 'Technology'.")
    tags: pl.List(pl.String) = pa.Field(description="Topic tags shown on the page.")
    language: str = pa.Field(nullable=True, description="ISO 639-1 code of the page's language, when known.")
    n_paragraphs: int = pa.Field(ge=1, description="Paragraphs in the article (body and captions).")
    n_quotes: int = pa.Field(ge=0, description="Direct quotations found in the article body.")
    n_entities: int = pa.Field(ge=0, description="Distinct named things in the article body.")
    n_words: int = pa.Field(ge=0, description="Words in the article body (captions excluded).")


class Paragraphs(Table):
    """The article body, in reading order."""

    paragraph_id: str = pa.Field(unique=True, str_matches=child_id("p"), description="`<doc_id>-pNNNN`.")
    doc_id: str = pa.Field(str_matches=HEX16, description="The document the paragraph belongs to.")
    index: int = pa.Field(ge=0, description="0-based position among the document's paragraphs.")
    kind: str = pa.Field(isin=["body", "caption"], description="`body`, or `caption` for an image caption (each kept once).")
    text: str = pa.Field(str_length={"min_value": 1}, description="The paragraph exactly as on the page.")
    source_start: int = pa.Field(nullable=True, ge=0, description="Offset of the paragraph in the decoded page text (text pages only).")
    source_end: int = pa.Field(nullable=True, ge=0, description="End offset (exclusive) in the decoded page text: page[source_start:source_end] == text.")
    n_words: int = pa.Field(ge=0, description="Words in the paragraph.")

    @pa.dataframe_check(error="source_end - source_start must equal the length of text")
    def offsets_span_the_text(cls, data: pa.PolarsData) -> pl.LazyFrame:
        length = pl.col("text").str.len_chars()
        return data.lazyframe.select(
            pl.col("source_start").is_null() | ((pl.col("source_end") - pl.col("source_start")) == length)
        )


class Quotes(Table):
    """Direct quotations in the article body."""

    quote_id: str = pa.Field(unique=True, str_matches=child_id("q"), description="`<doc_id>-qNNNN`.")
    doc_id: str = pa.Field(str_matches=HEX16, description="The document the quote stands in.")
    paragraph_id: str = pa.Field(str_matches=child_id("p"), description="The paragraph the quote stands in.")
    index: int = pa.Field(ge=0, description="0-based order of the quote within the document.")
    text: str = pa.Field(str_length={"min_value": 1}, description="The quoted words, without the quote marks.")
    start: int = pa.Field(ge=0, description="Offset of the quoted words in the paragraph's text.")
    end: int = pa.Field(ge=1, description="End offset (exclusive): paragraph.text[start:end] == text.")
    kind: str = pa.Field(isin=["full", "partial"], description="`full` (a clause or more) or `partial` (a quoted phrase inside reported speech).")
    speaker: str = pa.Field(nullable=True, description="The attribution as written: 'he', 'the entrepreneur', 'Ma'.")
    speaker_name: str = pa.Field(nullable=True, description="The person the speaker resolves to, e.g. 'Jack Ma'.")
    speaker_entity_id: str = pa.Field(nullable=True, str_matches=child_id("e"), description="`entities.entity_id` of that person.")
    cue: str = pa.Field(nullable=True, description="The attribution verb as written: 'said', 'declared', 'added'.")
    continues: bool = pa.Field(description="True when it continues a quotation left open in the previous paragraph.")

    @pa.dataframe_check(error="end - start must equal the length of text")
    def offsets_span_the_text(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("end") - pl.col("start")) == pl.col("text").str.len_chars())


class Entities(Table):
    """One row per distinct named thing per document."""

    entity_id: str = pa.Field(unique=True, str_matches=child_id("e"), description="`<doc_id>-eNNNN`.")
    doc_id: str = pa.Field(str_matches=HEX16, description="The document the entity is named in.")
    name: str = pa.Field(str_length={"min_value": 1}, description="Canonical name within the document ('Jack Ma' for 'Ma').")
    label: str = pa.Field(isin=LABELS, description="OntoNotes-style label: PERSON, ORG, GPE, LOC, NORP, ...")
    key: str = pa.Field(str_matches=r"^[a-z_]+:.+$", description="Cross-document join key, e.g. 'person:jack-ma'.")
    n_mentions: int = pa.Field(ge=1, description="Mentions of the entity in the body.")


class Mentions(Table):
    """Every entity mention in the body."""

    mention_id: str = pa.Field(unique=True, str_matches=child_id("m"), description="`<doc_id>-mNNNN`.")
    entity_id: str = pa.Field(str_matches=child_id("e"), description="The entity mentioned.")
    doc_id: str = pa.Field(str_matches=HEX16, description="The document of the mention.")
    paragraph_id: str = pa.Field(str_matches=child_id("p"), description="The paragraph of the mention.")
    text: str = pa.Field(str_length={"min_value": 1}, description="The mention as written ('Ma'; 'Alibaba’s' is 'Alibaba').")
    start: int = pa.Field(ge=0, description="Offset of the mention in the paragraph's text.")
    end: int = pa.Field(ge=1, description="End offset (exclusive): paragraph.text[start:end] == text.")
    label: str = pa.Field(isin=LABELS, description="The entity's label, as in `entities`.")

    @pa.dataframe_check(error="end - start must equal the length of text")
    def offsets_span_the_text(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("end") - pl.col("start")) == pl.col("text").str.len_chars())


class Rejects(Table):
    """Every input file that was not published, and why."""

    source: str = pa.Field(unique=True, description="Path of the input file relative to the input folder.")
    source_sha256: str = pa.Field(nullable=True, str_matches=r"^[0-9a-f]{64}$", description="Hex SHA-256 of the file's bytes, when they could be read.")
    stage: str = pa.Field(isin=["read", "decode", "clean", "validate"], description="Where the file was stopped: read, decode, clean or validate.")
    reason: str = pa.Field(str_length={"min_value": 10}, description="What went wrong, in a sentence a person can act on.")


TABLES: dict[str, type[Table]] = {
    "documents": Documents,
    "paragraphs": Paragraphs,
    "quotes": Quotes,
    "entities": Entities,
    "mentions": Mentions,
    "rejects": Rejects,
}

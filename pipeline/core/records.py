"""The plain records that flow between the text-processing stages.

Every stage of the core takes and returns these frozen dataclasses (no Dagster, no
DataFrames), so each stage is testable on its own. Offsets are Python string
(code point) offsets, end exclusive, as in the dataset contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BODY = "body"
CAPTION = "caption"

FULL = "full"
PARTIAL = "partial"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the article, exactly as printed on the page."""

    text: str
    kind: str = BODY  # BODY or CAPTION
    # Offsets into the decoded page text when the page is a text dump
    # (page[source_start:source_end] == text); None for HTML input.
    source_start: int | None = None
    source_end: int | None = None


@dataclass(frozen=True)
class CleanPage:
    """A page with its boilerplate removed: the article body and its metadata."""

    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    byline: str | None = None  # as printed, e.g. "By Seb Joseph, News editor"
    authors: tuple[str, ...] = ()  # names only, no "By", no roles
    published: dt.date | None = None
    read_time_minutes: int | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    url: str | None = None  # when the page itself states it (e.g. HTML canonical link)
    language: str | None = None  # ISO 639-1 code when known


@dataclass(frozen=True)
class Entity:
    """One distinct named thing in a document."""

    name: str  # canonical name within the document ("Jack Ma" for "Ma")
    label: str  # OntoNotes label: PERSON, ORG, GPE, ...
    key: str  # cross-document join key, e.g. "person:jack-ma"


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in a paragraph."""

    entity: int  # index into DocEntities.entities
    paragraph: int  # index into the document's paragraphs
    start: int  # offsets in that paragraph's text
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class DocEntities:
    """The entities of one document and every mention of them, in reading order."""

    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A direct quotation inside one paragraph."""

    paragraph: int  # index into the document's paragraphs
    start: int  # offsets of the quoted words (without the marks) in the paragraph text
    end: int
    text: str
    kind: str = FULL  # FULL or PARTIAL
    speaker: str | None = None  # the attribution as written: "he", "the entrepreneur", "Ma"
    speaker_name: str | None = None  # the resolved person: "Jack Ma"
    speaker_entity: int | None = None  # index into DocEntities.entities of that person
    cue: str | None = None  # the attribution verb as written: "said", "declared"
    continues: bool = False  # continues a quotation left open in the previous paragraph

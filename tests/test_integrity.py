"""Cross-table checks: they find orphans, offsets that do not slice, and lost inputs."""

from __future__ import annotations

from pipeline.core import integrity
from pipeline.core.tables import table_frame
from schemas import TABLES

DOC = "0123456789abcdef"
PAGE = "Banner\n\nMa said: “We are a data company.”\n"


def tables(**rows) -> dict:
    base = {
        "documents": [
            {"doc_id": DOC, "source": "a.txt", "source_sha256": DOC * 4, "format": "text", "url": None,
             "fetched_at": None, "title": None, "authors": [], "byline": None, "published": None,
             "read_time_minutes": None, "section": None, "tags": [], "language": "en", "n_paragraphs": 1,
             "n_quotes": 1, "n_entities": 1, "n_words": 7}
        ],
        "paragraphs": [
            {"paragraph_id": f"{DOC}-p0000", "doc_id": DOC, "index": 0, "kind": "body",
             "text": "Ma said: “We are a data company.”", "source_start": 8, "source_end": 41, "n_words": 7}
        ],
        "quotes": [
            {"quote_id": f"{DOC}-q0000", "doc_id": DOC, "paragraph_id": f"{DOC}-p0000", "index": 0,
             "text": "We are a data company.", "start": 10, "end": 32, "kind": "full", "speaker": "Ma",
             "speaker_name": "Ma", "speaker_entity_id": f"{DOC}-e0000", "cue": "said", "continues": False}
        ],
        "entities": [
            {"entity_id": f"{DOC}-e0000", "doc_id": DOC, "name": "Ma", "label": "PERSON", "key": "person:ma", "n_mentions": 1}
        ],
        "mentions": [
            {"mention_id": f"{DOC}-m0000", "entity_id": f"{DOC}-e0000", "doc_id": DOC,
             "paragraph_id": f"{DOC}-p0000", "text": "Ma", "start": 0, "end": 2, "label": "PERSON"}
        ],
        "rejects": [{"source": "b.txt", "source_sha256": None, "stage": "read", "reason": "the page is empty"}],
    }
    for name, change in rows.items():
        base[name] = [row | change for row in base[name]]
    return {name: table_frame(name, base[name]) for name in TABLES}


def test_a_sound_dataset_has_no_problems():
    sound = tables()
    assert integrity.orphan_rows(sound) == []
    assert integrity.offsets_that_do_not_slice(sound, {DOC: PAGE}) == []
    assert integrity.inputs_not_accounted_once(sound, ["a.txt", "b.txt"]) == []


def test_orphans_are_found():
    problems = integrity.orphan_rows(tables(mentions={"entity_id": f"{DOC}-e0009"}))
    assert problems == [f"mentions.entity_id: 1 rows point to no entities row (e.g. {DOC}-e0009)"]


def test_offsets_that_do_not_slice_are_found():
    assert integrity.offsets_that_do_not_slice(tables(quotes={"start": 9, "end": 31}), {DOC: PAGE})
    assert integrity.offsets_that_do_not_slice(tables(mentions={"start": 1, "end": 3}), {DOC: PAGE})
    assert integrity.offsets_that_do_not_slice(tables(paragraphs={"source_start": 7, "source_end": 40}), {DOC: PAGE})


def test_inputs_lost_or_doubled_are_found():
    sound = tables()
    assert integrity.inputs_not_accounted_once(sound, ["a.txt", "b.txt", "c.txt"]) == [
        "c.txt is in neither documents nor rejects"
    ]
    doubled = tables(rejects={"source": "a.txt"})
    assert integrity.inputs_not_accounted_once(doubled, ["a.txt"]) == ["a.txt appears 2 times across documents and rejects"]

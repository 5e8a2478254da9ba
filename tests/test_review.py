"""The review page: quotes and entities highlighted together, everything escaped, size bounded,
and the page of the real sample build opened in a headless browser."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from pipeline.core.review import Span, highlight, render_review
from pipeline.core.tables import table_frame
from schemas import TABLES

DOC_A, DOC_B, DOC_C = "0000000000000aaa", "0000000000000bbb", "0000000000000ccc"
BODY = "“Alibaba <b>loves</b> data & more,” said Jack Ma."
QUOTED = "Alibaba <b>loves</b> data & more,"
CAPTION = "Jack Ma at the <World Economic Forum>"
MANIFEST = {"inputs": 4, "published": 3, "rejected": 1, "pipeline_version": "0.1.0", "schema_version": "1.0"}


# --------------------------------------------------------------- the frames
def document(doc_id: str, title: str) -> dict:
    return {
        "doc_id": doc_id, "source": f"{doc_id}.txt", "source_sha256": "0" * 64, "format": "text",
        "url": "https://example.com/a?x=1&y=2", "fetched_at": None, "title": title, "authors": ["Seb Joseph"],
        "byline": "By Seb Joseph", "published": None, "read_time_minutes": 6, "section": "Technology",
        "tags": ["Alibaba"], "language": "en", "n_paragraphs": 2, "n_quotes": 1, "n_entities": 2, "n_words": 9,
    }  # fmt: skip


def paragraph(index: int, kind: str, text: str) -> dict:
    return {
        "paragraph_id": f"{DOC_A}-p{index:04d}", "doc_id": DOC_A, "index": index, "kind": kind, "text": text,
        "source_start": None, "source_end": None, "n_words": len(text.split()),
    }  # fmt: skip


def mention(index: int, entity: int, para: int, text: str, start: int, label: str) -> dict:
    return {
        "mention_id": f"{DOC_A}-m{index:04d}", "entity_id": f"{DOC_A}-e{entity:04d}", "doc_id": DOC_A,
        "paragraph_id": f"{DOC_A}-p{para:04d}", "text": text, "start": start, "end": start + len(text), "label": label,
    }  # fmt: skip


def entity(index: int, name: str, label: str, n: int) -> dict:
    key = f"{label.lower()}:{name.lower().replace(' ', '-')}"
    return {"entity_id": f"{DOC_A}-e{index:04d}", "doc_id": DOC_A, "name": name, "label": label, "key": key, "n_mentions": n}


def small_tables() -> dict[str, pl.DataFrame]:
    """Three documents; the first has a body paragraph whose quote holds an ORG mention,
    and a caption; text and metadata are full of HTML special characters."""
    quote = {
        "quote_id": f"{DOC_A}-q0000", "doc_id": DOC_A, "paragraph_id": f"{DOC_A}-p0000", "index": 0,
        "text": QUOTED, "start": 1, "end": 1 + len(QUOTED), "kind": "full", "speaker": "Jack Ma",
        "speaker_name": "Jack Ma", "speaker_entity_id": f"{DOC_A}-e0001", "cue": "said", "continues": False,
    }  # fmt: skip
    rows = {
        "documents": [
            document(DOC_A, "Data & <Hollywood>"), document(DOC_B, "The second one"), document(DOC_C, "The third one")
        ],
        "paragraphs": [paragraph(0, "body", BODY), paragraph(1, "caption", CAPTION)],
        "quotes": [quote],
        "entities": [entity(0, "Alibaba", "ORG", 1), entity(1, "Jack Ma", "PERSON", 2)],
        "mentions": [
            mention(0, 0, 0, "Alibaba", 1, "ORG"),  # at the very start of the quote: nested in it
            mention(1, 1, 0, "Jack Ma", BODY.index("Jack Ma"), "PERSON"),
            mention(2, 1, 1, "Jack Ma", 0, "PERSON"),
        ],
        "rejects": [
            {"source": "empty.txt", "source_sha256": None, "stage": "clean", "reason": "no <article> text found in the page"}
        ],
    }
    for name, frame_rows in rows.items():
        assert set(frame_rows[0]) == set(TABLES[name].to_schema().columns), name
    return {name: table_frame(name, frame_rows) for name, frame_rows in rows.items()}


# ------------------------------------------------ a small DOM to query pages
VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "col", "area", "base", "embed", "track"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        """The text content, as the DOM's `textContent`."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, cls: str) -> list[Node]:
        """Every descendant with the class, in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                found += ([child] if cls in child.classes else []) + child.find(cls)
        return found


class TreeBuilder(HTMLParser):
    """Parses HTML into Nodes, checking that every element is closed where it was opened."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>: the HTML is not well nested"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root


@pytest.fixture(scope="module")
def page() -> str:
    return render_review(small_tables(), MANIFEST)


# -------------------------------------------------------------------- tests
def test_the_quote_text_is_inside_a_quote_element_of_its_kind(page):
    (quote,) = parse(page).find("quote")[2:]  # the first two are the legend's examples
    assert quote.tag == "q" and "full" in quote.classes
    assert quote.text() == QUOTED


def test_the_speaker_is_shown_with_the_quote(page):
    (notes,) = parse(page).find("quote-notes")
    assert [n.text() for n in notes.find("speaker-name")] == ["Jack Ma"]
    assert "said" in notes.text() and "full" in notes.text()


def test_entities_are_marked_with_their_label_and_colour(page):
    marks = parse(page).find("ent")[1:]  # the first is the legend's example
    assert [(m.text(), m.attrs["data-label"]) for m in marks] == [("Alibaba", "ORG"), ("Jack Ma", "PERSON"), ("Jack Ma", "PERSON")]
    assert "ent-ORG" in marks[0].classes
    assert ".ent-ORG { background: #7aecec; }" in page  # displaCy's colour


def test_a_mention_inside_a_quote_is_nested_in_it_and_the_text_is_unchanged(page):
    tree = parse(page)  # the parser asserts every element is properly nested
    (body_paragraph,) = [p for p in tree.find("text") if p.tag == "p"]
    assert body_paragraph.text() == BODY  # labels and numbers are drawn by CSS, not added to the text
    (quote,) = tree.find("quote")[2:]
    assert [m.text() for m in quote.find("ent")] == ["Alibaba"]


def test_html_special_characters_are_escaped(page):
    assert "<b>loves</b>" not in page and "&lt;b&gt;loves&lt;/b&gt;" in page
    assert "<Hollywood>" not in page and "&lt;Hollywood&gt;" in page
    assert "<article> text" not in page and "&lt;article&gt; text" in page
    assert "<World Economic Forum>" not in page
    assert 'href="https://example.com/a?x=1&amp;y=2"' in page


def test_a_caption_is_shown_as_a_caption(page):
    (caption,) = parse(page).find("caption")
    assert caption.tag == "figure" and caption.text().endswith(CAPTION)


def test_the_summary_has_counts_speakers_entities_and_rejects(page):
    (summary,) = parse(page).find("summary")
    text = summary.text()
    assert "Jack Ma" in text and "Alibaba" in text
    assert "empty.txt" in text and "no <article> text found in the page" in text


def test_documents_past_the_cap_are_counted_in_a_note_not_rendered():
    page = render_review(small_tables(), MANIFEST, max_documents=2)
    (note,) = parse(page).find("cap-note")
    assert "first 2 of 3 documents" in note.text() and "1 more" in note.text()
    assert "The second one" in page and "The third one" not in page
    assert not parse(render_review(small_tables(), MANIFEST)).find("cap-note")


def test_the_page_is_the_same_whatever_the_row_order():
    tables = small_tables()
    shuffled = {name: frame.sample(fraction=1.0, shuffle=True, seed=7) for name, frame in tables.items()}
    assert render_review(shuffled, MANIFEST) == render_review(tables, MANIFEST)


def test_lazy_tables_give_the_same_page_as_loaded_ones():
    tables = small_tables()
    lazy = {name: frame.lazy() for name, frame in tables.items()}
    assert render_review(lazy, MANIFEST, max_documents=1) == render_review(tables, MANIFEST, max_documents=1)


@pytest.mark.parametrize("seed", range(20))
def test_crossing_and_nested_spans_keep_the_text_and_stay_well_formed(seed):
    text = "Quotes & <names> cross, nest and touch."
    rng = random.Random(seed)
    spans = []
    for rank in (0, 1, 1, 1, 0):
        start = rng.randrange(len(text))
        spans.append(Span(start, rng.randrange(start + 1, len(text) + 1), rank, f'<i class="s{rank}">', "</i>"))
    rendered = parse(f"<p>{highlight(text, spans)}</p>")  # asserts proper nesting
    assert rendered.text() == text


def test_a_span_outside_the_text_is_ignored():
    assert highlight("a<b", [Span(2, 9, 0, "<i>", "</i>")]) == "a&lt;b"


# ------------------------------------------------------------- in a browser
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium(work: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium once, with a throwaway profile in `work`."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.fail("Chromium is needed to check the review page in a browser: apt-get install chromium")
    command = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}"
    return done


def test_the_review_of_the_sample_build_renders_in_chromium(seed_build, tmp_path):
    _, out_dir = seed_build
    tables = {name: pl.read_parquet(out_dir / f"{name}/").drop("batch", strict=False) for name in TABLES}
    manifest = json.loads((out_dir / "manifest.json").read_text())
    review = tmp_path / "review.html"
    review.write_text(render_review(tables, manifest), encoding="utf-8")

    dom = parse(chromium(tmp_path, "--dump-dom", review.as_uri()).stdout)
    quotes = [q.text() for q in dom.find("quote")]
    assert any(q.startswith("We are a data company") for q in quotes), quotes
    assert any("bank the unbanked" == q for q in quotes), quotes
    assert "Jack Ma" in [n.text() for n in dom.find("speaker-name")]
    assert {m.attrs["data-label"] for m in dom.find("ent")} >= {"PERSON", "ORG", "GPE"}

    screenshot = tmp_path / "review.png"
    chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1280,2000", review.as_uri())
    assert screenshot.exists() and screenshot.stat().st_size > 10_000

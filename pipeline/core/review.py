"""The review page: one static HTML file to read the dataset the way the pipeline saw it.

A person opens it in a browser, offline: a summary of the build (pages published and
rejected, quotes, who is quoted most, which entities are named most, why pages were
rejected), then each document with its metadata and its paragraphs, the quotations
highlighted with their speakers and the entity mentions coloured by label.

Quotes and mentions overlap (a name inside a quotation), which displaCy's `ent` style
cannot draw, so the highlighting is rendered here, with displaCy's label colours. Labels
and quote numbers are drawn by CSS from data attributes, so that the page's text (and a
copy-paste of it) is exactly the paragraph text. Everything is escaped and inline; the
output depends only on the tables and the manifest.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from spacy.displacy.render import DEFAULT_LABEL_COLORS

from pipeline.core.tables import table_frame
from schemas.tables import LABELS, TABLES

MAX_DOCUMENTS = 200  # rendered in full; the summary still counts every document
MAX_REJECTS = 200
TOP_SPEAKERS = 10
TOP_ENTITIES = 15
FALLBACK_COLOR = "#ddd"
# Dates, amounts and counts are entities to spaCy, but "top entities" is about named things.
UNNAMED_LABELS = ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL")


# ----------------------------------------------------------------- the page
def render_review(
    tables: dict[str, pl.DataFrame | pl.LazyFrame], manifest: dict, max_documents: int = MAX_DOCUMENTS
) -> str:
    """The review page of a dataset, as one self-contained HTML document.

    `tables` maps table names to frames, eager or lazy (extra columns such as `batch` are
    ignored; a missing table counts as empty); `manifest` is the dataset's `manifest.json`.
    Only the first `max_documents` documents by `doc_id` are rendered in full. Lazy
    tables are only ever aggregated or filtered to the shown documents, so a dataset of
    any size renders in bounded memory.
    """
    t = {name: tables.get(name, table_frame(name, [])).lazy() for name in TABLES}
    total = count(t["documents"])
    shown = collect(t["documents"].sort("doc_id").head(max_documents))
    body = [
        page_header(manifest, total),
        summary_section(t, manifest),
        legend(),
        documents_section(shown, t, total),
    ]
    return PAGE.format(title=esc(f"newsparts review: {plural(total, 'document')}"), css=css(), body="\n".join(body))


def collect(frame: pl.LazyFrame) -> pl.DataFrame:
    """Run a query in polars' streaming engine: tables are read in pieces, never whole."""
    return frame.collect(engine="streaming")


def count(frame: pl.LazyFrame) -> int:
    return collect(frame.select(pl.len())).item()


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""


def esc(value: object) -> str:
    """Any value as HTML text or attribute value (quotes escaped too)."""
    return html.escape("" if value is None else str(value), quote=True)


def plural(n: int, noun: str) -> str:
    """`1 document`, `2 documents`, `1,000 documents`; `entity` becomes `entities`."""
    if n == 1:
        return f"{n:,} {noun}"
    return f"{n:,} {noun[:-1]}ies" if noun.endswith("y") else f"{n:,} {noun}s"


def page_header(manifest: dict, n_documents: int) -> str:
    """The title and where the dataset comes from (versions and build time)."""
    model = manifest.get("model") or {}
    facts = [
        ("built", manifest.get("built_at")),
        ("pipeline", manifest.get("pipeline_version")),
        ("schema", manifest.get("schema_version")),
        ("model", " ".join(str(v) for v in (model.get("name"), model.get("version")) if v)),
    ]
    shown = " · ".join(f"{esc(k)} <b>{esc(v)}</b>" for k, v in facts if v)
    return f'<header><h1>Dataset review</h1><p class="muted">{plural(n_documents, "document")} · {shown}</p></header>'


# -------------------------------------------------------------- the summary
def summary_section(t: dict[str, pl.LazyFrame], manifest: dict) -> str:
    """Counts, top speakers, top entities and the rejected pages."""
    published = manifest.get("published") or count(t["documents"])
    rejected = manifest.get("rejected") if "rejected" in manifest else count(t["rejects"])
    rows = {
        name: info["rows"] if "rows" in (info := (manifest.get("tables") or {}).get(name, {})) else count(t[name])
        for name in TABLES
    }
    counts = [
        ("pages read", manifest.get("inputs", published + rejected)),
        ("published", published),
        ("rejected", rejected),
        ("paragraphs", rows["paragraphs"]),
        ("quotes", rows["quotes"]),
        ("entities", rows["entities"]),
        ("mentions", rows["mentions"]),
    ]
    cards = "".join(f'<div class="stat"><b>{value:,}</b><span>{esc(name)}</span></div>' for name, value in counts)
    return (
        '<section class="summary"><h2>Summary</h2>'
        f'<div class="stats">{cards}</div>'
        f'<div class="columns">{top_speakers_block(t["quotes"], t["entities"])}{top_entities_block(t["entities"])}</div>'
        f"{rejects_block(t['rejects'])}</section>"
    )


def top_speakers(quotes: pl.LazyFrame, entities: pl.LazyFrame, limit: int = TOP_SPEAKERS) -> pl.LazyFrame:
    """The people quoted most across documents (by entity `key`, else by name): name, quotes, documents."""
    quoted = quotes.filter(pl.col("speaker_name").is_not_null()).select("speaker_entity_id", "speaker_name", "doc_id")
    # Only the speakers' keys are looked up: the entities table is streamed past, not held.
    keys = entities.select(speaker_entity_id="entity_id", key="key").join(
        quoted.select("speaker_entity_id").unique(), on="speaker_entity_id", how="semi"
    )
    return (
        quoted.join(keys, on="speaker_entity_id", how="left")
        .with_columns(who=pl.coalesce("key", pl.lit("name:") + pl.col("speaker_name")))
        .sort("who", "speaker_name")
        .group_by("who", maintain_order=True)
        .agg(name=pl.col("speaker_name").first(), quotes=pl.len(), documents=pl.col("doc_id").n_unique())
        .sort(["quotes", "who"], descending=[True, False])
        .head(limit)
    )


def top_entities(entities: pl.LazyFrame, limit: int = TOP_ENTITIES) -> pl.LazyFrame:
    """The named things (not dates or numbers) mentioned most across documents, by `key`:
    name, label, mentions, documents."""
    named = entities.filter(~pl.col("label").is_in(UNNAMED_LABELS))
    # First the top keys by a sum (little memory per key), then their details.
    top = (
        named.group_by("key")
        .agg(mentions=pl.col("n_mentions").sum())
        .sort(["mentions", "key"], descending=[True, False])
        .head(limit)
    )
    return (
        named.join(top.select("key"), on="key", how="semi")
        .sort(["key", "n_mentions", "name"], descending=[False, True, False])
        .group_by("key", maintain_order=True)
        .agg(
            name=pl.col("name").first(),
            label=pl.col("label").first(),
            mentions=pl.col("n_mentions").sum(),
            documents=pl.col("doc_id").n_unique(),
        )
        .sort(["mentions", "key"], descending=[True, False])
    )


def top_speakers_block(quotes: pl.LazyFrame, entities: pl.LazyFrame) -> str:
    """The top speakers as a small table, with how many quotes have no resolved speaker."""
    rows = [
        f'<tr><td class="speaker-name">{esc(name)}</td><td class="num">{n:,}</td><td class="num">{docs:,}</td></tr>'
        for name, n, docs in collect(top_speakers(quotes, entities).select("name", "quotes", "documents")).iter_rows()
    ]
    unresolved = count(quotes.filter(pl.col("speaker_name").is_null()))
    note = f'<p class="muted">{unresolved:,} of {plural(count(quotes), "quote")} without a resolved speaker.</p>' if unresolved else ""
    return f'<div>{block("Top speakers", ["speaker", "quotes", "docs"], rows, "No quote has a resolved speaker.")}{note}</div>'


def top_entities_block(entities: pl.LazyFrame) -> str:
    """The most mentioned entities as a small table, each with its label chip."""
    rows = [
        f'<tr><td>{esc(name)} {label_chip(label)}</td><td class="num">{n:,}</td><td class="num">{docs:,}</td></tr>'
        for name, label, n, docs in collect(top_entities(entities).select("name", "label", "mentions", "documents")).iter_rows()
    ]
    return block("Top named entities", ["entity", "mentions", "docs"], rows, "No named entities.")


def block(title: str, headers: list[str], rows: list[str], empty: str) -> str:
    """A titled table of pre-rendered rows, or a note when there are none."""
    if not rows:
        return f'<div><h3>{esc(title)}</h3><p class="muted">{esc(empty)}</p></div>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return f'<div><h3>{esc(title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def rejects_block(rejects: pl.LazyFrame) -> str:
    """Every rejected page (up to a cap) with the stage that stopped it and the reason."""
    total = count(rejects)
    if not total:
        return '<h3>Rejected pages</h3><p class="muted">None: every page was published.</p>'
    first = collect(rejects.select("source", "stage", "reason").sort("source").head(MAX_REJECTS))
    rows = [
        f'<tr><td class="mono">{esc(source)}</td><td>{esc(stage)}</td><td>{esc(reason)}</td></tr>'
        for source, stage, reason in first.iter_rows()
    ]
    stages = collect(rejects.group_by("stage").len().sort("len", "stage", descending=[True, False]))
    by_stage = " · ".join(f"{esc(stage)} {n:,}" for stage, n in stages.iter_rows())
    more = total - MAX_REJECTS
    note = f'<p class="note">{plural(more, "more rejected page")} in the <code>rejects</code> table.</p>' if more > 0 else ""
    table = block(f"Rejected pages ({total:,})", ["source", "stage", "reason"], rows, "")
    return f'{table}<p class="muted">By stage: {by_stage}</p>{note}'


def legend() -> str:
    """How to read the highlights: the two kinds of quote, and the colour of each label."""
    chips = "".join(label_chip(label) for label in LABELS)
    return (
        '<section class="legend"><h2>How to read the documents</h2>'
        '<p><q class="quote full">full quotation</q> <q class="quote partial">partial quotation</q> '
        '<span class="muted">are numbered; the notes under each paragraph give their speaker, as written → resolved.</span> '
        '<mark class="ent ent-PERSON" data-label="PERSON">entity</mark> '
        '<span class="muted">mentions coloured by label:</span></p>'
        f'<p class="chips">{chips}</p></section>'
    )


def label_chip(label: str) -> str:
    """A label in its colour."""
    return f'<span class="chip ent-{esc(label)}">{esc(label)}</span>'


# ------------------------------------------------------------ the documents
def documents_section(shown: pl.DataFrame, t: dict[str, pl.LazyFrame], total: int) -> str:
    """The shown documents in full, after a note on how many more exist and a contents list."""
    ids = shown.get_column("doc_id").implode()

    def rows_of_shown(name: str, *order: str) -> dict[str, list[dict]]:
        return by_doc(collect(t[name].filter(pl.col("doc_id").is_in(ids)).sort("doc_id", *order)))

    paragraphs = rows_of_shown("paragraphs", "index")
    quotes = rows_of_shown("quotes", "start", "index")
    mentions = rows_of_shown("mentions", "mention_id")
    entities = rows_of_shown("entities", "entity_id")
    note = cap_note(len(shown), total)
    contents = "".join(
        f'<li><a href="#{esc(doc["doc_id"])}">{esc(doc["title"] or doc["source"])}</a></li>' for doc in shown.iter_rows(named=True)
    )
    articles = "\n".join(
        document_article(
            doc,
            paragraphs.get(doc["doc_id"], []),
            quotes.get(doc["doc_id"], []),
            mentions.get(doc["doc_id"], []),
            entities.get(doc["doc_id"], []),
        )
        for doc in shown.iter_rows(named=True)
    )
    return (
        f'<section class="documents"><h2>Documents</h2>{note}'
        f'<details class="contents"><summary>Contents ({len(shown):,})</summary><ol>{contents}</ol></details>'
        f"{articles}</section>"
    )


def cap_note(shown: int, total: int) -> str:
    """Says how many documents are left out of the page, if any."""
    if shown >= total:
        return f'<p class="muted">{"The" if total == 1 else "All"} {plural(total, "document")}, in <code>doc_id</code> order.</p>'
    return (
        f'<p class="note cap-note">Showing the first {shown:,} of {total:,} documents by <code>doc_id</code>; '
        f"{plural(total - shown, 'more document')} {'is' if total - shown == 1 else 'are'} in the tables but not on this page.</p>"
    )


def by_doc(frame: pl.DataFrame) -> dict[str, list[dict]]:
    """A table's rows as dicts, grouped by `doc_id` (keeping the frame's order)."""
    return group(frame.iter_rows(named=True), "doc_id")


def document_article(doc: dict, paragraphs: list[dict], quotes: list[dict], mentions: list[dict], entities: list[dict]) -> str:
    """One document: title, metadata, then its paragraphs highlighted."""
    quotes_by_paragraph = group(quotes, "paragraph_id")
    mentions_by_paragraph = group(mentions, "paragraph_id")
    body = "\n".join(
        paragraph_html(p, quotes_by_paragraph.get(p["paragraph_id"], []), mentions_by_paragraph.get(p["paragraph_id"], []))
        for p in paragraphs
    )
    title = esc(doc["title"]) if doc["title"] else '<span class="muted">(no title)</span>'
    return (
        f'<article class="document" id="{esc(doc["doc_id"])}"><h2>{title}</h2>'
        f"{metadata_html(doc)}{entities_html(entities)}"
        f'<div class="body">{body}</div></article>'
    )


def group(rows: Iterable[dict], key: str) -> dict[str, list[dict]]:
    """Rows grouped by one of their values, in order."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def metadata_html(doc: dict) -> str:
    """The document's metadata as a definition list; empty values are left out."""
    url = doc.get("url")
    # Only web addresses become links: a scraped `javascript:` URL must not be clickable.
    link = url and url.startswith(("http://", "https://"))
    items = [
        ("authors", doc.get("authors"), esc(", ".join(doc.get("authors") or []))),
        ("published", doc.get("published"), esc(doc.get("published"))),
        ("section", doc.get("section"), esc(doc.get("section"))),
        ("read time", doc.get("read_time_minutes"), esc(f"{doc.get('read_time_minutes')} min")),
        ("tags", doc.get("tags"), "".join(f'<span class="tag">{esc(tag)}</span>' for tag in doc.get("tags") or [])),
        ("url", url, f'<a href="{esc(url)}">{esc(url)}</a>' if link else esc(url)),
        ("source", doc.get("source"), f'<span class="mono">{esc(doc.get("source"))}</span>'),
        ("doc_id", doc.get("doc_id"), f'<span class="mono">{esc(doc.get("doc_id"))}</span>'),
        ("counts", True, esc(counts_text(doc))),
    ]
    rows = "".join(f"<dt>{name}</dt><dd>{shown}</dd>" for name, value, shown in items if value)
    return f'<dl class="meta">{rows}</dl>'


def counts_text(doc: dict) -> str:
    """The document's counts in words."""
    names = [("n_paragraphs", "paragraph"), ("n_words", "word"), ("n_quotes", "quote"), ("n_entities", "entity")]
    return " · ".join(plural(doc[col], noun) for col, noun in names if doc.get(col) is not None)


def entities_html(entities: list[dict]) -> str:
    """The document's entities, most mentioned first, folded away by default."""
    if not entities:
        return ""
    ordered = sorted(entities, key=lambda e: (-e["n_mentions"], e["name"], e["entity_id"]))
    items = "".join(f'<li>{esc(e["name"])} {label_chip(e["label"])} <span class="muted">×{e["n_mentions"]}</span></li>' for e in ordered)
    return f'<details class="entities"><summary>Entities ({len(entities):,})</summary><ul>{items}</ul></details>'


# ----------------------------------------------------------- the paragraphs
def paragraph_html(paragraph: dict, quotes: list[dict], mentions: list[dict]) -> str:
    """One paragraph, quotes and mentions highlighted, then a note per quote with its speaker."""
    text = paragraph["text"]
    spans = [quote_span(q) for q in quotes] + [mention_span(m) for m in mentions]
    inner = highlight(text, spans)
    notes = quote_notes(quotes)
    number = f'<span class="pnum" title="{esc(paragraph["paragraph_id"])}">{paragraph["index"]}</span>'
    if paragraph["kind"] == "caption":
        return (
            f'<figure class="paragraph caption" id="{esc(paragraph["paragraph_id"])}">{number}'
            f'<figcaption><span class="caption-label">Caption</span><span class="text">{inner}</span></figcaption>{notes}</figure>'
        )
    return f'<div class="paragraph" id="{esc(paragraph["paragraph_id"])}">{number}<p class="text">{inner}</p>{notes}</div>'


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of a paragraph and the tags that draw it."""

    start: int
    end: int
    rank: int  # at equal extent, lower ranks wrap higher ones: a quote wraps its mention
    open_tag: str
    close_tag: str


def quote_span(quote: dict) -> Span:
    """A quote as a `<q>` of its kind, numbered like its note."""
    speaker = speaker_text(quote)
    tag = (
        f'<q class="quote {esc(quote["kind"])}" data-n="{quote["index"] + 1}" '
        f'data-quote-id="{esc(quote["quote_id"])}" title="{esc(speaker)}">'
    )
    return Span(quote["start"], quote["end"], 0, tag, "</q>")


def mention_span(mention: dict) -> Span:
    """A mention as a `<mark>` coloured by its label."""
    label = esc(mention["label"])
    tag = f'<mark class="ent ent-{label}" data-label="{label}" data-entity-id="{esc(mention["entity_id"])}">'
    return Span(mention["start"], mention["end"], 1, tag, "</mark>")


def highlight(text: str, spans: Iterable[Span]) -> str:
    """The text, escaped, with every span's tags around its stretch, properly nested.

    The text is cut at every span boundary. Spans that start together open longest
    first, so nested spans (a mention inside a quote) become nested elements. When two
    spans cross, the inner one is closed where the outer ends and reopened after it,
    so the HTML stays well formed and each character keeps all its highlights.
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    boundaries = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[Span] = []  # open spans, outermost first
    for position, following in zip(boundaries, boundaries[1:] + [len(text)], strict=True):
        reopen: list[Span] = []
        ending = [i for i, s in enumerate(stack) if s.end <= position]
        if ending:
            closed, stack = stack[ending[0] :], stack[: ending[0]]
            out.extend(s.close_tag for s in reversed(closed))
            reopen = [s for s in closed if s.end > position]
        for s in sorted(reopen + starting.get(position, []), key=lambda s: (-s.end, s.rank, s.start)):
            out.append(s.open_tag)
            stack.append(s)
        out.append(esc(text[position:following]))
    out.extend(s.close_tag for s in reversed(stack))
    return "".join(out)


def speaker_text(quote: dict) -> str:
    """Who said it: the speaker as written and the person it resolves to."""
    written, name = quote.get("speaker"), quote.get("speaker_name")
    if written and name and written != name:
        return f"{written} → {name}"
    return name or (f"{written} → (unresolved)" if written else "speaker unknown")


def quote_notes(quotes: list[dict]) -> str:
    """Under the paragraph, one line per quote: its number, kind, speaker and cue."""
    if not quotes:
        return ""
    items = []
    for q in sorted(quotes, key=lambda q: q["index"]):
        cue = f' <span class="cue">{esc(q["cue"])}</span>' if q.get("cue") else ""
        continues = ' <span class="muted">(continued from the previous paragraph)</span>' if q.get("continues") else ""
        items.append(
            f'<li><span class="qnum {esc(q["kind"])}">{q["index"] + 1}</span> '
            f'<span class="kind">{esc(q["kind"])}</span> {speaker_html(q)}{cue}{continues}</li>'
        )
    return f'<ol class="quote-notes">{"".join(items)}</ol>'


def speaker_html(quote: dict) -> str:
    """The speaker as written, an arrow, and the resolved person in bold."""
    written, name = quote.get("speaker"), quote.get("speaker_name")
    if not written and not name:
        return '<span class="muted">speaker unknown</span>'
    as_written = f'<span class="speaker">{esc(written)}</span> → ' if written and written != name else ""
    resolved = f'<b class="speaker-name">{esc(name)}</b>' if name else '<span class="muted">unresolved</span>'
    return as_written + resolved


# ---------------------------------------------------------------- the style
def css() -> str:
    """The page's stylesheet: the base style plus one colour rule per entity label."""
    colors = "\n".join(
        f".ent-{label} {{ background: {DEFAULT_LABEL_COLORS.get(label, FALLBACK_COLOR)}; }}" for label in LABELS
    )
    return BASE_CSS + colors


BASE_CSS = """\
:root { --ink: #1d2430; --muted: #667085; --line: #e4e7ec; --full: #b54708; --partial: #6941c6; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { margin: 0 0 .25rem; font-size: 1.7rem; }
h2 { font-size: 1.3rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
section, article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
section.documents { background: none; border: 0; padding: 0; }
.muted { color: var(--muted); }
.note { background: #fffaeb; border: 1px solid #fedf89; border-radius: 6px; padding: .5rem .75rem; }
.mono, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; }
.stats { display: flex; flex-wrap: wrap; gap: .5rem; }
.stat { flex: 1 1 6.5rem; border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
.stat b { display: block; font-size: 1.35rem; }
.stat span { color: var(--muted); font-size: .85rem; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num, .columns th:not(:first-child) { text-align: right; }
.chips { line-height: 2; }
.chip { display: inline-block; font-size: .7rem; font-weight: 700; padding: 0 .4rem; border-radius: 4px; margin-right: .25rem; line-height: 1.5; }
article h2 { font-size: 1.45rem; line-height: 1.3; margin-bottom: .5rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .75rem; font-size: .9rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.tag { display: inline-block; background: #eef2f6; border-radius: 999px; padding: 0 .6rem; margin-right: .3rem; font-size: .85em; }
details { margin: .5rem 0; }
summary { cursor: pointer; color: var(--muted); }
details.entities ul { columns: 3; list-style: none; padding: 0; font-size: .9rem; }
.body { border-top: 1px solid var(--line); padding-top: .75rem; }
.paragraph { position: relative; margin: 0 0 1rem; padding-left: 2rem; }
.paragraph .text { margin: 0; font-family: Georgia, "Times New Roman", serif; font-size: 1.05rem; line-height: 1.9; }
.pnum { position: absolute; left: 0; top: .2rem; color: var(--muted); font-size: .75rem; }
figure.caption { margin: 0 0 1rem; }
figure.caption figcaption { background: #f2f4f7; border-left: 3px solid #98a2b3; padding: .4rem .75rem; font-style: italic; color: #344054; line-height: 1.8; }
.caption-label { font-style: normal; font-weight: 700; font-size: .7rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-right: .5rem; }
q.quote { quotes: none; border-bottom: 2px solid; padding: .1rem 0; }
q.quote.full { background: #fef0c7; border-color: var(--full); }
q.quote.partial { background: #f4ebff; border-color: var(--partial); border-bottom-style: dashed; }
q.quote[data-n]::after { content: attr(data-n); font: 700 .65rem system-ui, sans-serif; vertical-align: super; margin-left: 1px; color: var(--full); }
q.quote.partial[data-n]::after { color: var(--partial); }
mark.ent { padding: .1rem .25rem; border-radius: 4px; color: inherit; }
mark.ent::after { content: attr(data-label); font: 700 .6rem system-ui, sans-serif; margin-left: .3rem; vertical-align: middle; opacity: .75; }
.legend mark.ent, .legend q.quote { font-family: Georgia, serif; }
ol.quote-notes { list-style: none; margin: .35rem 0 0; padding: 0; font-size: .85rem; color: #344054; }
ol.quote-notes li { margin: .1rem 0; }
.qnum { display: inline-block; min-width: 1.3rem; text-align: center; border-radius: 4px; color: #fff; font-weight: 700; font-size: .75rem; }
.qnum.full { background: var(--full); }
.qnum.partial { background: var(--partial); }
.kind { color: var(--muted); }
.cue { color: var(--muted); font-style: italic; }
.speaker-name { color: var(--ink); }
@media (max-width: 700px) { .columns { grid-template-columns: 1fr; } }
"""


def write_review(out_dir: Path, max_documents: int = MAX_DOCUMENTS) -> Path:
    """Render the review page of the dataset published in `out_dir` to `out_dir/review.html`.

    The tables are scanned, not loaded: only aggregates and the shown documents' rows are
    ever in memory. Written to a temporary file and renamed over the old page, so a browser
    never opens half a page.
    """
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    tables = {name: scan_table(out_dir, name) for name in TABLES}
    page = out_dir / "review.html"
    partial = page.with_suffix(".html.partial")
    partial.write_text(render_review(tables, manifest, max_documents), encoding="utf-8")
    os.replace(partial, page)
    return page


def scan_table(out_dir: Path, name: str) -> pl.LazyFrame:
    """A published table (all batches, without the `batch` column), as a lazy scan."""
    folder = out_dir / name
    if not folder.exists() or not any(folder.glob("**/*.parquet")):
        return table_frame(name, []).lazy()
    return pl.scan_parquet(folder / "**" / "*.parquet", hive_partitioning=False)

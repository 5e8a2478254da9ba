"""The pipeline's assets: thin wiring around the text-processing core.

pages -> clean_pages -> paragraphs -> entities + mentions -> quotes -> documents, rejects
-> dataset. Each published table is validated against its Pandera model inside its
asset (a blocking check), and `dataset` checks the tables against each other and
publishes them atomically only when everything passed.
"""

import datetime as dt
import importlib.metadata
import warnings

import dagster as dg
import pandera.errors
import polars as pl
from dagster_pandera import pandera_schema_to_dagster_type

from pipeline.core import integrity, tables
from pipeline.core.batches import find_batches
from pipeline.core.pages import read_pages
from pipeline.core.publish import publish_batch
from pipeline.core.review import write_review
from pipeline.defs.partitions import batches
from pipeline.defs.resources import Settings
from schemas import SCHEMA_VERSION, TABLES

GROUP = "newsparts"
MATCHES_CONTRACT = "matches_contract"
PARENTS_EXIST = "parents_exist"
OFFSETS_SLICE_BACK = "offsets_slice_back"
EVERY_INPUT_ONCE = "every_input_once"



def table_spec_metadata(name: str) -> dict:
    """Definition metadata of a published table: its column schema, from its model."""
    with warnings.catch_warnings():  # the helper is marked beta; its output is plain metadata
        warnings.simplefilter("ignore", dg.BetaWarning)
        dagster_type = pandera_schema_to_dagster_type(TABLES[name])
    return {"dagster/column_schema": dagster_type.metadata["schema"].value}


def contract_check(name: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        MATCHES_CONTRACT,
        asset=name,
        blocking=True,
        description=f"The {name} table passes its Pandera model (columns, types, ids, offsets).",
    )


def preview(frame: pl.DataFrame, rows: int = 5) -> dg.MetadataValue:
    """The first rows as a Markdown table for the catalog."""
    with pl.Config(
        tbl_formatting="MARKDOWN", tbl_hide_column_data_types=True, tbl_hide_dataframe_shape=True, fmt_str_lengths=60
    ):
        return dg.MetadataValue.md(str(frame.head(rows)))


def bar_chart(rows: list[tuple[str, int]], width: int = 30) -> dg.MetadataValue:
    """A small horizontal bar chart in Markdown: easier to take in at a glance than a table."""
    if not rows:
        return dg.MetadataValue.md("(none)")
    longest, top = max(len(label) for label, _ in rows), max(n for _, n in rows)
    bars = [f"{label:<{longest}}  {'█' * max(1, round(width * n / top))} {n}" for label, n in rows]
    return dg.MetadataValue.md("```\n" + "\n".join(bars) + "\n```")


def validated(name: str, frame: pl.DataFrame, **extra) -> dg.MaterializeResult:
    """Validate a table with its model; the result carries the frame, metadata and the check."""
    try:
        TABLES[name].validate(frame, lazy=True)
        check = dg.AssetCheckResult(check_name=MATCHES_CONTRACT, passed=True)
    except pandera.errors.SchemaErrors as err:
        failures = err.failure_cases.head(20)
        check = dg.AssetCheckResult(
            check_name=MATCHES_CONTRACT,
            passed=False,
            metadata={"failures": dg.MetadataValue.md(str(failures)), "n_failures": len(err.failure_cases)},
        )
    return dg.MaterializeResult(
        value=frame,
        metadata={"dagster/row_count": len(frame), "preview": preview(frame), **extra},
        check_results=[check],
    )


def table_asset(name: str, **kwargs):
    """Decorator for a published table's asset: description, group, kinds, schema and check."""
    return dg.asset(
        name=name,
        group_name=GROUP,
        kinds={"polars", "pandera"},
        metadata=table_spec_metadata(name),
        check_specs=[contract_check(name)],
        partitions_def=batches,
        **kwargs,
    )


@dg.asset(group_name=GROUP, kinds={"python"}, partitions_def=batches)
def pages(context: dg.AssetExecutionContext, settings: Settings):
    """Every file of the batch, read, hashed and decoded (or rejected with a reason)."""
    files = find_batches(settings.pages_path).get(context.partition_key, [])
    # Fingerprinted before reading: a page rewritten during the run then differs from what
    # the manifest records, and the next build sees the change.
    fingerprint = settings.batch_fingerprints({context.partition_key: files})[context.partition_key]
    read = read_pages(settings.pages_path, files, settings.max_page_bytes, settings.processes_for_pages(len(files)))
    frame = tables.page_frame(read, fingerprint)
    return dg.MaterializeResult(
        value=frame,
        metadata={
            "input_folder": str(settings.pages_path),
            "files": len(frame),
            "unreadable": frame.get_column("reject_stage").is_not_null().sum(),
        },
    )


@dg.asset(group_name=GROUP, kinds={"python"}, partitions_def=batches)
def clean_pages(pages: pl.DataFrame, settings: Settings):
    """Pages with boilerplate removed: article paragraphs, captions and metadata (title, byline, date, tags)."""
    processes = settings.processes_for_pages(len(pages))
    frame = tables.clean_pages(tables.page_records(pages), settings.max_paragraphs, processes)
    kept = len(tables.kept_pages(frame))
    return dg.MaterializeResult(value=frame, metadata={"kept": kept, "rejected": len(frame) - kept})


@table_asset("paragraphs")
def paragraphs(clean_pages: pl.DataFrame):
    """The article body of every published page, one row per paragraph, in reading order."""
    return validated("paragraphs", tables.paragraph_table(clean_pages))


def table_out(name: str, description: str) -> dg.AssetOut:
    return dg.AssetOut(
        key=name, description=description, kinds={"spacy", "polars", "pandera"}, metadata=table_spec_metadata(name)
    )


@dg.multi_asset(
    group_name=GROUP,
    partitions_def=batches,
    outs={
        "entities": table_out("entities", "One row per distinct named person, organisation, place, ... per document."),
        "mentions": table_out("mentions", "Every mention of an entity in the article body, with its offsets."),
    },
    check_specs=[contract_check("entities"), contract_check("mentions")],
)
def entities_and_mentions(paragraphs: pl.DataFrame, settings: Settings):
    """Named entities from one spaCy pass over all paragraphs, canonicalised per document."""
    entities, mentions = tables.entity_tables(
        paragraphs, settings.nlp(), batch_size=settings.batch_size, n_process=settings.processes_for(len(paragraphs))
    )
    for name, frame in (("entities", entities), ("mentions", mentions)):
        result = validated(name, frame)
        yield dg.Output(frame, output_name=name, metadata=result.metadata)
        (check,) = result.check_results
        yield dg.AssetCheckResult(
            asset_key=name, check_name=check.check_name, passed=check.passed, metadata=check.metadata
        )


@table_asset("quotes")
def quotes(paragraphs: pl.DataFrame, entities: pl.DataFrame, mentions: pl.DataFrame):
    """Direct quotations in the article body, with the speaker as written and resolved to a person."""
    frame = tables.quote_table(paragraphs, entities, mentions)
    top = frame.drop_nulls("speaker_name").group_by("speaker_name").len().sort("len", "speaker_name", descending=[True, False])
    return validated("quotes", frame, quotes_per_speaker=bar_chart(top.head(10).rows()))


@table_asset("documents")
def documents(
    clean_pages: pl.DataFrame, paragraphs: pl.DataFrame, quotes: pl.DataFrame, entities: pl.DataFrame
):
    """One row per published page: its metadata (title, authors, date, section, tags) and counts."""
    return validated("documents", tables.document_table(clean_pages, paragraphs, quotes, entities))


@table_asset("rejects")
def rejects(clean_pages: pl.DataFrame):
    """Every input file that was not published, with the stage that stopped it and why."""
    return validated("rejects", tables.reject_table(clean_pages))


@dg.asset(
    group_name=GROUP,
    kinds={"parquet"},
    partitions_def=batches,
    check_specs=[
        dg.AssetCheckSpec(PARENTS_EXIST, asset="dataset", description="Every child row's parent row exists."),
        dg.AssetCheckSpec(OFFSETS_SLICE_BACK, asset="dataset", description="Every offset slices back to its text."),
        dg.AssetCheckSpec(
            EVERY_INPUT_ONCE, asset="dataset", description="Every input file is in exactly one of documents and rejects."
        ),
    ],
)
def dataset(
    context: dg.AssetExecutionContext,
    settings: Settings,
    pages: pl.DataFrame,
    documents: pl.DataFrame,
    paragraphs: pl.DataFrame,
    quotes: pl.DataFrame,
    entities: pl.DataFrame,
    mentions: pl.DataFrame,
    rejects: pl.DataFrame,
):
    """The published dataset: the batch's six tables checked against each other, then swapped in atomically."""
    batch = context.partition_key
    page_text = dict(
        pages.filter(pl.col("text").is_not_null())
        .select(pl.col("source_sha256").str.slice(0, 16), "text")
        .iter_rows()
    )
    problems: dict[str, list[str]] = {}
    kept: dict[str, pl.DataFrame] = {}

    def withdraw_duplicates_and_check(batch_tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
        # Under the publish lock: the documents other batches published cannot change meanwhile,
        # so the same page bytes in two batches running at once are still published only once.
        kept.update(tables.withdraw_duplicates(batch_tables, tables.published_documents(settings.out_path, but=batch)))
        problems[PARENTS_EXIST] = integrity.orphan_rows(kept)
        problems[OFFSETS_SLICE_BACK] = integrity.offsets_that_do_not_slice(kept, page_text)
        problems[EVERY_INPUT_ONCE] = integrity.inputs_not_accounted_once(kept, pages.get_column("source").to_list())
        if any(problems.values()):
            raise ChecksFailed
        return kept

    batch_tables = {
        "documents": documents,
        "paragraphs": paragraphs,
        "quotes": quotes,
        "entities": entities,
        "mentions": mentions,
        "rejects": rejects,
    }
    entry = {"inputs": len(pages), "fingerprint": tables.fingerprint_of(pages)}
    try:
        folder = publish_batch(
            settings.out_path, batch, batch_tables, entry, about(settings), prepare=withdraw_duplicates_and_check
        )
    except ChecksFailed:
        folder = None
    for check_name, found in problems.items():
        yield dg.AssetCheckResult(
            check_name=check_name,
            passed=not found,
            metadata={"problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in found[:20]) or "none")},
        )
    if folder is None:
        failed = ", ".join(name for name, found in problems.items() if found)
        raise dg.Failure(f"batch {batch} not published: the {failed} check(s) failed; the previous dataset is unchanged")
    yield dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.out_path)),
            "build": folder.name,
            **{f"rows/{name}": len(frame) for name, frame in kept.items()},
        }
    )


class ChecksFailed(Exception):
    """The batch's tables failed a cross-table check: nothing is published."""


def about(settings: Settings) -> dict:
    """Dataset-wide facts for the manifest: which versions built it."""
    return {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": importlib.metadata.version("newsparts"),
        "spacy_version": importlib.metadata.version("spacy"),
        "model": {"name": settings.spacy_model, "version": settings.nlp().meta.get("version")},
        # The only value that changes between identical builds; the tables themselves never do.
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


@dg.asset(group_name=GROUP, kinds={"html"}, deps=["dataset"])
def review(settings: Settings) -> dg.MaterializeResult:
    """A static review page of the whole published dataset: quotes, speakers and entities highlighted."""
    page = write_review(settings.out_path)
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(page)), "bytes": page.stat().st_size})

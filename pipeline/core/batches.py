"""Batches: the unit of work and of publishing.

Each sub-folder of the input folder (a crawl date, a shard) is one batch; the files
directly in the input folder form the batch `_root`. A batch is processed in one run
and published as its own Parquet files (`<table>/batch=<key>/part-0.parquet`), so
adding or changing a batch never rewrites the others.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from pipeline.core.pages import list_inputs, sidecar_of

ROOT_BATCH = "_root"
# Dagster partition keys and hive-style folder names both accept these characters.
SAFE_KEY = re.compile(r"^[\w.-]{1,100}$")


def batch_key(relative: Path) -> str:
    """The batch of an input file, from its path relative to the input folder."""
    if len(relative.parts) == 1:
        return ROOT_BATCH
    return folder_key(relative.parts[0])


def folder_key(name: str) -> str:
    """A partition-safe key for a batch folder: its name, or a slug of it plus a short hash."""
    if SAFE_KEY.match(name) and name != ROOT_BATCH:
        return name
    slug = re.sub(r"[^\w.-]+", "-", name).strip("-")[:80] or "batch"
    return f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def find_batches(folder: Path) -> dict[str, list[Path]]:
    """Every batch under `folder` with its input files (sorted), by batch key."""
    batches: dict[str, list[Path]] = defaultdict(list)
    for path in list_inputs(folder):
        batches[batch_key(path.relative_to(folder))].append(path)
    return dict(sorted(batches.items()))


def batch_fingerprint(folder: Path, files: list[Path], salt: str = "") -> str:
    """A digest that changes when a file of the batch (or its sidecar) is added, removed,
    or rewritten, or when `salt` (pipeline version and settings) changes.

    Sizes and modification times are enough to notice changes without reading every
    page again, which keeps a rerun with nothing new fast.
    """
    digest = hashlib.sha256(salt.encode())
    for path in files:
        for item in (path, sidecar_of(path)):
            try:
                stat = item.stat()
            except OSError:
                continue  # a missing sidecar; an unreadable page is rejected when read
            digest.update(f"{item.relative_to(folder).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


@cache
def code_digest() -> str:
    """A digest of the code that shapes the rows (the core, the assets, the table models):
    a batch built by other code is stale, so any change to the rules rebuilds every batch.
    Computed once per process: code does not change under a running process."""
    import schemas

    pipeline = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in (pipeline / "core", pipeline / "defs", Path(schemas.__file__).resolve().parent):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(pipeline.parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]

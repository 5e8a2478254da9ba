"""Publishing the dataset atomically, one batch at a time, where analysts read it.

Layout under the output folder:

    .builds/<build>/<table>/batch=<key>/part-0.parquet   complete, validated builds
    .builds/<build>/manifest.json
    .current -> .builds/<build>                          the published build
    <table>  -> .current/<table>                         what analysts open
    manifest.json -> .current/manifest.json

Publishing a batch writes a new build: the batch's new files, plus hard links to the
other batches' files in the current build (nothing is rewritten), then swaps `.current`
to it with one atomic rename. Readers see the previous dataset or the new one, never a
mix, and a crash at any point leaves the previous dataset in place. A lock serialises
concurrent publishers (batch runs in parallel) so that none loses another's batch.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

BUILDS = ".builds"
CURRENT = ".current"
MANIFEST = "manifest.json"
KEEP_BUILDS = 2  # the new one, and the previous one for readers still holding it open
BATCH_PREFIX = "batch="


def arrow_table(name: str, frame: pl.DataFrame) -> pa.Table:
    """The frame as Arrow, each field carrying its description from the table's model."""
    table = frame.to_arrow()
    columns = TABLES[name].to_schema().columns
    fields = [
        field.with_metadata({"description": columns[field.name].description or ""}) for field in table.schema
    ]
    doc = (TABLES[name].__doc__ or "").strip()
    return table.cast(pa.schema(fields, metadata={"description": doc, "table": name}))


def publish_batch(
    out_dir: Path,
    batch: str,
    tables: dict[str, pl.DataFrame] | None,
    entry: dict | None = None,
    about: dict | None = None,
    prepare: Callable[[dict[str, pl.DataFrame]], dict[str, pl.DataFrame]] | None = None,
) -> Path:
    """Publish one batch's tables, or withdraw the batch with `tables=None`; returns the new build.

    `entry` describes the batch in the manifest (its input count, fingerprint, ...);
    `about` holds the dataset-wide facts (schema, pipeline and model versions).
    `prepare` runs under the lock, so what it reads of the published dataset cannot change
    before the swap (runs of other batches publish one at a time); it may raise to publish
    nothing.
    """
    builds = out_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(out_dir / ".lock"):
        if prepare is not None and tables is not None:
            tables = prepare(tables)
        current = (out_dir / CURRENT).resolve() if (out_dir / CURRENT).exists() else None
        build_id = uuid.uuid4().hex[:12]
        staging = builds / f".tmp-{build_id}"
        try:
            link_other_batches(current, staging, skip=batch)
            for name, frame in (tables or {}).items():
                write_parquet(name, frame, staging / name / f"{BATCH_PREFIX}{batch}" / "part-0.parquet")
            counts = {name: len(frame) for name, frame in (tables or {}).items()}
            manifest = manifest_with_batch(read_manifest(current), batch, entry and {**entry, "rows": counts}, about or {})
            write_text(staging / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n")
            fsync(staging)
            final = builds / build_id
            os.rename(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        swap_link(out_dir / CURRENT, Path(BUILDS) / build_id)
        for name in [*TABLES, MANIFEST]:
            ensure_link(out_dir / name, Path(CURRENT) / name)
        remove_old_builds(builds, keep=build_id)
    return final


def link_other_batches(current: Path | None, staging: Path, skip: str) -> None:
    """Hard-link every batch's files of the current build into `staging`, except batch `skip`."""
    staging.mkdir(parents=True)
    for name in TABLES:
        (staging / name).mkdir()
        if current is None or not (current / name).is_dir():
            continue
        for folder in sorted((current / name).iterdir()):
            # Anything but another batch's folder (this batch, or files of an older layout) is left behind.
            if folder.name == f"{BATCH_PREFIX}{skip}" or not folder.name.startswith(BATCH_PREFIX) or not folder.is_dir():
                continue
            (staging / name / folder.name).mkdir()
            for file in sorted(folder.iterdir()):
                os.link(file, staging / name / folder.name / file.name)


def published_batches(out_dir: Path) -> list[str]:
    """The keys of the batches in the published dataset."""
    folder = out_dir / "documents"
    if not folder.is_dir():
        return []
    return sorted(p.name.removeprefix(BATCH_PREFIX) for p in folder.iterdir() if p.name.startswith(BATCH_PREFIX))


def manifest_with_batch(manifest: dict, batch: str, entry: dict | None, about: dict) -> dict:
    """The dataset's manifest with one batch's entry replaced (or removed), totals recounted."""
    batches = {key: value for key, value in manifest.get("batches", {}).items() if key != batch}
    if entry is not None:
        batches[batch] = entry
    rows = {name: sum(b["rows"].get(name, 0) for b in batches.values()) for name in TABLES}
    return {
        **{key: value for key, value in manifest.items() if key not in ("batches", "tables")},
        **about,
        "tables": {name: {"rows": rows[name], "path": f"{name}/"} for name in TABLES},
        "batches": dict(sorted(batches.items())),
        "inputs": sum(b.get("inputs", 0) for b in batches.values()),
        "published": rows["documents"],
        "rejected": rows["rejects"],
    }


def read_manifest(build: Path | None) -> dict:
    """The manifest of a build, or an empty one."""
    if build is None or not (build / MANIFEST).exists():
        return {}
    return json.loads((build / MANIFEST).read_text(encoding="utf-8"))


def write_parquet(name: str, frame: pl.DataFrame, path: Path) -> None:
    """One table file, with fixed settings: the same rows always give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(arrow_table(name, frame), path, compression="zstd")
    fsync(path)


def write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    fsync(path)


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (created if missing)."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_link(link: Path, target: Path) -> None:
    """Point `link` at `target` in one atomic step (a new link renamed over the old)."""
    fresh = link.with_name(f"{link.name}.{uuid.uuid4().hex[:8]}")
    os.symlink(target, fresh)
    os.replace(fresh, link)
    fsync(link.parent)


def ensure_link(path: Path, target: Path) -> None:
    """Make `path` a link to `target`, replacing a file or folder left there by something else."""
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    swap_link(path, target)


def remove_old_builds(builds: Path, keep: str) -> None:
    """Delete all but the newest builds, and any staging folder a crashed run left behind."""
    done = sorted((p for p in builds.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime)
    old = [p for p in done if p.name != keep][: max(0, len(done) - KEEP_BUILDS)]
    stale = [p for p in builds.iterdir() if p.name.startswith(".tmp-")]  # safe: we hold the lock
    for path in old + stale:
        shutil.rmtree(path, ignore_errors=True)


def fsync(path: Path) -> None:
    """Flush a file or folder to disk, so that a rename after it never points at lost data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

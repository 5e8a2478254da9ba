"""Publishing the dataset atomically, where analysts read it.

Layout under the output folder:

    .builds/<build>/<table>/part-0.parquet   one complete, validated build per folder
    .builds/<build>/manifest.json
    .current -> .builds/<build>               the published build
    <table>  -> .current/<table>              what analysts open (polars, pandas, DuckDB)
    manifest.json -> .current/manifest.json

A build is written in full to a temporary folder, then `.current` is swapped to it
with one atomic rename. Readers see either the previous dataset or the new one,
never a mix, and a crash at any point leaves the previous dataset in place.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

BUILDS = ".builds"
CURRENT = ".current"
KEEP_BUILDS = 2  # the new one, and the previous one for readers still holding it open


def arrow_table(name: str, frame: pl.DataFrame) -> pa.Table:
    """The frame as Arrow, each field carrying its description from the table's model."""
    table = frame.to_arrow()
    columns = TABLES[name].to_schema().columns
    fields = [
        field.with_metadata({"description": columns[field.name].description or ""}) for field in table.schema
    ]
    doc = (TABLES[name].__doc__ or "").strip()
    return table.cast(pa.schema(fields, metadata={"description": doc, "table": name}))


def write_build(folder: Path, tables: dict[str, pl.DataFrame], manifest: dict) -> None:
    """Write every table and the manifest into `folder`, flushed to disk."""
    for name, frame in tables.items():
        path = folder / name / "part-0.parquet"
        path.parent.mkdir(parents=True)
        # Fixed settings (no statistics timestamps exist in Parquet): the same rows give the same bytes.
        pq.write_table(arrow_table(name, frame), path, compression="zstd")
        fsync(path)
    manifest_path = folder / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    fsync(manifest_path)


def publish(tables: dict[str, pl.DataFrame], out_dir: Path, manifest: dict) -> Path:
    """Write a complete build and swap it in atomically; returns the build's folder."""
    builds = out_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    build_id = uuid.uuid4().hex[:12]
    staging = builds / f".tmp-{build_id}"
    try:
        write_build(staging, tables, manifest)
        final = builds / build_id
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_link(out_dir / CURRENT, Path(BUILDS) / build_id)
    for name in [*tables, "manifest.json"]:
        ensure_link(out_dir / name, Path(CURRENT) / name)
    remove_old_builds(builds, keep=build_id)
    return final


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
    stale = [p for p in builds.iterdir() if p.name.startswith(".tmp-")]
    for path in old + stale:
        shutil.rmtree(path, ignore_errors=True)


def read_published(out_dir: Path, name: str) -> pl.DataFrame | None:
    """A published table, or None when none has been published yet."""
    path = out_dir / name
    return pl.read_parquet(path / "*.parquet") if path.exists() else None


def fsync(path: Path) -> None:
    """Flush a file or folder to disk, so that a rename after it never points at lost data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

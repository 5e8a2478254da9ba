"""Publishing the dataset to object storage: S3, GCS, Azure, or any fsspec URL.

Object stores have no atomic rename and no links, so the local swap of `.current` cannot
be copied as it is. Each build goes under its own prefix, `<url>/builds/<build id>/`,
uploaded whole; then one write of `<url>/current.json` names it. A reader that resolves
`current.json` first never sees a half-uploaded build:

    current = json.loads(fsspec.open(f"{url}/current.json").open().read())["build"]
    pl.read_parquet(f"{url}/{current}/documents/")

A batch that the previous remote build holds unchanged (the same manifest entry:
fingerprint and rows) is copied inside the store (server-side on S3 and GCS) instead of
being uploaded again. The new build and the one before it are kept, so a reader that
resolved the previous pointer can finish.
"""

from __future__ import annotations

import json
from pathlib import Path

import fsspec

from pipeline.core.publish import BATCH_PREFIX, CURRENT, MANIFEST, read_manifest
from schemas import TABLES

POINTER = "current.json"
BUILDS = "builds"


def mirror_dataset(out_dir: Path, url: str) -> str:
    """Upload the dataset published in `out_dir` to `url` and point `url/current.json` at it.

    Returns the build's prefix relative to `url` (`builds/<id>`). Mirroring the same build
    again does nothing.
    """
    local = (out_dir / CURRENT).resolve()
    if not (local / MANIFEST).is_file():
        raise FileNotFoundError(f"no published dataset in {out_dir}: run `make build` first")
    fs, root = fsspec.core.url_to_fs(url)
    root = root.rstrip("/")
    build = f"{BUILDS}/{local.name}"
    previous = json.loads(fs.cat_file(f"{root}/{POINTER}"))["build"] if fs.exists(f"{root}/{POINTER}") else None
    if previous == build:
        return build
    unchanged = unchanged_batches(read_manifest(local), remote_manifest(fs, root, previous))
    for table in TABLES:
        for folder in sorted(p for p in (local / table).iterdir() if p.name.startswith(BATCH_PREFIX)):
            batch = folder.name.removeprefix(BATCH_PREFIX)
            for file in sorted(folder.iterdir()):
                target = f"{root}/{build}/{table}/{folder.name}/{file.name}"
                source = f"{root}/{previous}/{table}/{folder.name}/{file.name}"
                fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
                if batch in unchanged and fs.exists(source):
                    fs.copy(source, target)
                else:
                    fs.put_file(str(file), target)
    fs.put_file(str(local / MANIFEST), f"{root}/{build}/{MANIFEST}")
    # The single write that makes the new build the one readers see.
    fs.pipe_file(f"{root}/{POINTER}", json.dumps({"build": build}).encode())
    remove_old_builds(fs, root, keep={build, previous})
    return build


def remote_manifest(fs, root: str, build: str | None) -> dict:
    path = f"{root}/{build}/{MANIFEST}"
    return json.loads(fs.cat_file(path)) if build and fs.exists(path) else {}


def unchanged_batches(manifest: dict, previous: dict) -> set[str]:
    """Batches whose manifest entry (fingerprint, rows) is the same in both builds."""
    old = previous.get("batches", {})
    return {key for key, entry in manifest.get("batches", {}).items() if old.get(key) == entry}


def remove_old_builds(fs, root: str, keep: set[str | None]) -> None:
    """Delete the remote builds other than `keep` (the new one and the one before it)."""
    keep = {b for b in keep if b}
    if not fs.exists(f"{root}/{BUILDS}"):
        return
    for path in fs.ls(f"{root}/{BUILDS}", detail=False):
        name = f"{BUILDS}/{path.rstrip('/').rsplit('/', 1)[-1]}"
        if name not in keep:
            fs.rm(path, recursive=True)

"""Publishing to object storage: whole builds under their own prefix, then one pointer write."""

from __future__ import annotations

import io
import json
import uuid

import fsspec
import polars as pl
import pytest

from pipeline.core import mirror, publish
from tests.test_publish import dataset


@pytest.fixture
def bucket():
    """A fresh in-memory object store (fsspec's memory filesystem), like an S3 prefix."""
    url = f"memory://bucket-{uuid.uuid4().hex[:8]}/newsparts"
    yield url
    fs, root = fsspec.core.url_to_fs(url)
    if fs.exists(root):
        fs.rm(root, recursive=True)


def read_remote(url: str, table: str) -> pl.DataFrame:
    """What a reader does: resolve current.json, then read the table under that build."""
    fs, root = fsspec.core.url_to_fs(url)
    build = json.loads(fs.cat_file(f"{root}/current.json"))["build"]
    files = sorted(fs.find(f"{root}/{build}/{table}"))
    return pl.concat([pl.read_parquet(io.BytesIO(fs.cat_file(f))) for f in files])


def reasons(url: str) -> list[str]:
    return sorted(read_remote(url, "rejects").get_column("reason"))


def test_mirror_uploads_the_build_then_points_at_it(tmp_path, bucket):
    publish.publish_batch(tmp_path, "b1", dataset("one"), {"inputs": 1, "fingerprint": "f1"}, {})
    publish.publish_batch(tmp_path, "b2", dataset("two"), {"inputs": 1, "fingerprint": "f2"}, {})
    build = mirror.mirror_dataset(tmp_path, bucket)
    assert build == f"builds/{(tmp_path / publish.CURRENT).resolve().name}"
    assert reasons(bucket) == ["broken in build one", "broken in build two"]
    fs, root = fsspec.core.url_to_fs(bucket)
    manifest = json.loads(fs.cat_file(f"{root}/{build}/manifest.json"))
    assert set(manifest["batches"]) == {"b1", "b2"}
    assert mirror.mirror_dataset(tmp_path, bucket) == build  # nothing new: nothing uploaded


def test_an_unchanged_batch_is_copied_in_the_store_and_old_builds_are_pruned(tmp_path, bucket, monkeypatch):
    publish.publish_batch(tmp_path, "b1", dataset("one"), {"inputs": 1, "fingerprint": "f1"}, {})
    publish.publish_batch(tmp_path, "b2", dataset("two"), {"inputs": 1, "fingerprint": "f2"}, {})
    first = mirror.mirror_dataset(tmp_path, bucket)
    fs, root = fsspec.core.url_to_fs(bucket)
    uploaded = []
    real_put = type(fs).put_file
    monkeypatch.setattr(type(fs), "put_file", lambda self, lpath, rpath, **kw: (uploaded.append(rpath), real_put(self, lpath, rpath, **kw)))

    publish.publish_batch(tmp_path, "b2", dataset("two, again"), {"inputs": 1, "fingerprint": "f2b"}, {})
    second = mirror.mirror_dataset(tmp_path, bucket)
    assert reasons(bucket) == ["broken in build one", "broken in build two, again"]
    assert not any("/batch=b1/" in path for path in uploaded)  # b1 was copied inside the store
    assert any("/batch=b2/" in path for path in uploaded)

    publish.publish_batch(tmp_path, "b3", dataset("three"), {"inputs": 1, "fingerprint": "f3"}, {})
    third = mirror.mirror_dataset(tmp_path, bucket)
    builds = {f"builds/{p.rstrip('/').rsplit('/', 1)[-1]}" for p in fs.ls(f"{root}/builds", detail=False)}
    assert builds == {second, third} and first not in builds  # the new one and the one before


def test_mirror_without_a_published_dataset_says_what_to_do(tmp_path, bucket):
    with pytest.raises(FileNotFoundError, match="make build"):
        mirror.mirror_dataset(tmp_path, bucket)


def test_mirror_to_a_local_folder_reads_back_with_polars(tmp_path):
    out, remote = tmp_path / "out", tmp_path / "remote"
    publish.publish_batch(out, "b1", dataset("one"), {"inputs": 1, "fingerprint": "f1"}, {})
    mirror.mirror_dataset(out, f"file://{remote}")
    build = json.loads((remote / "current.json").read_text())["build"]
    assert pl.read_parquet(remote / build / "rejects/").get_column("reason").to_list() == ["broken in build one"]


def test_the_mirror_command_uploads_and_says_where(tmp_path, capsys):
    from pipeline.cli import main

    out, remote = tmp_path / "out", tmp_path / "remote"
    publish.publish_batch(out, "b1", dataset("one"), {"inputs": 1, "fingerprint": "f1"}, {})
    assert main(["mirror", str(remote), "--out", str(out)]) == 0
    assert "current.json points at it" in capsys.readouterr().out
    assert (remote / "current.json").is_file()
    assert main(["mirror", "unknownscheme://x", "--out", str(out)]) == 1

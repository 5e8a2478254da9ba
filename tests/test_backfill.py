"""Batches run concurrently through Dagster's run queue: a backfill launched through the
UI's GraphQL API, executed by the daemon, with the instance configuration the project ships.

This is the single-machine form of the cluster deployment (same code, same queue; the
run launcher differs), so it is what proves the scale-out path here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import polars as pl
import pytest

from pipeline.defs.partitions import BATCHES
from tests.conftest import ROOT, SEED

STARTUP_SECONDS = 120
BACKFILL_SECONDS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DagsterUI:
    """`dg dev` on a free loopback port, in its own process group so that it can be stopped whole."""

    def __init__(self, home: Path, pages: Path, out: Path):
        self.port = free_port()
        env = os.environ | {
            "DAGSTER_HOME": str(home),
            "NEWSPARTS_PAGES": str(pages),
            "NEWSPARTS_OUT": str(out),
            "VIRTUAL_ENV": str(ROOT / ".venv"),
        }
        self.log = open(home / "dev.log", "w")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "dg"), "dev", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def graphql(self, query: str, **variables) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/graphql",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        assert "errors" not in answer, answer
        return answer["data"]

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "dg dev exited; see dev.log"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/server_info", timeout=5)
                return
            except OSError:
                time.sleep(1)
        raise TimeoutError(f"the Dagster UI did not answer within {STARTUP_SECONDS}s")

    def stop(self) -> None:
        # Dagster's dev processes ignore SIGINT/SIGTERM when started in the background.
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def two_batches(tmp_path) -> tuple[Path, Path, Path]:
    """(Dagster home, input folder with batches day1 and day2, output folder)."""
    home, pages, out = tmp_path / "home", tmp_path / "pages", tmp_path / "out"
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "local" / "dagster.yaml", home / "dagster.yaml")
    for day in ("day1", "day2"):
        (pages / day).mkdir(parents=True)
        # Distinct bytes per batch: identical pages would be rejected as duplicates.
        (pages / day / "page.txt").write_text(SEED.read_text(encoding="utf-8") + f"\n\nFiled on {day}.\n", encoding="utf-8")
    return home, pages, out


def test_a_backfill_runs_batches_concurrently_through_the_daemon(two_batches):
    home, pages, out = two_batches
    ui = DagsterUI(home, pages, out)
    try:
        ui.wait_until_up()
        location = ui.graphql("{ workspaceOrError { ... on Workspace { locationEntries { name } } } }")
        (entry,) = location["workspaceOrError"]["locationEntries"]
        repository = {"repositoryLocationName": entry["name"], "repositoryName": "__repository__"}
        for day in ("day1", "day2"):
            added = ui.graphql(
                """mutation($repo: RepositorySelector!, $name: String!, $key: String!) {
                     addDynamicPartition(repositorySelector: $repo, partitionsDefName: $name, partitionKey: $key) {
                       __typename } }""",
                repo=repository, name=BATCHES, key=day,
            )
            assert added["addDynamicPartition"]["__typename"] == "AddDynamicPartitionSuccess"
        nodes = ui.graphql("{ assetNodes { assetKey { path } } }")["assetNodes"]
        launched = ui.graphql(
            """mutation($params: LaunchBackfillParams!) {
                 launchPartitionBackfill(backfillParams: $params) {
                   __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }""",
            params={"partitionNames": ["day1", "day2"], "assetSelection": [n["assetKey"] for n in nodes]},
        )["launchPartitionBackfill"]
        assert launched["__typename"] == "LaunchBackfillSuccess", launched
        backfill = wait_for_backfill(ui, launched["backfillId"])
    finally:
        ui.stop()

    assert backfill["status"] == "COMPLETED_SUCCESS", backfill
    first, second = sorted(backfill["runs"], key=lambda run: run["startTime"])
    assert first["status"] == second["status"] == "SUCCESS"
    assert second["startTime"] < first["endTime"], "the two batch runs did not overlap"
    documents = pl.read_parquet(out / "documents/")
    assert sorted(documents.get_column("batch")) == ["day1", "day2"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["batches"]) == ["day1", "day2"] and manifest["published"] == 2


def wait_for_backfill(ui: DagsterUI, backfill_id: str) -> dict:
    """Poll the backfill until both of its runs have finished."""
    deadline = time.monotonic() + BACKFILL_SECONDS
    while time.monotonic() < deadline:
        backfill = ui.graphql(
            """query($id: String!) { partitionBackfillOrError(backfillId: $id) {
                 ... on PartitionBackfill { status runs(limit: 10) { status startTime endTime } } } }""",
            id=backfill_id,
        )["partitionBackfillOrError"]
        runs = backfill["runs"]
        if len(runs) == 2 and all(run["status"] in ("SUCCESS", "FAILURE", "CANCELED") for run in runs):
            if backfill["status"] != "REQUESTED":
                return backfill
        time.sleep(3)
    raise TimeoutError(f"backfill {backfill_id} did not finish within {BACKFILL_SECONDS}s: {backfill}")

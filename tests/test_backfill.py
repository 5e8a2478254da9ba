"""`make dev` as an operator uses it: the UI starts, lists every asset and check, runs a
backfill of two batches concurrently through the run queue and the daemon (with the
instance configuration the project ships), and stops cleanly on Ctrl-C.

This is the single-machine form of the cluster deployment (same code, same queue; the
run launcher differs), so it is what proves the scale-out path here.
"""

from __future__ import annotations

import json
import os
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
STOP_SECONDS = 30
PAGES_PER_BATCH = 60  # about 20 s of work per run: the daemon may start the second run ~10 s after the first


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DagsterUI:
    """`make dev` on a free loopback port, in its own process group so that it can be stopped whole."""

    def __init__(self, home: Path, pages: Path, out: Path):
        self.port = free_port()
        self.log = open(home.parent / "dev.log", "w")
        self.process = subprocess.Popen(
            ["make", "dev", f"PORT={self.port}", f"DAGSTER_HOME={home}", f"PAGES={pages}", f"OUT={out}"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
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

    def stop(self) -> bool:
        """Ctrl-C, as a person would; True when every process of the UI has exited."""
        os.killpg(self.process.pid, signal.SIGINT)
        deadline = time.monotonic() + STOP_SECONDS
        try:
            self.process.wait(timeout=STOP_SECONDS)  # make exits once dg dev has
        except subprocess.TimeoutExpired:
            pass
        while time.monotonic() < deadline and group_alive(self.process.pid):
            time.sleep(0.5)  # the webserver, daemon and code server shut down after it
        self.left_running = subprocess.run(
            ["pgrep", "-a", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        clean = not group_alive(self.process.pid)
        if not clean:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.log.close()
        return clean


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


@pytest.fixture
def two_batches(tmp_path) -> tuple[Path, Path, Path]:
    """(Dagster home, input folder with batches day1 and day2, output folder)."""
    home, pages, out = tmp_path / "home", tmp_path / "pages", tmp_path / "out"
    for day in ("day1", "day2"):
        (pages / day).mkdir(parents=True)
        # Distinct bytes per page: identical pages would be rejected as duplicates. A few
        # pages per batch keep each run busy long enough for the two to overlap.
        for n in range(PAGES_PER_BATCH):
            text = SEED.read_text(encoding="utf-8") + f"\n\nFiled on {day}, copy {n}.\n"
            (pages / day / f"page{n}.txt").write_text(text, encoding="utf-8")
    return home, pages, out


def test_make_dev_lists_the_graph_runs_a_backfill_and_stops_cleanly(two_batches):
    home, pages, out = two_batches
    ui = DagsterUI(home, pages, out)
    try:
        ui.wait_until_up()
        location = ui.graphql("{ workspaceOrError { ... on Workspace { locationEntries { name } } } }")
        (entry,) = location["workspaceOrError"]["locationEntries"]
        nodes = ui.graphql(
            "{ assetNodes { assetKey { path } description isPartitioned"
            " assetChecksOrError { ... on AssetChecks { checks { name } } } } }"
        )["assetNodes"]
        repository = {"repositoryLocationName": entry["name"], "repositoryName": "__repository__"}
        for day in ("day1", "day2"):
            added = ui.graphql(
                """mutation($repo: RepositorySelector!, $name: String!, $key: String!) {
                     addDynamicPartition(repositorySelector: $repo, partitionsDefName: $name, partitionKey: $key) {
                       __typename } }""",
                repo=repository, name=BATCHES, key=day,
            )
            assert added["addDynamicPartition"]["__typename"] == "AddDynamicPartitionSuccess"
        launched = ui.graphql(
            """mutation($params: LaunchBackfillParams!) {
                 launchPartitionBackfill(backfillParams: $params) {
                   __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }""",
            params={"partitionNames": ["day1", "day2"], "assetSelection": [n["assetKey"] for n in nodes if n["isPartitioned"]]},
        )["launchPartitionBackfill"]
        assert launched["__typename"] == "LaunchBackfillSuccess", launched
        backfill = wait_for_backfill(ui, launched["backfillId"])
    finally:
        stopped_cleanly = ui.stop()

    checks = {n["assetKey"]["path"][0]: {c["name"] for c in n["assetChecksOrError"]["checks"]} for n in nodes}
    assert set(checks) == {"pages", "clean_pages", "paragraphs", "entities", "mentions", "quotes", "documents", "rejects", "dataset", "review"}
    assert all(n["description"] for n in nodes)
    assert checks["quotes"] == {"matches_contract"}
    assert checks["dataset"] == {"parents_exist", "offsets_slice_back", "every_input_once"}

    assert backfill["status"] == "COMPLETED_SUCCESS", backfill
    first, second = sorted(backfill["runs"], key=lambda run: run["startTime"])
    assert first["status"] == second["status"] == "SUCCESS"
    assert second["startTime"] < first["endTime"], f"the two batch runs did not overlap: {first} {second}"
    documents = pl.read_parquet(out / "documents/")
    assert sorted(set(documents.get_column("batch"))) == ["day1", "day2"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["batches"]) == ["day1", "day2"] and manifest["published"] == 2 * PAGES_PER_BATCH
    assert stopped_cleanly, f"make dev left processes running after Ctrl-C:\n{ui.left_running}"


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

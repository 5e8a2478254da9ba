"""Bring the published dataset up to date with the input folder, with no daemon running.

Every new or changed batch (sub-folder of the input) is materialized as one partition
run, in this process or in a forked process of its own; batches whose folder is gone
are withdrawn; unchanged batches are left alone, so a rerun with nothing new does nothing.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import dagster as dg

from pipeline.core.batches import find_batches
from pipeline.core.parallel import in_child_process
from pipeline.core.publish import CURRENT, publish_batch, published_batches, read_manifest
from pipeline.definitions import defs
from pipeline.defs.partitions import BATCHES
from pipeline.defs.resources import ParquetWorkIOManager, Settings

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


class BuildFailed(RuntimeError):
    """A batch run failed: it was not published, and the published dataset is unchanged."""


@dataclass(frozen=True)
class BatchRun:
    """What a run reported: its checks and materializations, not its data (a run's result
    holds every output frame; keeping those would grow memory with each batch)."""

    batch: str
    run_id: str
    checks: list[dg.AssetCheckEvaluation]
    materializations: dict[str, dg.AssetMaterialization]
    failures: str  # the failed steps and checks, a line each; empty when the run succeeded


@dataclass
class BuildReport:
    batches: int = 0
    built: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    runs: list[BatchRun] = field(default_factory=list)


def update_dataset(
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    full: bool = False,
    progress: Callable[[str], None] = lambda line: None,
    own_processes: bool = False,
) -> BuildReport:
    """Materialize every stale batch of `settings.pages_dir` into `settings.out_dir`.

    With `own_processes`, each run goes in a forked process of its own, as Dagster's
    daemon runs them: the memory a run leaves behind goes with it, so a build of many
    batches stays the size of one. Only for a caller that has run no polars query yet,
    such as the command line (see `in_child_process`).
    """
    batches = find_batches(settings.pages_path)
    if not batches:
        raise FileNotFoundError(f"no pages under {settings.pages_path} (.txt, .html, .htm, optionally .gz)")
    instance = instance or dg.DagsterInstance.ephemeral()
    known = set(instance.get_dynamic_partitions(BATCHES))
    instance.add_dynamic_partitions(BATCHES, [key for key in batches if key not in known])

    out_dir = settings.out_path
    current = (out_dir / CURRENT).resolve() if (out_dir / CURRENT).exists() else None
    built = read_manifest(current).get("batches", {})
    fingerprints = settings.batch_fingerprints(batches)
    stale = [key for key in batches if full or built.get(key, {}).get("fingerprint") != fingerprints[key]]
    report = BuildReport(batches=len(batches))
    resources = {"settings": settings, "io_manager": ParquetWorkIOManager(work_dir=str(out_dir / ".work"))}
    assets = defs().assets

    def run(batch: str | None) -> BatchRun:
        call = partial(run_assets, assets, resources, instance, batch)
        if not own_processes:
            return call()
        try:
            return in_child_process(call)
        except ChildProcessError as err:  # killed (out of memory?) or failed outside Dagster's steps
            return BatchRun(batch or "", "", [], {}, textwrap.indent(str(err), "  "))

    if own_processes and stale:
        settings.nlp()  # loaded once here and shared by every run's process
    total, done, started = sum(len(batches[key]) for key in stale), 0, time.perf_counter()
    for n, key in enumerate(stale, 1):
        progress(f"batch {n}/{len(stale)}: {key} ({len(batches[key])} pages)")
        batch_run = run(key)
        if batch_run.failures:
            raise BuildFailed(f"batch {key} failed and was not published; the published dataset is unchanged.\n" + batch_run.failures)
        report.runs.append(batch_run)
        report.built.append(key)
        done += len(batches[key])
        rate = done / max(time.perf_counter() - started, 1e-9)
        progress(f"  {done}/{total} pages done, {rate:.1f} pages/s")
    for key in sorted(set(published_batches(out_dir)) - set(batches)):
        progress(f"batch {key}: its folder is gone from the input, withdrawing its rows")
        publish_batch(out_dir, key, None)
        report.withdrawn.append(key)
    if report.built or report.withdrawn or not (out_dir / "review.html").exists():
        review = run(None)
        if review.failures:
            raise BuildFailed("the dataset was published, but its review page failed:\n" + review.failures)
    return report


def run_assets(assets: list, resources: dict, instance: dg.DagsterInstance, batch: str | None) -> BatchRun:
    """One run: every asset of the batch `batch`, or (None) the review page of the dataset."""
    selection = {"partition_key": batch} if batch is not None else {"selection": ["review"]}
    result = dg.materialize(
        assets, resources=resources, instance=instance, run_config=QUIET_LOGS, raise_on_error=False, **selection
    )
    return BatchRun(
        batch or "",
        result.run_id,
        result.get_asset_check_evaluations(),
        {m.asset_key.to_user_string(): m.materialization for m in result.get_asset_materialization_events()},
        "" if result.success else failures(result) or "  the run failed (no failed step or check recorded)",
    )


def failures(result: dg.ExecuteInProcessResult) -> str:
    """The failed steps and checks of a run, a line each."""
    lines = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            lines.append(f"  step {event.step_key}: {error.message.strip() if error else 'failed'}")
    for check in result.get_asset_check_evaluations():
        if not check.passed:
            lines.append(f"  check {check.asset_key.to_user_string()}/{check.check_name} failed")
    return "\n".join(lines)

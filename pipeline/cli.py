"""`python -m pipeline build`: what `make build` runs.

Runs are recorded in the Dagster instance of `DAGSTER_HOME` when it is set, so they
show in the UI like any other run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def build(pages: str | None, out: str | None, full: bool = False) -> int:
    """Bring the dataset in `out` up to date with `pages`; returns a process exit code."""
    # Settings read the environment by default, so set it before they are made.
    if pages:
        os.environ["NEWSPARTS_PAGES"] = pages
    if out:
        os.environ["NEWSPARTS_OUT"] = out
    import dagster as dg

    from pipeline.build import BuildFailed, update_dataset
    from pipeline.defs.resources import Settings

    settings = Settings()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else None
    started = time.perf_counter()
    try:
        report = update_dataset(
            settings, instance, full=full, progress=lambda line: print(line, flush=True), own_processes=True
        )
    except (FileNotFoundError, BuildFailed) as err:
        print(f"build: {err}")
        return 1
    except KeyboardInterrupt:
        print("build: interrupted; the batches published before stay published, the others were not")
        return 130
    if not report.built and not report.withdrawn:
        print(f"nothing new: all {report.batches} batches are up to date.")
    print(summary(settings.out_path, time.perf_counter() - started))
    return 0


def summary(out_dir: Path, seconds: float) -> str:
    """A few lines on the published dataset, read back from the manifest and rejects."""
    import polars as pl

    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    lines = [
        f"done in {seconds:.1f}s. The dataset: {manifest['inputs']} pages in {len(manifest['batches'])} batches, "
        f"{manifest['published']} published, {manifest['rejected']} rejected",
        "rows: " + ", ".join(f"{name} {info['rows']}" for name, info in manifest["tables"].items()),
    ]
    if manifest["rejected"]:
        reasons = pl.read_parquet(out_dir / "rejects" / "**" / "*.parquet").group_by("stage", "reason").len()
        for stage, reason, n in reasons.sort("len", "reason", descending=[True, False]).head(5).iter_rows():
            lines.append(f"  rejected at {stage} ({n}): {reason}")
    lines.append(f"tables in {out_dir}/<table>/ (see {out_dir}/manifest.json); open {out_dir}/review.html to look")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="process new or changed batches and publish the dataset")
    build_cmd.add_argument("--pages", help="input folder (default: $NEWSPARTS_PAGES or data/pages)")
    build_cmd.add_argument("--out", help="output folder (default: $NEWSPARTS_OUT or outputs)")
    build_cmd.add_argument("--full", action="store_true", help="rebuild every batch, changed or not")
    mirror_cmd = commands.add_parser("mirror", help="upload the published dataset to object storage")
    mirror_cmd.add_argument("url", nargs="?", help=f"e.g. s3://bucket/newsparts (default: ${MIRROR_SETTING})")
    mirror_cmd.add_argument("--out", help="output folder (default: $NEWSPARTS_OUT or outputs)")
    args = parser.parse_args(argv)
    if args.command == "mirror":
        return mirror(args.out, args.url)
    status = build(args.pages, args.out, args.full)
    if status == 0 and os.environ.get(MIRROR_SETTING):
        status = mirror(args.out, os.environ[MIRROR_SETTING])
    return status


MIRROR_SETTING = "NEWSPARTS_MIRROR"


def mirror(out: str | None, url: str | None) -> int:
    """Upload the published dataset to `url` (see pipeline.core.mirror); returns an exit code."""
    from pipeline.core.mirror import mirror_dataset

    url = url or os.environ.get(MIRROR_SETTING)
    if not url:
        print(f"mirror: give a URL (s3://bucket/prefix, gs://..., file://...) or set {MIRROR_SETTING}")
        return 2
    out_dir = Path(out or os.environ.get("NEWSPARTS_OUT") or "outputs")
    try:
        build = mirror_dataset(out_dir, url)
    except (FileNotFoundError, ImportError, ValueError) as err:  # ImportError: no fsspec driver for the scheme
        print(f"mirror: {err}")
        return 1
    print(f"mirrored to {url.rstrip('/')}/{build}; {url.rstrip('/')}/current.json points at it")
    return 0


if __name__ == "__main__":
    sys.exit(main())

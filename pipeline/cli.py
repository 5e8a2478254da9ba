"""`python -m pipeline build`: materialize every asset once and print what was published.

This is what `make build` runs. The run is recorded in the Dagster instance of
`DAGSTER_HOME` when it is set, so it shows in the UI like any other run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def build(pages: str | None, out: str | None) -> int:
    """Run the whole graph on `pages` into `out`; returns a process exit code."""
    # Settings read the environment when the definitions load, so set it first.
    if pages:
        os.environ["NEWSPARTS_PAGES"] = pages
    if out:
        os.environ["NEWSPARTS_OUT"] = out
    import dagster as dg

    from pipeline.definitions import defs

    definitions = defs()
    settings = definitions.resources["settings"]
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    result = dg.materialize(
        definitions.assets,
        resources=definitions.resources,
        instance=instance,
        run_config=QUIET_LOGS,
        raise_on_error=False,
    )
    seconds = time.perf_counter() - started
    if not result.success:
        print(f"build failed after {seconds:.1f}s; nothing was published and the previous dataset is unchanged.")
        for event in result.all_events:
            if event.is_step_failure:
                error = event.step_failure_data.error
                print(f"  step {event.step_key}: {error.message.strip() if error else 'failed'}")
        return 1
    print(summary(Path(settings.out_dir), seconds))
    return 0


def summary(out_dir: Path, seconds: float) -> str:
    """A few lines on what the build published, read back from the manifest and rejects."""
    import polars as pl

    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    lines = [
        f"built in {seconds:.1f}s: {manifest['inputs']} pages read, "
        f"{manifest['published']} published, {manifest['rejected']} rejected",
        "rows: " + ", ".join(f"{name} {info['rows']}" for name, info in manifest["tables"].items()),
    ]
    if manifest["rejected"]:
        reasons = pl.read_parquet(out_dir / "rejects" / "*.parquet").group_by("stage", "reason").len()
        for stage, reason, n in reasons.sort("len", "reason", descending=[True, False]).head(5).iter_rows():
            lines.append(f"  rejected at {stage} ({n}): {reason}")
    lines.append(f"tables in {out_dir}/<table>/ (see {out_dir}/manifest.json)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="process every page and publish the dataset")
    build_cmd.add_argument("--pages", help="input folder (default: $NEWSPARTS_PAGES or data/pages)")
    build_cmd.add_argument("--out", help="output folder (default: $NEWSPARTS_OUT or outputs)")
    args = parser.parse_args(argv)
    return build(args.pages, args.out)


if __name__ == "__main__":
    sys.exit(main())

"""Watch the input folder: register new batches and run the ones that are new or changed."""

import json

import dagster as dg

from pipeline.defs.partitions import BATCHES, batches
from pipeline.defs.resources import Settings


@dg.sensor(
    target=dg.AssetSelection.groups("newsparts"),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,  # turn it on in the UI (Automation) when crawls land here
)
def new_batches(context: dg.SensorEvaluationContext, settings: Settings) -> dg.SensorResult:
    """A run for each batch (sub-folder of the input folder) whose pages were added or changed."""
    if not settings.pages_path.is_dir():
        return dg.SensorResult(skip_reason=f"input folder {settings.pages_path} does not exist")
    seen = json.loads(context.cursor or "{}")
    current = settings.batch_fingerprints()
    known = set(context.instance.get_dynamic_partitions(BATCHES))
    return dg.SensorResult(
        dynamic_partitions_requests=[batches.build_add_request([key for key in current if key not in known])],
        # The run key makes each (batch, content) pair run once, even if the cursor is lost.
        run_requests=[
            dg.RunRequest(partition_key=key, run_key=f"{key}:{fingerprint}")
            for key, fingerprint in current.items()
            if seen.get(key) != fingerprint
        ],
        cursor=json.dumps(current, sort_keys=True),
    )

"""Regression floors for the cleaners on the labelled dev pages (../shared/dev/cleaning).

Runs the cleaners the pipeline uses on the four dev sets and scores them with the shared
scorer (../shared/eval/evaluate.py), as `evaluate.py cleaning` would. The floors sit a
little below the figures reached, so a change that makes cleaning worse fails here.
Skipped when the dev data is not next to the repository. Writes nothing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.core.parallel import ordered_map

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "dev" / "cleaning"
SCORER = SHARED / "eval" / "evaluate.py"

# (pages folder, gold folder, floors): body F1 for zyte, snippet F1 and field accuracies for trafilatura.
SETS = {
    "zyte text": ("zyte/pages", "zyte/gold", {"f1": 0.935}),
    "zyte html": ("zyte/html", "zyte/gold", {"f1": 0.94}),
    "trafilatura text": (
        "trafilatura/pages",
        "trafilatura/gold",
        {"snippet_f1": 0.915, "title_accuracy": 0.835, "author_accuracy": 0.755, "date_accuracy": 0.885},
    ),
    "trafilatura html": (
        "trafilatura/html",
        "trafilatura/gold",
        {"snippet_f1": 0.915, "title_accuracy": 0.83, "author_accuracy": 0.81, "date_accuracy": 0.89},
    ),
}

pytestmark = pytest.mark.skipif(
    not (DEV.is_dir() and SCORER.is_file()),
    reason=f"dev pages or scorer not found under {SHARED} (they live next to the repository)",
)


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_evaluate", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean(args: tuple[Path, Path]) -> tuple[str, str | None, dict | None]:
    """One page through the pipeline's cleaning: its body text and metadata (None when rejected)."""
    from pipeline.core.pages import read_page
    from pipeline.core.tables import clean_row

    folder, path = args
    row = clean_row(read_page(folder, path))
    name = path.name
    for suffix in (".gz", ".txt", ".html"):
        name = name.removesuffix(suffix)
    if row["reject_stage"]:
        return name, None, None
    body = "\n\n".join(p["text"] for p in row["paragraphs"] if p["kind"] == "body")
    return name, body, {"title": row["title"], "authors": row["authors"], "published": row["published"]}


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    evaluate = _scorer()
    jobs = {name: sorted(p for p in (DEV / pages).iterdir() if p.is_file()) for name, (pages, _, _) in SETS.items()}
    # The pipeline's own workers: they leave SIGTERM to its default, so none outlives its pool
    # (a bare Pool inherits the handlers Dagster's runs installed here and hung at exit once).
    results = {name: list(ordered_map(_clean, [(p.parent, p) for p in paths], 2)) for name, paths in jobs.items()}
    out = {}
    for name, (_, gold, _) in SETS.items():
        pred = {i: body for i, body, _ in results[name] if body is not None}
        meta = {i: m for i, _, m in results[name] if m is not None}
        gold_dir = DEV / gold
        out[name] = evaluate.score_bodies(gold_dir, pred) if name.startswith("zyte") else (
            evaluate.score_snippets(gold_dir, pred, meta)
        )
    return out


@pytest.mark.parametrize("name", list(SETS))
def test_dev_set_scores_stay_above_their_floors(scores, name):
    floors = SETS[name][2]
    below = {k: round(scores[name][k], 3) for k, floor in floors.items() if scores[name][k] < floor}
    assert not below, f"{name}: below the floors {floors}: {below}"

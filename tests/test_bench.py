"""The benchmark's machinery on a tiny corpus: fields and sane values, no speed thresholds
(speed is what `python -m pipeline.bench` measures, not what tests assert)."""

from __future__ import annotations

import json

import pytest

from pipeline import bench

PAGES, BATCH_SIZE = 12, 5  # three batches: 5, 5 and 2 pages


def test_the_corpus_has_distinct_pages_in_batches(tmp_path):
    texts = bench.source_texts(dev_dir=None)  # the sample pages: one text, copied
    written = bench.build_corpus(tmp_path, PAGES, BATCH_SIZE, texts)
    assert len(written) == PAGES
    assert len({path.read_bytes() for path in written}) == PAGES
    sizes = sorted(len(list(folder.iterdir())) for folder in tmp_path.iterdir())
    assert sizes == [2, 5, 5]


def test_the_corpus_is_deterministic(tmp_path):
    texts = bench.source_texts(dev_dir=None)
    first = bench.build_corpus(tmp_path / "a", 7, 3, texts)
    second = bench.build_corpus(tmp_path / "b", 7, 3, texts)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_process_tree_includes_this_process():
    import os

    tree = bench.descendants(os.getpid())
    assert tree[0] == os.getpid()
    assert bench.memory_of(os.getpid()) > 0


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> bench.BenchReport:
    return bench.run_bench(PAGES, BATCH_SIZE, tmp_path_factory.mktemp("bench"), echo=lambda line: None)


def test_the_full_build_reports_its_figures(report):
    assert report.pages == PAGES
    assert report.published + report.rejected == PAGES
    assert report.published > 0 and report.words > 0
    full = report.full
    assert full.built == ["batch-0001", "batch-0002", "batch-0003"]
    assert set(bench.STAGES) <= set(full.stages)
    assert all(seconds > 0 for seconds in full.stages.values())
    assert sum(full.stages.values()) <= full.update_seconds <= full.seconds
    assert len(full.batch_seconds) == 3
    assert 0 < full.peak_process_mb < 10_000 and 0 < full.peak_tree_mb < 10_000
    assert len(full.batch_peak_mb) == 3 and all(0 < mb <= full.peak_tree_mb for mb in full.batch_peak_mb)
    assert full.max_processes >= 1 and full.cpu_seconds > 0
    assert report.pages_per_second > 0 and report.words_per_second > 0


def test_bare_ner_runs_on_the_same_body_words(report):
    assert report.ner.words == report.words
    assert report.ner.paragraphs > 0 and report.ner.words_per_second > 0
    assert report.ratio_to_bare_ner > 0


def test_reruns_rebuild_only_what_changed(report):
    assert report.rerun.built == []
    assert report.add_one.built == [report.added_to] == ["batch-0001"]
    # Every build ran the same copy of the code, whatever was edited in the repo meanwhile.
    assert report.full.code_digest == report.rerun.code_digest == report.add_one.code_digest
    assert report.notes == []


def test_the_report_prints_and_serialises(report):
    text = bench.describe(report)
    for label in ("pages", "words/s", "peak memory", "bare spaCy NER", "rerun, nothing new", *bench.STAGES):
        assert label in text
    assert json.loads(json.dumps(bench.as_json(report)))["ratio_to_bare_ner"] > 0

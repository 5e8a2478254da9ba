"""`python -m pipeline.bench`: how fast the whole pipeline turns pages into the dataset.

    python -m pipeline.bench [--pages N] [--batch-size B] [--workdir DIR] [--keep]

1. Builds a corpus of N realistic pages (default 2,000) in batches (sub-folders) of B
   pages (default 500), from the labelled dev pages of `<repo>/../shared/dev` when that
   folder exists (read only, never copied into the repo), else from `data/pages/`.
   Every page gets a unique line, so no two pages share their bytes (identical bytes
   are rejected as duplicates by design).
2. Builds the dataset in a child process, exactly as `make build` does (the same
   `update_dataset`, a Dagster instance on disk), with a copy of the pipeline's code
   taken at the start (an edit to the code makes every batch stale, so edits made
   while the bench runs must not reach it), and measures its wall time, the peak
   memory of its process tree (spaCy workers included), its CPU time, and the seconds
   spent in each stage (the Dagster step durations, summed over batches).
3. Runs spaCy's NER alone, on one process, over the same body paragraphs: the ceiling
   a one-core pipeline could reach, to compare the end-to-end words/s with.
4. Reruns with nothing new (nothing should be rebuilt), then adds one page to one
   batch (only that batch should be rebuilt), timing both.

The work folder (default: a new folder under `<repo>/.bench/`) is removed at the end
unless `--keep` is given or it was chosen with `--workdir`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ("pipeline", "schemas")  # what the build imports from the repo, and what its code digest covers
PROJECT_FILE = "pyproject.toml"  # Dagster finds the project's defs folder through it
DEV_DIR = REPO.parent / "shared" / "dev"
SAMPLE_DIR = REPO / "data" / "pages"

DEFAULT_PAGES = 2_000
DEFAULT_BATCH_SIZE = 500
SEED = 20_260_101  # fixed: the same arguments always give the same corpus
NER_BATCH_SIZE = 256
STAGES = ("pages", "clean_pages", "paragraphs", "entities_and_mentions", "quotes", "documents", "rejects", "dataset")
BATCH_START = re.compile(r"^batch \d+/\d+:")  # the progress line `update_dataset` prints as a batch run starts
RESULT_PREFIX = "BENCH-RESULT "  # marks the child's one JSON line among its progress lines
# Reading a process's PSS makes the kernel walk its memory map (10-20 ms for a build
# process): sampled every 0.1 s it took a third of a core from the build it measured.
# Memory peaks last as long as a batch's steps, seconds at least.
MEMORY_SAMPLE_SECONDS = 1.0
RERUN_TARGET_SECONDS = 30.0
RATIO_TARGET = 1.3


# ------------------------------------------------------------------ corpus
def source_texts(dev_dir: Path | None = DEV_DIR, sample_dir: Path = SAMPLE_DIR) -> list[str]:
    """The texts the corpus is made of: the dev set's plain-text pages and PolNeAR
    articles when `dev_dir` exists, else the sample pages. Sorted, so deterministic."""
    if dev_dir is not None and dev_dir.is_dir():
        texts = [
            path.read_text(encoding="utf-8")
            for folder in ("cleaning/zyte/pages", "cleaning/trafilatura/pages")
            for path in sorted((dev_dir / folder).glob("*.txt"))
        ]
        texts += polnear_texts(dev_dir / "quotes" / "polnear-dev.jsonl")
    else:
        texts = [path.read_text(encoding="utf-8") for path in sorted(sample_dir.glob("*.txt"))]
    texts = [text for text in texts if text.strip()]
    if not texts:
        raise FileNotFoundError(f"no .txt pages in {dev_dir} or {sample_dir}")
    return texts


def polnear_texts(path: Path) -> list[str]:
    """The article texts of the PolNeAR file, one JSON record a line (none if it is missing)."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def distinct_page(text: str, index: int) -> str:
    """The page with a line of its own at the end, like a page's unique footer, so that
    every copy of a source page has distinct bytes (and so a distinct doc_id)."""
    return f"{text.rstrip()}\n\nReference {index:06d}\n"


def batch_folder(pages_dir: Path, index: int, batch_size: int) -> Path:
    """The sub-folder (batch) of the index-th page."""
    return pages_dir / f"batch-{index // batch_size + 1:04d}"


def page_path(pages_dir: Path, index: int, batch_size: int) -> Path:
    return batch_folder(pages_dir, index, batch_size) / f"page-{index:06d}.txt"


def build_corpus(pages_dir: Path, n_pages: int, batch_size: int, texts: list[str]) -> list[Path]:
    """Write `n_pages` distinct pages into batches of `batch_size`, cycling through the
    source texts in a seeded shuffled order so every batch mixes sites and languages."""
    order = list(range(len(texts)))
    random.Random(SEED).shuffle(order)
    written = []
    for index in range(n_pages):
        path = page_path(pages_dir, index, batch_size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(distinct_page(texts[order[index % len(texts)]], index), encoding="utf-8")
        written.append(path)
    return written


def add_page(pages_dir: Path, n_pages: int, batch_size: int, texts: list[str]) -> Path:
    """One more distinct page, written into the first batch (an existing one)."""
    path = batch_folder(pages_dir, 0, batch_size) / f"page-{n_pages:06d}.txt"
    path.write_text(distinct_page(texts[0], n_pages), encoding="utf-8")
    return path


# ------------------------------------------------------------------ the build, in a child process
@dataclass
class BuildRun:
    """One `update_dataset` in a child process, as measured from outside and inside."""

    seconds: float  # wall time of the child process, start-up and imports included
    update_seconds: float  # wall time of `update_dataset` alone
    startup_seconds: float  # interpreter start and imports (dagster, the pipeline)
    batches: int
    built: list[str]
    stages: dict[str, float]  # Dagster step durations, summed over the runs of this build
    batch_seconds: list[float]  # wall time per batch run (the last one with whatever follows the batches)
    code_digest: str  # the pipeline code that ran (an edit to it makes every batch stale)
    peak_tree_mb: float  # most memory the process tree held at once (PSS, sampled)
    batch_peak_mb: list[float]  # the same per batch run (the last with whatever follows): flat when memory does not grow
    peak_process_mb: float  # largest resident set of any one process of the tree
    max_processes: int  # most processes alive at once in the tree (spaCy workers)
    cpu_seconds: float  # user + system time of the whole tree

    @property
    def cores_busy(self) -> float:
        return self.cpu_seconds / self.seconds if self.seconds else 0.0


def child_main(pages_dir: str, out_dir: str) -> int:
    """The child's side: build the dataset and print one JSON line of timings."""
    started = time.perf_counter()
    import dagster as dg

    from pipeline.build import update_dataset
    from pipeline.defs.resources import Settings

    from pipeline.core.batches import code_digest

    imported = time.perf_counter()
    settings = Settings(pages_dir=pages_dir, out_dir=out_dir)
    instance = dg.DagsterInstance.get()  # on disk, as `make build` records its runs
    earlier_runs = set(instance.get_run_ids())
    marks: list[float] = []

    def progress(line: str) -> None:
        if BATCH_START.match(line):
            marks.append(time.perf_counter())
        print(line, flush=True)

    report = update_dataset(settings, instance, progress=progress, own_processes=True)  # as `make build` runs it
    finished = time.perf_counter()
    runs = [run_id for run_id in instance.get_run_ids() if run_id not in earlier_runs]
    result = {
        "startup_seconds": imported - started,
        "update_seconds": finished - imported,
        "batches": report.batches,
        "built": report.built,
        # Any edit to the pipeline's code makes every batch stale: record which code built it.
        "code_digest": code_digest(),
        "stages": stage_seconds(instance, runs),
        "batch_seconds": [end - start for start, end in zip(marks, [*marks[1:], finished])],
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


def stage_seconds(instance, run_ids: list[str]) -> dict[str, float]:
    """Seconds per step key (= stage), summed over the runs, as the instance recorded them.

    Read from the instance rather than from the results `update_dataset` returns, so every
    run it launched counts (the batch runs and any run after them), whatever it keeps.
    """
    seconds = dict.fromkeys(STAGES, 0.0)
    for run_id in run_ids:
        for step in instance.get_run_step_stats(run_id):
            if step.start_time is not None and step.end_time is not None:
                seconds[step.step_key] = seconds.get(step.step_key, 0.0) + step.end_time - step.start_time
    return seconds


def snapshot_code(to: Path) -> Path:
    """A copy of the pipeline's packages, for the child builds to import instead of the repo's."""
    for package in CODE_PACKAGES:
        shutil.copytree(REPO / package, to / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / PROJECT_FILE, to / PROJECT_FILE)
    return to


def run_build(pages_dir: Path, out_dir: Path, dagster_home: Path, code: Path, echo=print) -> BuildRun:
    """Build in a child process running the code in `code`, watching its process tree's
    memory; echo its progress lines."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    # The copy comes first on the path (the editable install's finder only comes after it).
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home), "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "pipeline.bench", "--child-build", str(pages_dir), str(out_dir)]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=code, env=env, stdout=subprocess.PIPE, text=True)
    watcher = TreeMemoryWatcher(child.pid)
    watcher.start()
    result = None
    for line in child.stdout:
        if BATCH_START.match(line):
            watcher.next_segment()
        if line.startswith(RESULT_PREFIX):
            result = json.loads(line[len(RESULT_PREFIX) :])
        else:
            echo("    " + line.rstrip())
    # wait4, not wait: its usage covers this child and the workers it reaped, nothing earlier.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    watcher.stop()
    if child.returncode != 0 or result is None:
        raise RuntimeError(f"the build failed (exit code {child.returncode}): {' '.join(command)}")
    return BuildRun(
        seconds=seconds,
        peak_tree_mb=watcher.peak_bytes / 2**20,
        batch_peak_mb=[peak / 2**20 for peak in watcher.segment_peaks[1:]],  # the first segment is start-up
        peak_process_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        max_processes=watcher.max_processes,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        **result,
    )


class TreeMemoryWatcher:
    """Samples the memory of a process and all its descendants in a background thread.

    Memory is the sum of each process's PSS (proportional set size), so pages that
    forked spaCy workers share with their parent are counted once, not once per process.
    Linux only: elsewhere the peak stays 0 and only the largest single process is known.
    """

    def __init__(self, root: int, interval: float = MEMORY_SAMPLE_SECONDS):
        self.root = root
        self.interval = interval
        self.peak_bytes = 0
        self.segment_peaks = [0]  # the peak since each `next_segment`
        self.max_processes = 0
        self._done = threading.Event()
        self._lock = threading.Lock()  # samples are taken by the watcher thread and at each new segment
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def next_segment(self) -> None:
        """Start a new segment (a batch run), sampled at once so that even a run shorter
        than the sampling interval has a peak."""
        with self._lock:
            self.segment_peaks.append(0)
        self._sample()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._done.is_set():
            self._sample()
            self._done.wait(self.interval)

    def _sample(self) -> None:
        with self._lock:
            segment = len(self.segment_peaks) - 1  # the one the sample began in
        tree = descendants(self.root)
        held = sum(memory_of(pid) for pid in tree)
        with self._lock:
            self.max_processes = max(self.max_processes, len(tree))
            self.peak_bytes = max(self.peak_bytes, held)
            self.segment_peaks[segment] = max(self.segment_peaks[segment], held)


def descendants(root: int) -> list[int]:
    """`root` and every process below it, from the parent ids in /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended meanwhile
        # The command name may contain spaces and parentheses: the fields after the last ')' are safe.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def memory_of(pid: int) -> int:
    """The PSS of a process in bytes (its resident size where PSS is unavailable), 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return resident_pages * resource.getpagesize()
    except OSError:
        return 0


# ------------------------------------------------------------------ bare spaCy NER, for comparison
@dataclass
class NerRun:
    """spaCy's NER alone on one process, over the body paragraphs of the output."""

    model: str
    paragraphs: int
    words: int
    seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def bare_ner(texts: list[str], words: int, model: str) -> NerRun:
    """Time `nlp.pipe` over the texts with only the NER loaded (model loading not timed)."""
    from pipeline.core.entities import load_ner

    nlp = load_ner(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=NER_BATCH_SIZE):
        pass
    return NerRun(model=model, paragraphs=len(texts), words=words, seconds=time.perf_counter() - started)


def body_paragraphs(out_dir: Path) -> tuple[list[str], int]:
    """The texts of the published body paragraphs, and their word count."""
    import polars as pl

    body = pl.read_parquet(out_dir / "paragraphs" / "**" / "*.parquet").filter(pl.col("kind") == "body")
    return body.get_column("text").to_list(), int(body.get_column("n_words").sum())


def dataset_counts(out_dir: Path) -> dict[str, int]:
    """Pages published and rejected, and the words of the published article bodies."""
    import polars as pl

    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    documents = pl.read_parquet(out_dir / "documents" / "**" / "*.parquet")
    return {
        "inputs": manifest["inputs"],
        "published": manifest["published"],
        "rejected": manifest["rejected"],
        "words": int(documents.get_column("n_words").sum()),
    }


# ------------------------------------------------------------------ the whole bench
@dataclass
class BenchReport:
    pages: int
    batch_size: int
    sources: int  # distinct source texts the corpus cycles through
    source_dir: str
    published: int
    rejected: int
    words: int
    full: BuildRun
    ner: NerRun
    rerun: BuildRun
    added_page: str
    added_to: str
    add_one: BuildRun
    load_average: tuple[float, float]  # 1-minute load before and after the full build: other work shares the cores
    notes: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.full.seconds

    @property
    def words_per_second(self) -> float:
        return self.words / self.full.seconds

    @property
    def ratio_to_bare_ner(self) -> float:
        """End-to-end words/s over one-process NER words/s: above 1 only with more than one core at work."""
        return self.words_per_second / self.ner.words_per_second if self.ner.words_per_second else 0.0


def run_bench(n_pages: int, batch_size: int, workdir: Path, echo=print, dev_dir: Path | None = DEV_DIR) -> BenchReport:
    """Build the corpus in `workdir`, then measure the full build, bare NER, a rerun with
    nothing new, and a rerun after one page is added to the first batch."""
    from pipeline.defs.resources import Settings

    pages_dir, out_dir, dagster_home = workdir / "pages", workdir / "out", workdir / "dagster_home"
    code = snapshot_code(workdir / "code")
    texts = source_texts(dev_dir)
    source_dir = str(dev_dir) if dev_dir is not None and dev_dir.is_dir() else str(SAMPLE_DIR)
    build_corpus(pages_dir, n_pages, batch_size, texts)
    n_batches = -(-n_pages // batch_size)
    echo(f"corpus: {n_pages} pages in {n_batches} batches of up to {batch_size}, from {len(texts)} texts in {source_dir}")

    echo("full build:")
    load_before = os.getloadavg()[0]
    full = run_build(pages_dir, out_dir, dagster_home, code, echo)
    load_after = os.getloadavg()[0]
    counts = dataset_counts(out_dir)
    notes = []
    if counts["inputs"] != n_pages:
        notes.append(f"the manifest counts {counts['inputs']} inputs, not {n_pages}")

    model = Settings(pages_dir=str(pages_dir), out_dir=str(out_dir)).spacy_model
    texts_for_ner, body_words = body_paragraphs(out_dir)
    echo(f"bare spaCy NER on {len(texts_for_ner)} body paragraphs, one process ...")
    ner = bare_ner(texts_for_ner, body_words, model)

    echo("rerun, nothing new:")
    rerun = run_build(pages_dir, out_dir, dagster_home, code, echo)
    if rerun.built:
        notes.append(f"the rerun with nothing new rebuilt {rerun.built}")

    added = add_page(pages_dir, n_pages, batch_size, texts)
    added_to = added.parent.name
    echo(f"one page added to {added_to}:")
    add_one = run_build(pages_dir, out_dir, dagster_home, code, echo)
    if add_one.built != [added_to]:
        notes.append(f"adding one page to {added_to} rebuilt {add_one.built}, not just {added_to}")

    return BenchReport(
        pages=n_pages,
        batch_size=batch_size,
        sources=len(texts),
        source_dir=source_dir,
        published=counts["published"],
        rejected=counts["rejected"],
        words=counts["words"],
        full=full,
        ner=ner,
        rerun=rerun,
        added_page=added.name,
        added_to=added_to,
        add_one=add_one,
        load_average=(load_before, load_after),
        notes=notes,
    )


# ------------------------------------------------------------------ printing
def describe(report: BenchReport) -> str:
    """The report as the lines the bench prints."""
    full = report.full
    lines = [
        "",
        f"pages        {report.pages} ({report.published} published, {report.rejected} rejected), "
        f"{-(-report.pages // report.batch_size)} batches",
        f"words        {report.words:,} (article bodies of the published pages)",
        f"code         a copy of {' and '.join(CODE_PACKAGES)} taken at the start (digest {full.code_digest})",
        f"wall time    {full.seconds:.1f} s (update_dataset {full.update_seconds:.1f} s, start-up {full.startup_seconds:.1f} s)",
        f"pages/s      {report.pages_per_second:.1f}",
        f"words/s      {report.words_per_second:,.0f}",
        f"peak memory  {full.peak_tree_mb:,.0f} MB for the process tree (PSS, up to {full.max_processes} processes: "
        "the build, its spaCy workers, Dagster's log watchers), "
        f"{full.peak_process_mb:,.0f} MB for the largest process",
        f"peak memory per batch run (MB): {', '.join(f'{mb:,.0f}' for mb in full.batch_peak_mb)}",
        f"cpu          {full.cpu_seconds:.1f} s = {full.cores_busy:.2f} cores busy on average "
        f"({len(os.sched_getaffinity(0))} available; load average {report.load_average[0]:.1f} before, "
        f"{report.load_average[1]:.1f} after)",
        "seconds per stage (summed over the build's runs):",
        *(f"  {stage:<22} {seconds:8.1f}" for stage, seconds in full.stages.items()),
        f"  {'(outside the steps)':<22} {full.update_seconds - sum(full.stages.values()):8.1f}",
        f"seconds per batch: {', '.join(f'{s:.1f}' for s in full.batch_seconds)}"
        + (f" (median {statistics.median(full.batch_seconds):.1f})" if full.batch_seconds else ""),
        "",
        f"bare spaCy NER ({report.ner.model}, 1 process, batch {NER_BATCH_SIZE}): {report.ner.paragraphs} paragraphs, "
        f"{report.ner.words:,} words in {report.ner.seconds:.1f} s = {report.ner.words_per_second:,.0f} words/s",
        f"end-to-end words/s / bare NER words/s = {report.ratio_to_bare_ner:.2f} (target >= {RATIO_TARGET})",
        "",
        f"rerun, nothing new: {report.rerun.seconds:.1f} s (target < {RERUN_TARGET_SECONDS:.0f} s), "
        f"rebuilt: {', '.join(report.rerun.built) or 'nothing'}",
        f"one page added to {report.added_to}: {report.add_one.seconds:.1f} s, "
        f"rebuilt: {', '.join(report.add_one.built) or 'nothing'}; peak memory {report.add_one.peak_tree_mb:,.0f} MB",
    ]
    lines += [f"NOTE: {note}" for note in report.notes]
    return "\n".join(lines)


def as_json(report: BenchReport) -> dict:
    """The report with its derived figures, for machines."""
    return {
        **asdict(report),
        "pages_per_second": report.pages_per_second,
        "words_per_second": report.words_per_second,
        "ner_words_per_second": report.ner.words_per_second,
        "ratio_to_bare_ner": report.ratio_to_bare_ner,
    }


# ------------------------------------------------------------------ command line
def work_folder(chosen: str | None) -> Path:
    """The folder to work in: the chosen one (it must be empty or new), or a new one under `.bench/`."""
    if chosen is None:
        (REPO / ".bench").mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=REPO / ".bench"))
    path = Path(chosen).resolve()
    if path.exists() and any(path.iterdir()):
        raise SystemExit(f"bench: {path} is not empty; give an empty or new folder")
    path.mkdir(parents=True, exist_ok=True)
    return path


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=positive, default=DEFAULT_PAGES, help=f"pages in the corpus (default {DEFAULT_PAGES})")
    parser.add_argument(
        "--batch-size", type=positive, default=DEFAULT_BATCH_SIZE, help=f"pages per batch (default {DEFAULT_BATCH_SIZE})"
    )
    parser.add_argument("--workdir", help="an empty or new folder to work in (kept); default: a new folder under .bench/")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (corpus, dataset, report.json)")
    parser.add_argument("--child-build", nargs=2, metavar=("PAGES", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_build:
        return child_main(*args.child_build)

    workdir = work_folder(args.workdir)
    print(f"working in {workdir}")
    try:
        report = run_bench(args.pages, args.batch_size, workdir)
        print(describe(report))
        (workdir / "report.json").write_text(json.dumps(as_json(report), indent=2) + "\n", encoding="utf-8")
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.keep or args.workdir:
        print(f"kept {workdir} (report.json, pages/, out/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

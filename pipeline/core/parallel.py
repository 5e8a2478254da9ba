"""Spreading CPU-bound work of a batch over the machine's cores, keeping its order."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from pipeline.core.memory import keep_freed_memory

In = TypeVar("In")
Out = TypeVar("Out")


def ordered_map(function: Callable[[In], Out], items: Iterable[In], processes: int, chunk_size: int = 16) -> Iterator[Out]:
    """`function(item)` for every item, in the items' order, over `processes` forked workers.

    Forking lets the workers share what this process has already loaded (a spaCy model)
    without loading or sending it again. With one process, or where fork does not exist,
    the work simply runs here.
    """
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(function, items)
        return
    pool = multiprocessing.get_context("fork").Pool(processes, initializer=prepare_worker)
    try:
        yield from pool.imap(function, items, chunksize=chunk_size)
        pool.close()  # all done: let the workers exit on their own
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def prepare_worker() -> None:
    """Run in each worker as it starts."""
    default_signals()
    keep_freed_memory()


def default_signals() -> None:
    """A worker stops on SIGTERM and leaves Ctrl-C to its parent: it must not inherit the
    parent's handlers (Dagster's turn SIGTERM into an exception that keeps a worker alive)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

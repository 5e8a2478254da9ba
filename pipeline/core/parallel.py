"""Spreading CPU-bound work of a batch over the machine's cores, keeping its order."""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

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


# glibc's mallopt parameters
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MAX_MMAP_THRESHOLD = 32 * 2**20  # glibc's ceiling on 64-bit


def keep_freed_memory() -> None:
    """Let a short-lived worker keep the memory it frees for its next allocation.

    By default glibc hands big freed blocks back to the system at once, and the model's
    next batch of arrays then faults in fresh zeroed pages: 8% of a NER worker's CPU time
    went to that. A worker lives for one step, so keeping its memory costs nothing more
    than its peak. Elsewhere than glibc this does nothing.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MAX_MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, 2**30)
    except (OSError, AttributeError):
        pass

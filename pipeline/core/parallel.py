"""Spreading CPU-bound work of a batch over the machine's cores, keeping its order, and
running a piece of work in a process of its own."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import pickle
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
    with inherited_objects_frozen():
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=prepare_worker)
    try:
        yield from pool.imap(function, items, chunksize=chunk_size)
        pool.close()  # all done: let the workers exit on their own
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


@contextmanager
def inherited_objects_frozen():
    """Keep the objects of this process out of the garbage collections of the children it
    forks meanwhile; afterwards this process collects them again, unless it is such a
    child itself (its inherited objects stay frozen).

    A full collection in a child visits every object it inherited, and writing their
    counts copies the pages that hold them: with a spaCy model loaded, 0.16 s and much
    of the parent's memory per collection, for objects the child never frees.
    """
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()


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


def in_child_process(function: Callable[[], Out]) -> Out:
    """`function()` run in a forked child process, its result sent back (pickled).

    Whatever the call allocates, fragments or caches ends with the child, so a long
    series of calls leaves this process as it was. The child shares what this process
    has loaded (a spaCy model) without copying it. A fork keeps only the calling thread,
    so call this only from a process that has not started a thread pool the child will
    need (polars', for one, would wait forever for its missing threads). Where fork
    does not exist, the call simply runs here. Raises ChildProcessError when the call
    raised or the child died.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return function()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_call_and_send, args=(function, sending))
    with inherited_objects_frozen():
        child.start()
    sending.close()
    outcome = None
    try:
        # Workers the child forked hold the pipe (and its sentinel) open too, so a child
        # killed while they run closes neither: ask the system whether it still lives.
        while not receiving.poll(CHILD_POLL_SECONDS) and child.is_alive():
            pass
        if receiving.poll():
            outcome = pickle.loads(receiving.recv_bytes())
    except EOFError:
        pass  # it died after all
    finally:
        receiving.close()  # a child still sending (interrupted) then fails instead of blocking
        child.join(CHILD_EXIT_SECONDS)
        if child.is_alive():
            child.kill()
            child.join()
    if outcome is None:
        raise ChildProcessError(f"the child process ended without a result (exit code {child.exitcode})")
    returned, value = outcome
    if not returned:
        raise ChildProcessError(f"the call failed in the child process:\n{value}")
    return value


CHILD_POLL_SECONDS = 1.0
CHILD_EXIT_SECONDS = 30  # after its result or an interrupt, for the child to wind down


def _call_and_send(function: Callable[[], Out], sending) -> None:
    try:
        outcome = pickle.dumps((True, function()))
    except BaseException:  # raised, or returned something that cannot be pickled
        outcome = pickle.dumps((False, traceback.format_exc()))
    sending.send_bytes(outcome)
    sending.close()

"""Spreading CPU-bound work of a batch over the machine's cores, keeping its order, and
running a piece of work in a process of its own."""

from __future__ import annotations

import gc
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
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
    forks meanwhile; this process collects them again afterwards.

    A full collection in a child visits every object it inherited, and writing their
    counts copies the pages that hold them: with a spaCy model loaded, 0.16 s and much
    of the parent's memory per collection, for objects the child never frees.
    """
    gc.freeze()
    try:
        yield
    finally:
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


def in_child_process(function: Callable[[], Out]) -> Out:
    """`function()` run in a forked child process, its result sent back (pickled).

    Whatever the call allocates, fragments or caches ends with the child, so a long
    series of calls leaves this process as it was. The child shares what this process
    has loaded (a spaCy model) without copying it. A fork keeps only the calling thread,
    so call this only from a process that has not started a thread pool the child will
    need (polars', for one, would wait forever for its missing threads). Where fork
    does not exist, the call simply runs here.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return function()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_call_and_send, args=(function, sending))
    with inherited_objects_frozen():
        child.start()
    sending.close()
    try:
        outcome = receiving.recv()
    except EOFError:
        outcome = None
    except BaseException:
        child.terminate()
        raise
    finally:
        child.join()
        receiving.close()
    if outcome is None:
        raise ChildProcessError(f"the child process ended without a result (exit code {child.exitcode})")
    returned, value = outcome
    if not returned:
        raise ChildProcessError(f"the call failed in the child process:\n{value}")
    return value


def _call_and_send(function: Callable[[], Out], sending) -> None:
    try:
        outcome = (True, function())
    except BaseException:
        outcome = (False, traceback.format_exc())
    sending.send(outcome)
    sending.close()

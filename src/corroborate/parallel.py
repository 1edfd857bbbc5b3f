"""Run one function over many items in forked worker processes, results in input order.

The pure-Python stages (extraction, cross-checking) are CPU-bound and independent per item, so
on a machine with several cores they run in a pool of forked processes. Forking shares the
loaded models and the inputs with the workers for free; only the results are pickled back.
Where fork is not available, or for too few items to repay starting workers, the map runs in
this process.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The function and items of the map under way, inherited by the forked workers.
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
# Closed pools whose workers are still exiting: joined at the next map, not while it waits.
_RETIRED: list[Any] = []


def workers(items: int, processes: int, least: int) -> int:
    """Worker processes for `items` items: all `processes` when each gets `least` or more."""
    return processes if items >= least * processes else 1


def _run(index: int) -> tuple[int, Any]:
    assert _TASK is not None
    func, items = _TASK
    return index, func(items[index])


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    processes: int,
    cost: Callable[[T], float] | None = None,
) -> Generator[R, None, None]:
    """`func` over `items`, yielded in order; in `processes` forked workers when above one.

    `cost` estimates each item's work: the costliest go first so that no worker is left
    with a big item at the end.
    """
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(func, items)
        return
    global _TASK
    while _RETIRED:
        _RETIRED.pop().join()
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else range(len(items))
    _TASK = (func, items)
    # Objects the workers inherit would otherwise be copied page by page as their collector
    # walks them (copy-on-write): frozen, the collector leaves them alone.
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(min(processes, len(items)))
    closed = False
    try:
        done: dict[int, R] = {}
        following = 0
        for index, result in pool.imap_unordered(_run, order):
            done[index] = result
            while following in done:
                yield done.pop(following)
                following += 1
        # The workers exit on their own, freeing their copy of this process's memory in
        # parallel with what comes next; the pool is joined at the next map.
        pool.close()
        _RETIRED.append(pool)
        closed = True
    finally:
        if not closed:  # stopped early or failed: stop the workers now
            pool.terminate()
        _TASK = None
        gc.unfreeze()

"""Run one function over many items on several cores, with results in input order.

The CPU-bound stages (analysis, cross-checking, extraction of large batches) are independent per
item. `fork_map` forks `processes - 1` workers and takes a share of the items itself, so no core
waits for a pool to start and one fork fewer is paid. Forking shares the loaded models and the
inputs with the workers for free; only their results are pickled back. Items are handed out one
at a time from a shared counter, costliest first, so that no process is left with a big item at
the end. Where fork is not available, or with one process, the map runs here alone.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Workers that have sent everything and are exiting: joined at the next map, not while it waits.
_RETIRED: list[Any] = []


def workers(items: int, processes: int, least: int) -> int:
    """Processes for `items` items: all `processes` when each gets `least` or more, else one."""
    return processes if items >= least * processes else 1


def reap() -> None:
    """Wait for the workers of earlier maps that are still exiting."""
    while _RETIRED:
        _RETIRED.pop().join()


def _take(counter: Any, size: int) -> int | None:
    """The next item position to work on, or None when all are taken."""
    with counter.get_lock():
        position = counter.value
        if position >= size:
            return None
        counter.value = position + 1
    return position


def _work(
    func: Callable[[Any], Any], items: Sequence[Any], order: list[int], counter: Any, out: Any
) -> None:
    """A forked worker: take items until none is left, send (index, ok, result) for each."""
    try:
        while (position := _take(counter, len(order))) is not None:
            index = order[position]
            try:
                out.put((index, True, func(items[index])))
            except BaseException as exc:  # handed to the caller, which raises it
                out.put((index, False, exc))
                return
    finally:
        out.close()
        out.join_thread()  # everything sent before the process ends


def fork_map(
    func: Callable[[T], R],
    items: Sequence[T],
    processes: int,
    cost: Callable[[T], float] | None = None,
) -> Generator[R, None, None]:
    """`func` over `items`, yielded in order, on `processes` processes (this one included).

    `cost` estimates each item's work; the costliest are taken first.
    """
    if processes <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(func, items)
        return
    reap()
    order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else list(
        range(len(items)))
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    out = context.Queue()
    # Objects the workers inherit would otherwise be copied page by page as their collector
    # walks them (copy-on-write): frozen, the collector leaves them alone.
    gc.freeze()
    started = []
    try:
        for _ in range(min(processes, len(items)) - 1):
            process = context.Process(
                target=_work, args=(func, items, order, counter, out), daemon=True
            )
            process.start()
            started.append(process)
        done: dict[int, R] = {}
        following = 0

        def receive(block: bool) -> None:
            try:
                index, ok, result = out.get(block, timeout=1.0 if block else None)
            except queue.Empty:
                if block and not any(p.is_alive() for p in started) and out.empty():
                    codes = [p.exitcode for p in started]
                    raise RuntimeError(f"workers ended without their results: {codes}") from None
                return
            if not ok:
                raise result
            done[index] = result

        while True:
            # Results waiting from the workers first, so that their queue never backs up.
            while not out.empty():
                receive(block=False)
            while following in done:
                yield done.pop(following)
                following += 1
            position = _take(counter, len(order))
            if position is not None:
                index = order[position]
                done[index] = func(items[index])
            elif following < len(items):
                receive(block=True)
            else:
                break
        _RETIRED.extend(started)
        started = []
    finally:
        for process in started:  # stopped early or failed: stop the workers now
            process.terminate()
            process.join()
        gc.unfreeze()

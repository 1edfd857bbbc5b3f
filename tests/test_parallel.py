"""fork_map: every item once, results in input order, failures raised in the caller."""

from __future__ import annotations

import os
import time

import pytest

from corroborate.parallel import fork_map, workers

CALLER = os.getpid()


def _square_with_pid(n: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough that no process can take every item before the others start
    return n * n, os.getpid()


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"cannot take {n}")
    return n


def _die_in_a_worker(n: int) -> int:
    if os.getpid() != CALLER:
        os._exit(3)  # a worker killed while holding an item
    time.sleep(1.0)  # the caller is slow, so the worker surely takes an item
    return n


def test_results_come_in_input_order_from_several_processes() -> None:
    items = list(range(60))
    results = list(fork_map(_square_with_pid, items, 3, cost=lambda n: n % 7))
    assert [r for r, _ in results] == [n * n for n in items]
    assert CALLER in {pid for _, pid in results}  # the caller takes its share


def test_one_process_runs_here() -> None:
    results = list(fork_map(_square_with_pid, [1, 2, 3], 1))
    assert results == [(1, CALLER), (4, CALLER), (9, CALLER)]


def test_a_failure_in_any_process_is_raised_in_the_caller() -> None:
    with pytest.raises(ValueError, match="cannot take 7"):
        list(fork_map(_fail_on_seven, list(range(20)), 2))


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(RuntimeError, match="without their results"):
        list(fork_map(_die_in_a_worker, [1, 2, 3], 2))


def test_workers_need_enough_items_each() -> None:
    assert workers(31, 2, 16) == 1
    assert workers(32, 2, 16) == 2

"""The one concurrency harness of the suite: calls released together by a barrier.

Every race test (row locks, unique constraints, counters) runs its calls through here.
"""

from __future__ import annotations

import contextlib
import fcntl
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db import connection

# Connections left free for everything else on the server (other tests, the worker, psql).
CONNECTION_MARGIN = 8


def free_connections(margin: int = CONNECTION_MARGIN) -> int:
    """How many more connections the PostgreSQL server accepts now, keeping ``margin`` free."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
        )
        return cursor.fetchone()[0] - margin


@contextlib.contextmanager
def one_burst_at_a_time() -> Iterator[None]:
    """Hold a lock shared by every test process on this machine (the xdist workers) while one
    burst runs: two bursts of fifty threads at once would together ask the server for more
    connections than it has, and each measured its free room before the other began."""
    path = Path(tempfile.gettempdir()) / "loket-test-concurrency.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_concurrently(
    fn: Callable[..., Any],
    calls: int | Sequence[tuple[Any, ...]],
    *,
    barrier_timeout: float = 60,
    join_timeout: float = 300,
) -> list[Any]:
    """Run ``fn`` once per call, each in its own thread, all released together by a barrier.

    ``calls`` is either a number ``n`` (then ``fn(i)`` for ``i`` in ``range(n)``) or a list of
    argument tuples (then ``fn(*args)`` for each). Every thread has its own database connection,
    closed when it ends. On PostgreSQL, when the server allows fewer connections than calls, the
    threads beyond that wait for a free slot after the barrier; bursts in other test processes
    wait until this one ends. Returns each call's result, or
    the exception it raised, in input order.
    """
    args_list = [(i,) for i in range(calls)] if isinstance(calls, int) else list(calls)
    with one_burst_at_a_time():
        return _run(fn, args_list, barrier_timeout, join_timeout)


def _run(
    fn: Callable[..., Any],
    args_list: list[tuple[Any, ...]],
    barrier_timeout: float,
    join_timeout: float,
) -> list[Any]:
    n = len(args_list)
    room = free_connections() if connection.vendor == "postgresql" else n
    slots = threading.BoundedSemaphore(max(1, min(n, room)))
    barrier = threading.Barrier(n)
    outcomes: list[Any] = [None] * n

    def runner(i: int, args: tuple[Any, ...]) -> None:
        try:
            barrier.wait(timeout=barrier_timeout)
            with slots:
                outcomes[i] = fn(*args)
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(args_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join_timeout)
    return outcomes


def split_outcomes(
    outcomes: Iterable[Any], expected: type[BaseException] | tuple[type[BaseException], ...] = ()
) -> tuple[list[Any], list[BaseException]]:
    """``(results, errors)``: ``errors`` holds the exceptions of the ``expected`` types; any
    other exception is raised here, so an unforeseen failure stops the test with its traceback."""
    results: list[Any] = []
    errors: list[BaseException] = []
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, expected):
                raise outcome
            errors.append(outcome)
        else:
            results.append(outcome)
    return results, errors


def raise_any(outcomes: Iterable[Any]) -> list[Any]:
    """The results of calls that must all succeed; the first exception among them is raised."""
    return split_outcomes(outcomes)[0]

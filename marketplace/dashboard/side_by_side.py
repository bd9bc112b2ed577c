"""Running the dashboard's independent queries at the same time.

On PostgreSQL each query gets a connection of its own and the database works on them side
by side, so the page waits for the slowest query rather than for all of them in turn. Each
runs in its own read-only transaction; the figures may differ by what changed in the few
hundred milliseconds between them, which a dashboard of a year can bear. SQLite runs them
one after the other in the caller's session (it is the embedded default, not the city).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

P = ParamSpec("P")
T = TypeVar("T")
MAX_AT_ONCE = 5


class Starter:
    """Starts ``query(session, *args)``; its result comes from the returned Future."""

    def __init__(
        self, session: Session, pool: ThreadPoolExecutor | None, prepare: Callable[[Session], None]
    ) -> None:
        self._session = session
        self._pool = pool
        self._prepare = prepare

    def __call__(
        self, query: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        if self._pool is None:
            done: Future[T] = Future()
            done.set_result(query(self._session, *args, **kwargs))
            return done
        engine = self._session.get_bind()

        def run() -> T:
            with Session(engine) as own:
                self._prepare(own)
                try:
                    return query(own, *args, **kwargs)
                finally:
                    own.rollback()

        return self._pool.submit(run)


@contextmanager
def side_by_side(session: Session, prepare: Callable[[Session], None]) -> Iterator[Starter]:
    """``with side_by_side(session, prepare) as start: future = start(query, *args)``;
    leaving the block waits for every query. ``prepare`` sets up each transaction."""
    if session.get_bind().dialect.name != "postgresql":
        prepare(session)
        yield Starter(session, None, prepare)
        return
    with ThreadPoolExecutor(max_workers=MAX_AT_ONCE, thread_name_prefix="dashboard") as pool:
        yield Starter(session, pool, prepare)

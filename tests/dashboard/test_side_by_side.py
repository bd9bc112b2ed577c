"""The dashboard's queries run side by side on PostgreSQL, one after the other on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from marketplace.dashboard.side_by_side import side_by_side

prepared: list[Session] = []


def remember(session: Session) -> None:
    prepared.append(session)


def backend(session: Session) -> object:
    """Which connection ran this; on PostgreSQL it takes a moment, so both are busy at once."""
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(text("SELECT pg_backend_pid() FROM pg_sleep(0.3)")).scalar()
    return id(session)


def test_each_query_gets_a_prepared_transaction(session: Session) -> None:
    prepared.clear()
    ours = backend(session)  # holds its connection until the test ends
    with side_by_side(session, remember) as start:
        first, second = start(backend), start(backend)
    if session.get_bind().dialect.name == "postgresql":
        assert len({first.result(), second.result(), ours}) == 3  # at once, on three
        assert len(prepared) == 2 and session not in prepared
    else:
        assert first.result() == second.result() == ours  # the caller's own session
        assert prepared == [session]


def test_a_failing_query_raises_its_error(session: Session) -> None:
    def broken(_: Session) -> None:
        raise ValueError("kapot")

    # SQLite raises at once; PostgreSQL when the result is asked for.
    with pytest.raises(ValueError, match="kapot"):
        with side_by_side(session, remember) as start:
            future = start(broken)
        future.result()

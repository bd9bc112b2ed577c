"""Lists that every request of a page needs and that rarely change, made once per process.

The filter form of the postings list offers the active categories and the wijken that have
postings now: two queries and a few hundred objects a request, for lists that change when an
admin edits a category or a posting is approved or closed. ``Memo`` keeps such a list in the
process for ``CHOICE_MEMO_SECONDS`` (60 by default; 0 switches it off) and forgets it at
once, in this process, when a flush or a bulk UPDATE / DELETE touches one of the tables it
watches. Other processes see the change within those seconds, as with the page cache.

Only plain values (strings, tuples) are kept: never ORM objects, which belong to one session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from time import monotonic
from typing import Any, TypeVar, cast

from flask import Flask, current_app
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, object_mapper

from marketplace.listeners import listen_once

T = TypeVar("T")
_EXTENSION = "choice_memo"
_MEMOS: list[Memo] = []


class Memo:
    """Values made by a function, kept per app, key and process until a watched table changes."""

    def __init__(self, name: str, watch: tuple[str, ...]) -> None:
        self.name = name
        self.tables = frozenset(watch)
        _MEMOS.append(self)

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        seconds = current_app.config.get("CHOICE_MEMO_SECONDS", 60)
        if seconds <= 0:
            return make()
        state = _state(current_app)
        kept = (self.name, key)
        found = state.fresh(kept)
        if found is not None:
            return cast(T, found[0])
        # One thread makes it; the others asking for it meanwhile wait and take that one (a
        # city's dashboard report takes seconds: eight threads making it at once starved
        # every other page). When only its seconds ran out, they take the value it replaces
        # and do not wait: nothing they know of changed.
        with state.lock:
            maker = state.makers.setdefault(kept, threading.RLock())
            expired = state.values.get(kept)
        if expired is not None and not maker.acquire(blocking=False):
            return cast(T, expired[1])
        if expired is None:
            maker.acquire()
        try:
            found = state.fresh(kept)
            if found is not None:
                return cast(T, found[0])
            with state.lock:
                generation = state.generations.get(self.name, 0)
            value = make()
            with state.lock:
                # Kept only when nothing changed while it was made (else the next request
                # makes it).
                if state.generations.get(self.name, 0) == generation:
                    state.values[kept] = (monotonic() + seconds, value)
                state.makers.pop(kept, None)
        finally:
            maker.release()
        return value


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[tuple[str, Hashable], tuple[float, Any]] = {}
        self.generations: dict[str, int] = {}
        self.makers: dict[tuple[str, Hashable], threading.RLock] = {}

    def fresh(self, kept: tuple[str, Hashable]) -> tuple[Any] | None:
        """The value kept for ``kept`` (in a 1-tuple: a value may be None), if not expired."""
        with self.lock:
            found = self.values.get(kept)
        return (found[1],) if found is not None and found[0] > monotonic() else None

    def forget(self, tables: set[str]) -> None:
        with self.lock:
            for memo in _MEMOS:
                if memo.tables & tables:
                    self.generations[memo.name] = self.generations.get(memo.name, 0) + 1
                    for key in [k for k in self.values if k[0] == memo.name]:
                        del self.values[key]


def _state(app: Flask) -> _State:
    return app.extensions[_EXTENSION]


def _forget(tables: set[str]) -> None:
    from flask import has_app_context

    if tables and has_app_context() and _EXTENSION in current_app.extensions:
        _state(current_app).forget(tables)


def _watched_tables() -> set[str]:
    return {table for memo in _MEMOS for table in memo.tables}


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    watched = _watched_tables()
    changed = {
        table.name
        for instance in (*session.new, *session.dirty, *session.deleted)
        for table in object_mapper(instance).tables
        if table.name in watched
    }
    if changed:
        _forget(changed)
        session.info.setdefault(_EXTENSION, set()).update(changed)


def _bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in _watched_tables():
        _forget({name})


def _after_commit(session: Session) -> None:
    # Forgotten once more at the commit: a list another thread made between this session's
    # flush and its commit (from what was committed before) is not kept.
    tables = session.info.pop(_EXTENSION, None)
    if tables:
        _forget(tables)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = _State()
    listen_once(Session, "after_flush", _after_flush)
    listen_once(Session, "do_orm_execute", _bulk_change)
    listen_once(Session, "after_commit", _after_commit)

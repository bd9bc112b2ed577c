"""SQLite settings for the embedded default, where web and worker write at the same time.

WAL lets readers carry on while one process writes; the busy timeout makes a writer wait
for the lock instead of failing with "database is locked"; foreign keys are off by default
in SQLite and our ON DELETE rules need them.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine

from marketplace.listeners import listen_once


def init_app(app: Flask) -> None:
    listen_once(Engine, "connect", _configure_sqlite)


def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # With WAL, NORMAL is still crash-safe for the database; it only skips an fsync per
    # commit, which the worker's many small commits (one per delivered mail) pay dearly.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

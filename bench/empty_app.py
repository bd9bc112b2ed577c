"""The set-up the page benches share: an app on an emptied database, and its run.

A given database is emptied first and after, so its name must contain "bench"; without one a
SQLite file in a new temporary folder is used.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.extensions import db


def run_on_empty_database(
    database_url: str | None, prefix: str, run: Callable[[Flask, Session], int]
) -> int:
    """``run(app, session)`` on an app whose database is emptied before and after; 2 when
    ``database_url`` names a database that is not meant for benches."""
    if database_url and "bench" not in (make_url(database_url).database or ""):
        print("The database is emptied: give one with 'bench' in its name.", file=sys.stderr)
        return 2
    tmp_dir = Path(tempfile.mkdtemp(prefix=prefix))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_dir / 'bench.db'}",
            "INSTANCE_PATH": str(tmp_dir / "instance"),
            "OUTBOX_RELAY_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_SECONDS": 0,  # time the page itself, not the anonymous page cache
            "CELERY_BROKER_URL": "memory://",
            "SMTP": None,
            "MAIL_OUTBOX_DIR": str(tmp_dir / "outbox"),
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    with quiet_security_log(), app.app_context():
        db.drop_all()
        db.create_all()
        try:
            return run(app, db.session)
        finally:
            db.session.rollback()
            db.session.remove()
            db.drop_all()


@contextmanager
def quiet_security_log() -> Iterator[None]:
    """Every page view writes security log lines; standard error need not show them during a
    bench. The level is put back afterwards: a bench run inside the tests must not silence the
    log for the tests after it."""
    logger = logging.getLogger("buurthulp.security")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def p95(sorted_times: list[float]) -> float:
    return sorted_times[max(0, round(0.95 * len(sorted_times)) - 1)]

"""Test set-up: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

Tests commit for real, as the app does, and every table is emptied after each test. That
way the outbox relay's after-commit path and a real worker process see what a test wrote;
a wrapping transaction that is rolled back would hide both.

`make test` spreads the tests over the cores with pytest-xdist (``-n auto --dist
loadgroup``). Each worker process has its own everything: its own temporary folder (so its
own SQLite file, instance folder, mail folder and SQLite broker), its own PostgreSQL
database (``<TEST_DATABASE_URL's name>_gw0``, created here and dropped at the end), its own
Redis database (the ones below TEST_REDIS_URL's), its own live server and browser on free
ports. The tests marked ``e2e`` or using the ``broker_url`` fixture also share one xdist
worker (the ``services`` group) where xdist's grouping holds, so that the two cores are not
both busy with slow worker processes at once.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import Table, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.accounts import passwords, two_factor
from marketplace.accounts.models import User
from marketplace.accounts.sessions import start_session
from marketplace.extensions import db
from marketplace.observability import logs
from marketplace.security_log import security_log_dir

# Argon2 is slow on purpose; tests hash and check hundreds of passwords.
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


# Parallel runs (pytest-xdist) ---------------------------------------------------------------

# Fixtures of tests that share one outside service (the Redis broker, real worker
# processes reading one queue, production's Redis rate-limit counters): such tests run in
# one xdist worker, one after the other.
SHARED_SERVICE_FIXTURES = {"broker_url", "celery_worker", "worker_starter", "e2e"}
_SERVER_URL = pytest.StashKey[str]()  # TEST_DATABASE_URL as given, before the worker's own


def _worker_database_url(url: str, worker: str) -> str:
    """The xdist worker's own PostgreSQL database, next to TEST_DATABASE_URL's."""
    base = make_url(url)
    return base.set(database=f"{base.database}_{worker}").render_as_string(hide_password=False)


def _recreate_database(server_url: str, url: str, drop_only: bool = False) -> None:
    name = make_url(url).database
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not drop_only:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
                # A test database need not survive a crash of the server: commits need
                # not wait for the disk (what other connections see is the same).
                connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    finally:
        admin.dispose()


def _worker_redis_url(url: str, worker: str) -> str:
    """The xdist worker's own Redis database: gw0 the one below TEST_REDIS_URL's, gw1 the
    one below that, and so on, so two workers' Celery processes never share a queue."""
    base = make_url(url)
    number = int(base.database or 0)
    own = (number - 1 - int(worker.removeprefix("gw"))) % 16
    return base.set(database=str(own)).render_as_string(hide_password=False)


def pytest_configure(config: pytest.Config) -> None:
    """In an xdist worker, point TEST_DATABASE_URL and TEST_REDIS_URL at the worker's own
    database, so every test, fixture and subprocess (Celery worker, migrations check) uses
    that one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    redis_url = os.environ.get("TEST_REDIS_URL")
    if worker and redis_url:
        os.environ["TEST_REDIS_URL"] = _worker_redis_url(redis_url, worker)
    url = os.environ.get("TEST_DATABASE_URL")
    if not (worker and url) or make_url(url).get_backend_name() != "postgresql":
        return
    own = _worker_database_url(url, worker)
    _recreate_database(url, own)
    os.environ["TEST_DATABASE_URL"] = own
    config.stash[_SERVER_URL] = url


def pytest_unconfigure(config: pytest.Config) -> None:
    server_url = config.stash.get(_SERVER_URL, None)
    if server_url:
        _recreate_database(server_url, os.environ["TEST_DATABASE_URL"], drop_only=True)
        os.environ["TEST_DATABASE_URL"] = server_url


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("e2e") or fixtures & SHARED_SERVICE_FIXTURES:
            item.add_marker(pytest.mark.xdist_group("services"))


def _database_url(tmp_dir: Path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir / 'test.db'}"


def test_config(tmp_dir: Path) -> dict[str, Any]:
    """The settings every test app uses; e2e tests reuse them for the worker process."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_dir / "instance"),
        "SQLALCHEMY_DATABASE_URI": _database_url(tmp_dir),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # No worker runs in ordinary tests: outbox rows stay pending and tests call the
        # tasks themselves. The e2e tests switch the relay on against a real broker.
        "OUTBOX_RELAY_ENABLED": False,
        # Every publish tries the broker: one test's dead broker never skips the next's.
        "OUTBOX_BROKER_BACKOFF_SECONDS": 0.0,
        # No page cache: a test sees what it just changed (tests/web_speed switch it on).
        "PAGE_CACHE_SECONDS": 0,
        "CELERY_BROKER_URL": "memory://",
        "SMTP": None,
        "MAIL_OUTBOX_DIR": str(tmp_dir / "outbox"),
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
        # A fixed Fernet key for the encrypted columns (marketplace.encryption); no file.
        "DATA_ENCRYPTION_KEYS": "b609niSKniDjSxV1zm5duKb3PotHeCYiL5UiB8qGMxQ=",
    }


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("buurthulp")
    app = create_app(test_config(tmp_dir))

    @app.before_request
    def _forget_previous_login() -> None:
        # Tests hold one app context for the whole test, so ``g`` outlives a request;
        # in production every request has its own. Drop Flask-Login's cached user.
        g.pop("_login_user", None)

    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))  # the rows pointing elsewhere first
    if db.engine.dialect.name == "postgresql":
        _empty_used_tables_postgresql(tables)
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


def _empty_used_tables_postgresql(tables: list[Table]) -> None:
    """DELETE the rows of the tables that have any, and start every id sequence a test
    used at 1 again. The same end as TRUNCATE ... RESTART IDENTITY of every table, which
    costs about half a second a test (new files for each table and index) against a few
    milliseconds for this."""
    with_rows = " UNION ALL ".join(
        f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in tables
    )
    names_with_rows = set(db.session.execute(text(with_rows)).scalars())
    for table in tables:
        if table.name in names_with_rows:
            db.session.execute(table.delete())
    used_sequences = db.session.execute(
        text(
            "SELECT sequencename FROM pg_sequences "
            "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    ).scalars()
    for sequence in list(used_sequences):
        db.session.execute(text("SELECT setval(:sequence, 1, false)"), {"sequence": sequence})


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    """Every test runs inside its app's context (and its Celery) and starts with empty
    tables and an empty security log (a test that reads "the first 2fa.passed event" must
    not find another test's, whichever order xdist runs them in)."""
    # A test that builds a second app (a config check) makes that app's Celery the current
    # one, and a task called directly (``report_overdue()``) would then run in that app's
    # context, on its empty database. Each test takes the session's app back.
    celery = app.extensions["celery"]
    celery.set_current()
    celery.set_default()
    with app.app_context():
        shutil.rmtree(security_log_dir(), ignore_errors=True)
        yield
        db.session.remove()
        _empty_all_tables()
        db.session.remove()


@pytest.fixture(autouse=True)
def _broker_backoff_forgotten(app: Flask) -> Iterator[None]:
    """A test that makes the broker fail must not make the relay skip it in the next test,
    whichever test that is (with xdist, the order of the tests differs from run to run)."""
    yield
    app.extensions["outbox"].broker_failed_at = None


@pytest.fixture(autouse=True)
def _log_handlers_forgotten() -> Iterator[None]:
    """An app built with production settings puts its log handler on the root logger, on
    the stderr pytest had captured for that test; later lines must not go to a closed file."""
    yield
    logs.uninstall()


@pytest.fixture
def session() -> Session:
    return db.session  # type: ignore[return-value]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def log_in(client: FlaskClient, user: User) -> FlaskClient:
    """Start a real server-side session for ``user`` and put its token in the client's
    session (the login form has its own tests). Someone whose role needs two-factor log-in
    gets it switched on with a random secret, as if they had set it up."""
    if two_factor.needs_setup(db.session, user):
        two_factor.enable_with_secret(db.session, user, pyotp.random_base32())
    token = start_session(db.session, user)
    db.session.commit()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = token
        flask_session["_fresh"] = True
    return client


@pytest.fixture
def csrf_enabled(app: Flask) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False

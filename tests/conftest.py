"""Test set-up: a real database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set).

Tests commit for real, as the app does, and every table is emptied after each test. That
way the outbox relay's after-commit path and a real worker process see what a test wrote;
a wrapping transaction that is rolled back would hide both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, profiles
from flask import Flask, g
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.accounts import passwords
from marketplace.accounts.models import User
from marketplace.extensions import db

# Argon2 is slow on purpose; tests hash and check hundreds of passwords.
passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


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
        "CELERY_BROKER_URL": "memory://",
        "SMTP": None,
        "MAIL_OUTBOX_DIR": str(tmp_dir / "outbox"),
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
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
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    """Every test runs inside an app context and starts with empty tables."""
    with app.app_context():
        yield
        db.session.remove()
        _empty_all_tables()
        db.session.remove()


@pytest.fixture
def session() -> Session:
    return db.session  # type: ignore[return-value]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def log_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put ``user`` in the client's session directly (the login form has its own tests)."""
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = user.get_id()
        flask_session["_fresh"] = True
    return client


@pytest.fixture
def csrf_enabled(app: Flask) -> Iterator[None]:
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False

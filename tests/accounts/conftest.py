from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from marketplace import create_app
from marketplace.extensions import db, limiter
from tests.conftest import test_config


@pytest.fixture
def rate_limited_client(app: Flask, tmp_path: Path) -> Iterator[FlaskClient]:
    """A client of a second app with rate limiting on, against the same database.

    Flask-Limiter is set up once per app, and the shared test app has it off; the limiter
    object is global, so it is switched off again afterwards.
    """
    limited = create_app(
        {
            **test_config(tmp_path),
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    # create_app made the new app's Celery app the current and default one: undo that.
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    try:
        yield limited.test_client()
    finally:
        limiter.enabled = False
        with limited.app_context():
            db.session.remove()
            db.engine.dispose()

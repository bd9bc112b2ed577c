"""The page cache switched on for the tests that need it (it is off in every other test)."""

import os
from collections.abc import Iterator

import pytest
from flask import Flask, g
from flask_babel import refresh

STORES = ["local"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture(params=STORES)
def page_cache_on(app: Flask, request: pytest.FixtureRequest) -> Iterator[None]:
    """The cache switched on as in production, in this process's store or in Redis."""
    app.config["PAGE_CACHE_SECONDS"] = 30
    app.config["PAGE_CACHE_URL"] = (
        os.environ["TEST_REDIS_URL"] if request.param == "redis" else None
    )
    app.extensions["page_cache"].clear()
    with app.test_request_context():
        from marketplace.page_cache import _store

        store = _store()
        assert store is not None
        store.next_generation()  # nothing an earlier test left behind
    yield
    app.config["PAGE_CACHE_SECONDS"] = 0
    app.config["PAGE_CACHE_URL"] = None
    app.extensions["page_cache"].clear()


def get(client, path="/oproepen/", **headers):
    # Tests share one app context: each request makes its own token and finds its language.
    g.pop("csrf_token", None)
    refresh()
    return client.get(path, headers=headers)

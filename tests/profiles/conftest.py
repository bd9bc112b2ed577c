from collections.abc import Iterator

import pytest
from flask import Flask

from marketplace.categories import ensure_default_categories


@pytest.fixture
def request_context(app: Flask) -> Iterator[None]:
    """Services that word things (Flask-Babel) need a request to know the language."""
    with app.test_request_context():
        yield


@pytest.fixture
def categories(session):
    """The default categories, by slug."""
    by_slug = {c.slug: c for c in ensure_default_categories(session)}
    session.commit()
    return by_slug

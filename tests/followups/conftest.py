from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from marketplace.timestamps import utcnow
from tests.factories import PostingFactory, ResponseFactory, person


def accepted_response(
    days_ago: float = 8, posting_fields: dict[str, Any] | None = None, **fields: Any
):
    """Help agreed ``days_ago`` days ago on a matched request."""
    posting = PostingFactory(matched=True, author=person(), **(posting_fields or {}))
    return ResponseFactory(
        posting=posting,
        responder=person(),
        accepted=True,
        decided_at=utcnow() - timedelta(days=days_ago),
        **fields,
    )


@pytest.fixture
def run_lifecycle(app: Flask) -> Callable[[str], Any]:
    import worker.lifecycle  # noqa: F401  (registers the tasks)

    celery = app.extensions["celery"]

    def run(name: str) -> Any:
        return celery.tasks[name]()

    return run

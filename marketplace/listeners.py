"""SQLAlchemy event listeners, registered from the ``init_app`` of the module that owns them.

Listeners on the ``Session`` and ``Engine`` classes are process-wide, while ``create_app``
runs many times in one process (every test app, the worker); registering through
``listen_once`` keeps each function on the list once, with no flag to reset.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event


def listen_once(target: Any, identifier: str, fn: Callable[..., Any]) -> None:
    if not event.contains(target, identifier, fn):
        event.listen(target, identifier, fn)

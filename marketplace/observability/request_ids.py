"""The request id: one per web request, carried into the log lines and the tasks it causes.

Taken from an incoming ``X-Request-ID`` (a proxy or load balancer in front may set one) when
it looks like an id, otherwise made here; always sent back in the response's
``X-Request-ID``. The worker sets the same id while it runs a task the request published
(``observability.tasks``), so ``grep <id>`` finds both sides.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar, Token

from flask import Flask, Response, request

HEADER = "X-Request-ID"
# What we accept from outside: short and plain, so nobody can write fake log fields or
# terminal escapes into our logs through the header.
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)
_TOKEN_KEY = "buurthulp.request_id_token"


def current() -> str | None:
    """The id of the request (or task) this thread is working for, if any."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


def accepted(value: str | None) -> str | None:
    """``value`` when it is a sane id, else None."""
    if value and SANE.fullmatch(value):
        return value
    return None


def bind(request_id: str | None) -> Token[str | None]:
    """Make ``request_id`` the current one; give the token to ``unbind`` afterwards."""
    return _current.set(request_id)


def unbind(token: Token[str | None]) -> None:
    try:
        _current.reset(token)
    except ValueError:  # set in another context (a generator's response): just clear it
        _current.set(None)


def _start() -> None:
    request_id = accepted(request.headers.get(HEADER)) or new_id()
    request.environ[_TOKEN_KEY] = bind(request_id)


def _answer(response: Response) -> Response:
    request_id = current()
    if request_id:
        response.headers[HEADER] = request_id
    return response


def _end(error: BaseException | None) -> None:
    token = request.environ.pop(_TOKEN_KEY, None)
    if token is not None:
        unbind(token)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_answer)
    app.teardown_request(_end)

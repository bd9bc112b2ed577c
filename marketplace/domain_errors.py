"""The base of every rule a service enforces: what the person is told, and with which status.

Each feature's errors (``<feature>/errors.py``) inherit from ``DomainError``. A view catches
the ones it answers in its own way (a message beside a form field, another page); the rest
reach ``marketplace.errors``' handler, which shows ``message`` and answers with ``status``.

An error that is no more than its words and status says them in its class statement::

    class ActivityNotFound(AgendaError, status=404, message=_l("Deze activiteit ...")): ...

the same as ``message = ...`` and ``status = ...`` in its body, where longer words go.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A rule said no. ``message`` is a (lazily) translated text for the person; ``status``
    the HTTP status when no view handles the error itself: 403 and 404 show the error page,
    anything else shows ``message`` on the page the person came from."""

    message: Any = _l("Dat lukte niet. Probeer het opnieuw.")
    status: int = 400

    def __init_subclass__(
        cls, *, message: Any = None, status: int | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if message is not None:
            cls.message = message
        if status is not None:
            cls.status = status


class FieldError(DomainError):
    """A value someone gave breaks a rule: ``field`` names the form field and ``message``
    says how to put it right, so a view can show it beside that field."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

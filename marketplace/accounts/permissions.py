"""Who may do what: decorators for views, and checks services reuse."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from marketplace.accounts.models import Role

F = TypeVar("F", bound=Callable[..., Any])


class PermissionDenied(Exception):
    """Raised by services when the acting user may not do this."""


def role_required(*roles: Role) -> Callable[[F], F]:
    """Logged in and holding one of ``roles`` (admins hold every role), else 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

"""Who may do what: decorators for views, and checks services reuse."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, redirect, url_for
from flask_login import current_user, login_required

from marketplace.accounts.models import Role, User
from marketplace.domain_errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])


class PermissionDenied(DomainError):
    """Raised by services when the acting user may not do this (a view that does not catch
    it answers 403)."""

    status = 403


class EmailNotConfirmed(PermissionDenied):
    """The user has not confirmed their e-mail address yet, so may not post or respond."""


def require_confirmed(user: User) -> None:
    """For services: only people with a confirmed address (and not blocked) take part.

    Raises EmailNotConfirmed, PermissionDenied (blocked).
    """
    if user.is_blocked:
        raise PermissionDenied
    if not user.is_email_confirmed:
        raise EmailNotConfirmed


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


def confirmed_required(view: F) -> F:
    """Logged in with a confirmed e-mail address. Anyone else who is logged in goes to a
    page that explains why and offers to send the confirmation mail again."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_email_confirmed:
            return redirect(url_for("accounts.confirmation_needed"))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]

"""Friendly error pages in the person's language; never a stack trace. Also the one way a
view tells the person that a rule said no (``flash_refusal``, ``attempt``)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from marketplace.domain_errors import DomainError
from marketplace.extensions import db
from marketplace.safe_redirect import safe_next_url
from marketplace.security_log import log_security_event

log = logging.getLogger(__name__)

# What a view returns: a page, a page with its status (422 for a form to correct), a redirect.
PageResult = str | tuple[str, int] | Response


# Refusals worth a line in the security log (ASVS 16.3): what was refused, never the path
# itself (it can hold a token; the log keeps the route pattern).
_REFUSALS = {403: "access.denied", 429: "rate.limited"}


def _user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


def _back() -> str:
    """The page the person came from, when it is a page of this site; else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return safe_next_url(None)
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next_url(path)


# What a view says when a rule says no: a flash category (the error's own message is shown),
# or its own ``(text, category)``.
Refusal = str | tuple[str, str]


def flash_refusal(error: DomainError, category: str = "error") -> None:
    """Show ``error``'s message on the next page. A 403 or 404 is not a message: it is raised
    again, and the handler below answers with the error page."""
    if error.status in (403, 404):
        raise error
    flash(str(error.message), category)


def attempt(
    action: Callable[[], object],
    success: str | Callable[[], str],
    refusals: Mapping[type[DomainError], Refusal],
) -> bool:
    """Make one service call the way views do: when it works, commit and flash ``success``
    (a callable: asked after the call, for a message about the outcome);
    when it raises an error of ``refusals`` (the most specific class counts), commit
    nothing and say what ``refusals`` gives for it. Returns whether it worked. Errors not in
    ``refusals``, and 403s and 404s, reach the handler."""
    try:
        action()
    except tuple(refusals) as error:
        refusal = next(refusals[kind] for kind in type(error).__mro__ if kind in refusals)
        if isinstance(refusal, tuple):
            flash(*refusal)
        else:
            flash_refusal(error, refusal)
        return False
    db.session.commit()
    flash(success() if callable(success) else success, "success")
    return True


def success_redirect(message: str, to: str) -> Response:
    """The end of a view whose change worked: commit it, then tell the person ``message``
    on the page ``to`` (the flash comes after the commit, so it never claims what failed)."""
    db.session.commit()
    flash(message, "success")
    return redirect(to)


def form_page(template: str, form: FlaskForm, **context: Any) -> tuple[str, int]:
    """A page with ``form`` on it, shown (again): 200 the first time, 422 when what was
    sent was refused."""
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[str, int] | Response:
        """A rule said no and the view left it to us: 403/404 show the error page, anything
        else shows the message on the page the person came from."""
        if error.status in (403, 404):
            return render_template(f"errors/{error.status}.html", error=error), error.status
        flash_refusal(error)
        return redirect(_back())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        log_security_event("csrf.failed", user_id=_user_id(), method=request.method)
        return render_template("errors/csrf.html"), 400

    @app.after_request
    def log_refusal(response: Response) -> Response:
        # After the response is made, so refusals a view renders itself count too.
        event = _REFUSALS.get(response.status_code)
        if event:
            log_security_event(event, user_id=_user_id(), method=request.method)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        template = f"errors/{code}.html" if code in (403, 404, 405, 413, 429) else "errors/4xx.html"
        return render_template(template, error=error), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):  # pragma: no cover - handled above
            return http_error(error)
        log.exception("unhandled error")
        db.session.rollback()
        return render_template("errors/500.html"), 500

"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from marketplace.geo import round_distance_km


def format_distance(km: float | None) -> str:
    """ "ca. 1,5 km": rounded on purpose, so nobody can work out an address."""
    if km is None:
        return ""
    return _("ca. %(km)s km", km=format_decimal(round_distance_km(km), format="#,##0.#"))


def url_for_page(page: int) -> str:
    """The current URL with another ``page`` query value (for pagination links)."""
    args: dict[str, Any] = dict(request.args)
    args["page"] = page
    return url_for(request.endpoint or "pages.home", **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["distance"] = format_distance
    app.jinja_env.globals["url_for_page"] = url_for_page
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {
            "help_phone": current_app.config["HELP_PHONE"],
            "current_locale": str(get_locale() or "nl"),
            "mail_files_enabled": bool(current_app.config.get("MAIL_OUTBOX_DIR")),
        }

"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from marketplace.config import development_tools_enabled
from marketplace.geo import round_distance_km
from marketplace.i18n import current_language
from marketplace.i18n import gettext as _
from marketplace.page_cache import cached_fragment
from marketplace.site_chrome import site_part


def format_distance(km: float | None) -> str:
    """ "ca. 1,5 km": rounded on purpose, so nobody can work out an address."""
    if km is None:
        return ""
    return _("ca. %(km)s km", km=_decimal(round_distance_km(km), current_language()))


@lru_cache(maxsize=512)
def _decimal(number: float, language: str) -> str:
    """Babel's number formatting, once per rounded distance and language (a list shows 20)."""
    return str(format_decimal(number, format="#,##0.#", locale=language))


# What a posting is, as a line above its title.
KIND_LABELS = {
    "request": _l("Hulpvraag"),
    "offer": _l("Hulpaanbod"),
    "vacancy": _l("Vrijwilligerswerk"),
}


def kind_label(kind: str) -> str:
    """ "Hulpvraag", "Hulpaanbod" or "Vrijwilligerswerk" for a posting's kind."""
    return str(KIND_LABELS.get(str(kind), kind))


def url_for_page(page: int) -> str:
    """The current URL with another ``page`` query value (for pagination links)."""
    args: dict[str, Any] = dict(request.args)
    args["page"] = page
    return url_for(request.endpoint or "pages.home", **(request.view_args or {}), **args)


def render_public_part(template_name: str, **context: Any) -> Markup:
    """A part of a page rendered without the context processors: it sees nobody's session,
    menu or badge (no ``current_user``), only what it is given and the page's language, so
    it may be kept for everyone (``page_cache.cached_fragment``). Saves their queries too."""
    template = current_app.jinja_env.get_template(template_name)
    return Markup(template.render(current_locale=current_language(), **context))


def kept_public_part(
    template_name: str, context: Callable[[], dict[str, Any]], vary: object = None
) -> Markup:
    """``render_public_part`` kept in the page cache (``page_cache.cached_fragment``) for
    everyone who asks with the same ``vary``; ``context`` (the part's queries) runs only
    when the part is not kept. For figures the same for every viewer who may see them."""
    return cached_fragment(
        template_name, vary, lambda: render_public_part(template_name, **context())
    )


def compile_all_templates(app: Flask) -> int:
    """Compile every template now; returns how many. gunicorn loads the app once and forks
    its workers from it (preload), so each worker, also one restarted after
    ``max_requests``, starts with them compiled instead of compiling on its first pages."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith((".html", ".txt"))]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["distance"] = format_distance
    app.jinja_env.filters["kind_label"] = kind_label
    app.jinja_env.globals["url_for_page"] = url_for_page
    app.jinja_env.globals["site_part"] = site_part
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {
            "help_phone": current_app.config["HELP_PHONE"],
            "current_locale": current_language(),
            "mail_files_enabled": development_tools_enabled(current_app.config)
            and bool(current_app.config.get("MAIL_OUTBOX_DIR")),
        }

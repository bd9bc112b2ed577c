"""The header and footer of every page, rendered once per process for each state they show.

They follow from a handful of values (the language, the text size, which menu items this
person has and the unread count) and two per-request strings (the CSRF token of the header's
forms and the page to come back to after a switch). A part is rendered with only those
values, markers standing in for the two strings, and kept by the values; each request puts
its own two strings in. The menu, its links and a few dozen translated words took a
logged-in page a fifth of its time.

A part sees no ``current_user``, only ``menu`` (``Menu``), so nothing it shows can be
missing from the key it is kept by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from marketplace.kept_renders import KeptRenders

# Stand-ins for the per-request strings; characters nobody types, and HTML escaping leaves.
CSRF_MARKER = "\u2063site-chrome-csrf\u2063"
NEXT_MARKER = "\u2063site-chrome-next\u2063"


@dataclass(frozen=True)
class Menu:
    """What decides the menu's items: who is logged in, as what, and the unread count."""

    signed_in: bool = False
    moderator: bool = False
    municipality: bool = False
    admin: bool = False
    staff: bool = False  # of an organisation
    home_visits: bool = False
    unread: int = 0


def _menu(context: Context) -> Menu:
    user = current_user
    if not user or not user.is_authenticated:
        return Menu()
    return Menu(
        signed_in=True,
        moderator=user.has_role("moderator"),
        municipality=user.has_role("municipality"),
        admin=user.has_role("admin"),
        staff=bool(user.memberships),
        home_visits=bool(context.get("has_home_visits")),
        unread=int(context.get("unread_notifications") or 0),
    )


_KEPT = KeptRenders(size=512)


@pass_context
def site_part(context: Context, template_name: str) -> Markup:
    """``template_name`` (the header, the footer or the menu's items) for this request."""
    values: dict[str, Any] = {
        "current_locale": context.get("current_locale"),
        "large_text": bool(context.get("large_text")),
        "help_phone": context.get("help_phone"),
        "mail_files_enabled": bool(context.get("mail_files_enabled")),
        "menu": _menu(context),
    }
    key = (template_name, request.script_root, *values.values())

    def render() -> Markup:
        template = current_app.jinja_env.get_template(template_name)
        return Markup(template.render(csrf_value=CSRF_MARKER, next_path=NEXT_MARKER, **values))

    html = _KEPT.get(key, render)
    if CSRF_MARKER in html:
        html = html.replace(CSRF_MARKER, escape(generate_csrf()))
    return html.replace(NEXT_MARKER, escape(request.full_path))

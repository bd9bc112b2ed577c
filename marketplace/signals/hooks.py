"""How signals plug into the rest: the municipality's dashboard shows signal figures per
wijk through the ``dashboard.sections`` slot (no import of the dashboard); the status link
mailed to a reporter without an account is made as the mail goes out (``secret_links``)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from marketplace import slots
from marketplace.extensions import db
from marketplace.notifications import secret_links
from marketplace.signals.figures import figures_per_wijk
from marketplace.signals.status_links import fill_status_link
from marketplace.templating import kept_public_part


def init_app(app: Flask) -> None:
    slots.register(app, "dashboard.sections", signal_figures)
    secret_links.register(app, fill_status_link)


def signal_figures(*, viewer: Any = None, **_: Any) -> str | None:
    """Signals per wijk: how many, the median hours to first contact, the outcomes (small
    numbers hidden: k >= 5)."""
    if viewer is None or not viewer.is_authenticated or not viewer.has_role("municipality"):
        return None
    return kept_public_part(
        "signals/_dashboard.html", lambda: {"rows": figures_per_wijk(db.session)}
    )

"""Named slots on core pages that features fill (like Indico's template hooks).

A core template leaves a place for what it does not know about:

    {{ slot("posting.details", posting=posting, viewer=current_user) }}

and a feature fills it in its ``hooks.init_app``:

    slots.register(app, "posting.details", vacancy_facts)

where ``vacancy_facts(**context)`` returns HTML (usually ``render_template`` of one of its own
templates) or ``None`` for nothing. The slot renders every filler's output in the order they
were registered. Fillers show data: they may read, never write.

The slots (and what they are given): see DEVELOPERS.md, "Events and slots".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

Filler = Callable[..., str | None]

_KEY = "slots"


def register(app: Flask, name: str, filler: Filler) -> None:
    """Have ``filler(**context)`` render into the slot ``name`` (once, however often called)."""
    fillers = app.extensions.setdefault(_KEY, {}).setdefault(name, [])
    if filler not in fillers:
        fillers.append(filler)


def render(name: str, **context: Any) -> Markup:
    """What the features registered for ``name`` made of ``context``, one after the other."""
    fillers = current_app.extensions.get(_KEY, {}).get(name, [])
    parts = (filler(**context) for filler in fillers)
    return Markup("").join(Markup(part) for part in parts if part)


def init_app(app: Flask) -> None:
    app.extensions.setdefault(_KEY, {})
    app.jinja_env.globals["slot"] = render

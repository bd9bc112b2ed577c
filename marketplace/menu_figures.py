"""The figures the menu shows a logged-in person on every page (the unread count, whether
she has open home visits), read in one query.

Each figure is a feature's: it registers a name, what a visitor gets, and how to ask it of
the person (a scalar subquery of her id) in its ``hooks.init_app``:

    menu_figures.register(app, "has_home_visits", False, an_open_visit)

Templates get every figure by its name. One statement for all of them saves a round trip a
figure on every page someone logged in sees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_request_context
from flask_login import current_user
from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.extensions import db

log = logging.getLogger(__name__)

# A figure: its value for a person, as a scalar subquery of her id (a bound parameter).
Figure = Callable[[BindParameter[int]], ColumnElement[Any]]

_KEY = "menu_figures"


class _Figures:
    def __init__(self) -> None:
        self.defaults: dict[str, Any] = {}
        self.figures: dict[str, Figure] = {}
        self.statement: Select[Any] | None = None  # built on first use, when all are known


def register(app: Flask, name: str, default: Any, figure: Figure) -> None:
    """Offer ``name`` to every template: ``default`` for visitors, else ``figure``'s value."""
    figures: _Figures = app.extensions[_KEY]
    figures.defaults[name] = default
    figures.figures[name] = figure
    figures.statement = None


def _statement(figures: _Figures) -> Select[Any]:
    statement = figures.statement
    if statement is None:
        person: BindParameter[int] = bindparam("person_id")
        columns: list[Any] = [make(person).label(name) for name, make in figures.figures.items()]
        statement = figures.statement = select(*columns)
    return statement


def _menu_figures() -> dict[str, Any]:
    figures: _Figures = current_app.extensions[_KEY]
    signed_in = has_request_context() and getattr(current_user, "is_authenticated", False)
    if not figures.figures or not signed_in:
        return dict(figures.defaults)
    try:
        row = db.session.execute(_statement(figures), {"person_id": current_user.id}).one()
    except SQLAlchemyError:  # the error page for a broken database must still render
        log.exception("could not read the menu's figures")
        db.session.rollback()
        return dict(figures.defaults)
    return {name: row._mapping[name] for name in figures.figures}


def init_app(app: Flask) -> None:
    app.extensions[_KEY] = _Figures()
    app.context_processor(_menu_figures)

"""Searching text columns for what someone typed: the one place that builds LIKE patterns."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

# The escape character in our LIKE patterns; a backslash in the text is escaped with it too.
ESCAPE = "\\"


def escape_like(text: str) -> str:
    """``text`` with LIKE's wildcards (% and _) and the escape character taken literally."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` anywhere, ignoring case; % and _ are ordinary characters.

    ILIKE on PostgreSQL; SQLAlchemy compares ``lower()`` of both sides on SQLite.
    """
    return column.ilike(f"%{escape_like(text)}%", escape=ESCAPE)

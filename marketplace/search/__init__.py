"""Searching: substring matches for short fields (``contains``) and full-text search in
Dutch for texts (``register_fulltext`` and ``matching``). DEVELOPERS.md, "Searching"."""

from __future__ import annotations

from flask import Flask

from marketplace.search import fulltext
from marketplace.search.fulltext import Match, matching, register_fulltext, reindex
from marketplace.search.like import ESCAPE, contains, escape_like

__all__ = [
    "ESCAPE",
    "Match",
    "contains",
    "escape_like",
    "matching",
    "register_fulltext",
    "reindex",
]


def init_app(app: Flask) -> None:
    fulltext.init_app()

"""URL converters shared by every blueprint."""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: on PostgreSQL at most 2**31 - 1. A larger number in a URL can
# name nothing, and handing it to the database driver raises an overflow error.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` accepts only numbers that can be a database id; others are a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter

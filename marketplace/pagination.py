"""One way to page through a list, shared by every view."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy import Select

from marketplace.extensions import db

# A page number from the query string is clamped: page=0, page=-3 and page=abc are page 1,
# and a number past any real list (page=999...9) would overflow the database's OFFSET.
MAX_PAGE = 10_000


def page_number() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query: Select[Any], total: int | None = None) -> Any:
    """The current page of ``query`` (PAGE_SIZE rows); an empty page past the end, never a 404.

    ``total``: the number of rows of ``query``, when the caller counted them already (saves
    the count query)."""
    page = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=total is None,
    )
    if total is not None:
        page.total = total
    return page

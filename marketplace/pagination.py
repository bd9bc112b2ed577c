"""One way to page through a list, shared by every view."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from marketplace.extensions import db

# A page number from the query string is clamped: page=0, page=-3 and page=abc are page 1,
# and a number past any real list (page=999...9) would overflow the database's OFFSET.
MAX_PAGE = 10_000


def page_number() -> int:
    page = request.args.get("page", 1, type=int) or 1
    return min(max(page, 1), MAX_PAGE)


def paginate(query: Select[Any], total: int | None = None) -> Any:
    """The current page of ``query`` (PAGE_SIZE rows); an empty page past the end, never a 404.

    ``total``: the number of rows of ``query``, when the caller counted them already. Else
    it is counted only when the page cannot tell: a short page that is the first or has rows
    is the end of the list (most people's suggestions, messages and notifications fit on
    one page, so their pages make one query instead of two)."""
    page = db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=False,
    )
    if total is None:
        total = _total_seen(page)
    page.total = _count(query) if total is None else total
    return page


def _total_seen(page: Any) -> int | None:
    rows = len(page.items)
    if rows < page.per_page and (rows or page.page == 1):
        return (page.page - 1) * page.per_page + rows
    return None


def _count(query: Select[Any]) -> int:
    """How many rows ``query`` has (Flask-SQLAlchemy's own count: without its ordering and
    eager loads)."""
    rows = query.options(lazyload("*")).order_by(None).subquery()
    return int(db.session.scalar(select(func.count()).select_from(rows)) or 0)

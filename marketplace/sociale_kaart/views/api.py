"""The read-only HSDS API (Open Referral's API style) and the whole data package.

``GET /api/hsds/services``: a page of services (``page``, ``per_page`` up to 100), with
``taxonomy_term_id`` (or ``taxonomy_id``) and ``search`` as filters; the answer has HSDS's
paging fields (``total_items``, ``total_pages``, ``page_number``, ``size``, ``first_page``,
``last_page``, ``empty``) and ``contents``. ``GET /api/hsds/services/<id>``: one service.
``GET /api/hsds/export.zip`` and ``/api/hsds/export.json``: every published service as a
data package. All public: the same published services the kaart shows to everyone.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Response, jsonify, request
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.pagination import MAX_PAGE
from marketplace.sociale_kaart.exporting import (
    PACKAGE_NAME,
    export_json,
    export_zip,
    service_json,
    service_loader,
)
from marketplace.sociale_kaart.finding import Filters, search_query
from marketplace.sociale_kaart.models import Attribute, Service
from marketplace.sociale_kaart.services import public_service
from marketplace.sociale_kaart.views.blueprint import bp

MAX_PER_PAGE = 100


def _number(name: str, default: int, highest: int) -> int:
    value = request.args.get(name, default, type=int) or default
    return min(max(value, 1), highest)


@bp.get("/api/hsds/services")
def api_services() -> Response:
    page = _number("page", 1, MAX_PAGE)
    per_page = _number("per_page", 20, MAX_PER_PAGE)
    filters = Filters(q=(request.args.get("search") or "").strip()[:200])
    query = search_query(filters)
    term_id = request.args.get("taxonomy_term_id") or request.args.get("taxonomy_id")
    if term_id:
        query = query.where(
            Service.id.in_(
                select(Attribute.service_id).where(Attribute.taxonomy_term_id == term_id)
            )
        )
    result = db.paginate(
        query.options(*service_loader()), page=page, per_page=per_page, error_out=False
    )
    total_pages = max(1, math.ceil((result.total or 0) / per_page))
    return jsonify(
        {
            "total_items": result.total,
            "total_pages": total_pages,
            "page_number": page,
            "size": per_page,
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not result.items,
            "contents": [service_json(service) for service in result.items],
        }
    )


@bp.get("/api/hsds/services/<service_id>")
def api_service(service_id: str) -> Any:
    return jsonify(service_json(public_service(db.session, service_id)))


@bp.get("/api/hsds/export.zip")
def export_package_zip() -> Response:
    return Response(
        export_zip(db.session),
        mimetype="application/zip",
        headers={"Content-Disposition": f"attachment; filename={PACKAGE_NAME}.zip"},
    )


@bp.get("/api/hsds/export.json")
def export_package_json() -> Response:
    response = jsonify(export_json(db.session))
    response.headers["Content-Disposition"] = f"attachment; filename={PACKAGE_NAME}.json"
    return response

"""/kaart: published postings by neighbourhood on a map, beside the list.

The list of neighbourhoods (and the link to the full list of postings with the same filters)
is the main view; the Leaflet map only adds to it and the page works when tiles or
JavaScript do not load. /kaart/punten.json gives the approximate points for the map.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.extensions import db
from marketplace.map.services import neighbourhood_points
from marketplace.postings.categories import active_categories
from marketplace.postings.forms import SearchForm
from marketplace.postings.queries import BrowseFilters

bp = Blueprint("map", __name__, url_prefix="/kaart")

FILTER_NAMES = ("q", "kind", "category")


def _filters() -> tuple[SearchForm, BrowseFilters, dict[str, Any]]:
    """The list's filters from the query string; wrong values are ignored with a message."""
    form = SearchForm(formdata=request.args)
    form.set_categories(active_categories(db.session), str(get_locale() or "nl"))
    form.validate()
    filters = BrowseFilters(
        kind=form.value("kind"), category_slug=form.value("category"), words=form.words
    )
    args: dict[str, Any] = {name: str(form[name].data) for name in FILTER_NAMES if form.value(name)}
    return form, filters, args


@bp.get("/")
def index() -> str:
    form, filters, args = _filters()
    points = neighbourhood_points(db.session, filters, date.today())
    return render_template(
        "map/index.html",
        form=form,
        points=points,
        total=sum(point.count for point in points),
        list_url=url_for("postings.index", **args),
        points_url=url_for("map.points", **args),
        tile_url=current_app.config["MAP_TILE_URL"],
        tile_attribution=current_app.config["MAP_TILE_ATTRIBUTION"],
    )


@bp.get("/punten.json")
def points() -> WerkzeugResponse:
    _form, filters, args = _filters()
    found = neighbourhood_points(db.session, filters, date.today())
    return jsonify(
        {
            "points": [
                {**point.as_json(), "list_url": url_for("postings.index", **args)}
                for point in found
            ]
        }
    )

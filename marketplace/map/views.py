"""/kaart: published postings by neighbourhood on a map, beside the list.

The list of neighbourhoods (and the link to the full list of postings with the same filters)
is the main view; the Leaflet map only adds to it and the page works when tiles or
JavaScript do not load. Tiles from another site load only after the visitor presses
"Kaart laden" (remembered in the browser); until then the map shows the points alone.
/kaart/punten.json gives the approximate points for the map.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.categories import active_category_choices
from marketplace.extensions import db
from marketplace.i18n import current_language
from marketplace.map.services import neighbourhood_points
from marketplace.page_cache import cached_page
from marketplace.postings.forms import SearchForm
from marketplace.postings.queries import BrowseFilters, neighbourhoods_with_postings
from marketplace.timestamps import local_today

bp = Blueprint("map", __name__, url_prefix="/kaart")

FILTER_NAMES = ("q", "kind", "category", "wijk")


def _filters() -> tuple[SearchForm, BrowseFilters, dict[str, Any]]:
    """The list's filters from the query string; wrong values are ignored with a message."""
    form = SearchForm(formdata=request.args)
    form.set_categories(active_category_choices(db.session, current_language()))
    form.set_neighbourhoods(neighbourhoods_with_postings(db.session, local_today()))
    form.validate()
    filters = BrowseFilters(
        kind=form.value("kind"),
        category_slug=form.value("category"),
        words=form.words,
        neighbourhood=form.value("wijk"),
    )
    args: dict[str, Any] = {name: str(form[name].data) for name in FILTER_NAMES if form.value(name)}
    return form, filters, args


@bp.get("/")
@cached_page
def index() -> str:
    form, filters, args = _filters()
    points = neighbourhood_points(db.session, filters, local_today())
    return render_template(
        "map/index.html",
        form=form,
        points=[
            (point, url_for("postings.index", **(args | {"wijk": point.neighbourhood})))
            for point in points
        ],
        total=sum(point.count for point in points),
        list_url=url_for("postings.index", **args),
        points_url=url_for("map.points", **args),
        tile_url=current_app.config["MAP_TILE_URL"],
        tile_attribution=current_app.config["MAP_TILE_ATTRIBUTION"],
        tile_host=third_party_tile_host(),
    )


def third_party_tile_host() -> str | None:
    """The other site map tiles come from, or None when this site serves them itself.

    Tiles from another site tell that site the visitor's IP address, so the map asks first.
    """
    tile_host = urlsplit(current_app.config["MAP_TILE_URL"]).hostname
    own_host = urlsplit(current_app.config["BASE_URL"]).hostname
    if not tile_host or tile_host == own_host:
        return None
    return tile_host.replace("{s}.", "")


@bp.get("/punten.json")
@cached_page
def points() -> WerkzeugResponse:
    _form, filters, args = _filters()
    found = neighbourhood_points(db.session, filters, local_today())
    return jsonify(
        {
            "points": [
                {
                    **point.as_json(),
                    "list_url": url_for("postings.index", **(args | {"wijk": point.neighbourhood})),
                }
                for point in found
            ]
        }
    )

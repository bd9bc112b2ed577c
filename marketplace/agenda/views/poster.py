"""The printable weekly poster per wijk: one A4 page with large type, the helpdesk phone
number and a short link, for the notice board in the buurthuis, library or supermarket."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.agenda.forms import KIND_LABELS
from marketplace.agenda.occurrence_pages import by_day
from marketplace.agenda.services import Filters, occurrences
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import parse_day
from marketplace.extensions import db
from marketplace.geo.postcodes import is_neighbourhood
from marketplace.timestamps import local_today


@bp.get("/<wijk>/poster")
def poster(wijk: str) -> str:
    if not is_neighbourhood(wijk):
        abort(404)
    day = parse_day(request.args.get("week")) or local_today()
    monday = day - timedelta(days=day.weekday())
    found = occurrences(db.session, monday, monday + timedelta(days=6), Filters(wijk=wijk))
    return render_template(
        "agenda/poster.html",
        wijk=wijk,
        monday=monday,
        sunday=monday + timedelta(days=6),
        days=by_day(found),
        kind_labels=KIND_LABELS,
        # Without "https://": shorter to type from paper.
        short_url=current_app.config["BASE_URL"].split("://", 1)[-1]
        + url_for("agenda_short_link", wijk=wijk),
    )


def short_link(wijk: str) -> WerkzeugResponse:
    """/w/<wijk>: short enough to type from the poster."""
    return redirect(url_for("agenda.index", wijk=wijk))


bp.record_once(
    lambda state: state.app.add_url_rule(
        "/w/<wijk>", endpoint="agenda_short_link", view_func=short_link
    )
)

"""The calendar feeds. Calendar apps cannot log in: the wijk feed is public (what is on the
public agenda anyway: no names), the personal feed needs its secret link."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, abort, current_app, render_template, url_for
from flask_login import current_user, login_required

from marketplace.agenda.feeds import feed_token, personal_feed, token_matches, wijk_feed
from marketplace.agenda.models import Activity
from marketplace.agenda.views.blueprint import bp
from marketplace.extensions import db
from marketplace.geo.postcodes import is_neighbourhood


def _ics(body: bytes, name: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def _link(activity: Activity, day: date | None = None) -> str:
    values: dict[str, Any] = {"activity_id": activity.id, "_external": True}
    if day is not None:
        values["datum"] = day.isoformat()
    return url_for("agenda.detail", **values)


@bp.get("/<wijk>.ics")
def wijk_calendar(wijk: str) -> Response:
    if not is_neighbourhood(wijk):
        abort(404)
    return _ics(wijk_feed(db.session, wijk, _link), f"wijkagenda-{wijk}")


@bp.get("/mijn/<int:user_id>-<token>.ics")
def my_calendar(user_id: int, token: str) -> Response:
    if not token_matches(current_app.config["SECRET_KEY"], user_id, token):
        abort(404)
    return _ics(personal_feed(db.session, user_id, _link), "mijn-wijkagenda")


@bp.get("/agenda-in-uw-telefoon")
@login_required
def subscribe() -> str:
    token = feed_token(current_app.config["SECRET_KEY"], current_user.id)
    return render_template(
        "agenda/subscribe.html",
        mine=url_for("agenda.my_calendar", user_id=current_user.id, token=token, _external=True),
    )

"""Finding activities: per day (vandaag, morgen, deze week) or per month, for one wijk or
the whole city, with filters; and an activity's own page.

These pages are public: an agenda is for people who do not know yet (the poster's short
link brings strangers here). They hold nothing personal: the place is public and the
contact is the one the organiser gave for the activity. Signing up and "Ga je mee?" need
a log-in (``signing_up``, ``company``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, make_response, render_template, request, url_for
from flask_login import current_user

from marketplace.agenda import photos
from marketplace.agenda.companions import offers_for
from marketplace.agenda.errors import NoSuchDate
from marketplace.agenda.forms import KIND_LABELS
from marketplace.agenda.models import ActivityKind
from marketplace.agenda.occurrence_pages import (
    PERIODS,
    by_day,
    event_data,
    month_range,
    month_weeks,
    period_range,
)
from marketplace.agenda.schedule import dates_between, occurrence
from marketplace.agenda.services import (
    Filters,
    may_edit,
    occurrences,
    signup_count,
    signup_of,
    visible_activity,
    wijken_with_activities,
)
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import parse_day, upload_root
from marketplace.extensions import db
from marketplace.geo.postcodes import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.page_cache import cached_page
from marketplace.timestamps import local_today

DISTANCES = (1, 2, 5, 10)
_FILTER_NAMES = ("wijk", "soort", "postcode", "km", "gratis", "toegankelijk", "dementie")


def _filters() -> tuple[Filters, dict[str, Any], str | None]:
    """The filters from the query string, what to show in the form, and a message about
    a postcode we do not know."""
    args = request.args
    kind = args.get("soort") or None
    if kind not in {k.value for k in ActivityKind}:
        kind = None
    wijk = args.get("wijk") or None
    postcode = (args.get("postcode") or "").strip()[:10]
    km = args.get("km", type=int) or 2
    km = km if km in DISTANCES else 2
    near, problem = None, None
    if postcode:
        try:
            place = lookup_postcode(postcode)
            near = (place.lat, place.lon, float(km))
        except (InvalidPostcode, UnknownPostcode):
            problem = "postcode"
    filters = Filters(
        wijk=wijk,
        free=bool(args.get("gratis")),
        kind=kind,
        accessible=bool(args.get("toegankelijk")),
        dementia_friendly=bool(args.get("dementie")),
        near=near,
    )
    shown = {"wijk": wijk, "kind": kind, "postcode": postcode, "km": km, "filters": filters}
    return filters, shown, problem


def _page_context(shown: dict[str, Any], problem: str | None) -> dict[str, Any]:
    return {
        **shown,
        "problem": problem,
        "wijken": wijken_with_activities(db.session),
        "kind_labels": KIND_LABELS,
        "distances": DISTANCES,
        # The filters again, for links to another period or month.
        "query": {k: v for k, v in request.args.items() if k in _FILTER_NAMES},
    }


@bp.get("/")
@cached_page
def index() -> Any:
    period = request.args.get("periode", "week")
    period = period if period in PERIODS else "week"
    filters, shown, problem = _filters()
    first, last = period_range(period, local_today())
    found = occurrences(db.session, first, last, filters)
    return render_template(
        "agenda/index.html",
        period=period,
        days=by_day(found),
        today=local_today(),
        **_page_context(shown, problem),
    )


@bp.get("/maand")
@cached_page
def month() -> Any:
    today = local_today()
    chosen = parse_day((request.args.get("maand") or "") + "-01") or today
    year, month_number = chosen.year, chosen.month
    filters, shown, problem = _filters()
    first, last = month_range(year, month_number)
    found = occurrences(db.session, first, last, filters)
    previous = date(year - 1, 12, 1) if month_number == 1 else date(year, month_number - 1, 1)
    following = date(year + 1, 1, 1) if month_number == 12 else date(year, month_number + 1, 1)
    return render_template(
        "agenda/month.html",
        first=first,
        weeks=month_weeks(year, month_number, found),
        previous=previous,
        following=following,
        today=today,
        **_page_context(shown, problem),
    )


@bp.get("/activiteit/<int:activity_id>")
def detail(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    today = local_today()
    upcoming = dates_between(activity, today, today.replace(year=today.year + 1))[:8]
    chosen = parse_day(request.args.get("datum"))
    if chosen is not None and not dates_between(activity, chosen, chosen):
        raise NoSuchDate
    day = chosen or (upcoming[0] if upcoming else activity.starts_on)
    item = occurrence(activity, day)
    url = url_for("agenda.detail", activity_id=activity.id, datum=day.isoformat(), _external=True)
    return render_template(
        "agenda/detail.html",
        activity=activity,
        item=item,
        upcoming=upcoming,
        kind_labels=KIND_LABELS,
        signup=signup_of(db.session, current_user, activity, day),
        taken=signup_count(db.session, activity, day) if activity.signup_required else 0,
        is_organiser=may_edit(db.session, current_user, activity),
        is_past=day < today,
        event=event_data(activity, item, url),
        offers=offers_for(db.session, activity),
    )


@bp.get("/activiteit/<int:activity_id>/foto/<filename>")
def photo(activity_id: int, filename: str) -> Any:
    """The activity's photo, while the activity may be seen (its name is random: a new
    photo gets a new name, so this one may be cached for long)."""
    activity = visible_activity(db.session, activity_id, current_user)
    if not activity.photo_filename or filename != activity.photo_filename:
        abort(404)
    path = photos.photo_dir(upload_root(), activity.id) / activity.photo_filename
    if not path.is_file():
        abort(404)
    response = make_response(path.read_bytes())  # at most MAX_SIDE x MAX_SIDE
    response.mimetype = "image/jpeg"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "public, max-age=604800, immutable"
    return response

"""The public kaart: search with facets, a service, the print view, the comparison.
Public on purpose: a sociale kaart is for everyone, also without an account."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user

from marketplace.accounts.models import is_any_staff
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.page_cache import cached_page
from marketplace.pagination import paginate
from marketplace.sociale_kaart import labels
from marketplace.sociale_kaart.finding import FacetValue, Filters, Found, search, search_query
from marketplace.sociale_kaart.services import (
    MAX_COMPARE,
    possibly_outdated,
    public_service,
    services_to_compare,
)
from marketplace.sociale_kaart.views.blueprint import bp
from marketplace.timestamps import local_today


def _labelled(found: Found) -> dict[str, list[FacetValue]]:
    terms = found.terms
    for key, values in found.facets.items():
        for value in values:
            if key in ("problem", "group") and value.value in terms:
                value.label = labels.term_label(terms[value.value])
            elif key in ("cost", "delivery", "setting"):
                value.label = labels.value_label(value.value)
            elif key == "language":
                value.label = labels.language_label(value.value)
    return found.facets


def _postcode_place(filters: Filters, current_user: Any) -> str | None:
    """Where to measure distance from: the postcode typed, else the profile's. Returns a
    message when the typed postcode is no good."""
    typed = (request.args.get("postcode") or "").strip()
    text = typed
    if not text and current_user.is_authenticated:
        profile = getattr(current_user, "profile", None)
        text = getattr(profile, "postcode", "") or ""
    if not text:
        return None
    try:
        place = lookup_postcode(text)
    except (InvalidPostcode, UnknownPostcode):
        return str(labels.POSTCODE_ERROR) if typed else None
    filters.lat, filters.lon = place.lat, place.lon
    return None


@bp.get("/sociale-kaart/")
@cached_page
def index() -> str:
    filters = Filters.from_args(request.args)
    postcode_error = _postcode_place(filters, current_user)
    if filters.sort == "distance" and filters.lat is None and not postcode_error:
        postcode_error = str(labels.POSTCODE_NEEDED)
    found = search(db.session, filters)  # the facets and the number found, in one go
    page = paginate(search_query(filters), total=found.total)
    # A search, not a form sent: 200 with the message beside the field, as the postings list.
    return render_template(
        "sociale_kaart/index.html",
        filters=filters,
        page=page,
        facets=_labelled(found),
        facet_titles=labels.FACET_TITLES,
        facet_params=labels.FACET_PARAMS,
        postcode=(request.args.get("postcode") or "")[:10],
        postcode_error=postcode_error,
        value_label=labels.value_label,
        term_label=labels.term_label,
        today=local_today(),
        possibly_outdated=possibly_outdated,
        max_compare=MAX_COMPARE,
    )


def _service_page(template: str, service_id: str) -> str:
    service = public_service(db.session, service_id)
    return render_template(
        template,
        service=service,
        outdated=possibly_outdated(service, local_today()),
        value_label=labels.value_label,
        term_label=labels.term_label,
        language_label=labels.language_label,
        days_label=labels.days_label,
        may_refer=current_user.is_authenticated and is_any_staff(current_user),
    )


@bp.get("/sociale-kaart/dienst/<service_id>")
@cached_page
def service(service_id: str) -> str:
    return _service_page("sociale_kaart/service.html", service_id)


@bp.get("/sociale-kaart/dienst/<service_id>/afdrukken")
def print_service(service_id: str) -> str:
    return _service_page("sociale_kaart/print.html", service_id)


@bp.get("/sociale-kaart/vergelijk")
def compare() -> str:
    services = services_to_compare(db.session, request.args.getlist("dienst"))
    today = local_today()
    return render_template(
        "sociale_kaart/compare.html",
        services=services,
        outdated={service.id: possibly_outdated(service, today) for service in services},
        too_many=len(set(request.args.getlist("dienst"))) > MAX_COMPARE,
        value_label=labels.value_label,
        term_label=labels.term_label,
        language_label=labels.language_label,
        days_label=labels.days_label,
    )

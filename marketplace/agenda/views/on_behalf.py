"""Welfare staff sign a client up, or ask "Ga je mee?" for them: the client's wijk's agenda
for the coming two weeks, with a button per date. Reached from the client's page in
intake (slot ``intake.client``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.memberships import Organisation
from marketplace.agenda.errors import AgendaError
from marketplace.agenda.forms import KIND_LABELS
from marketplace.agenda.models import Activity
from marketplace.agenda.occurrence_pages import by_day
from marketplace.agenda.on_behalf import (
    ask_company_for_client,
    cancel_client_signup,
    client_for,
    client_plans,
    sign_up_client,
)
from marketplace.agenda.services import (
    Filters,
    occurrences,
    visible_activity,
    wijken_with_activities,
)
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import COMPANY_REFUSALS, company_note, day_or_404
from marketplace.errors import attempt
from marketplace.extensions import db
from marketplace.geo.postcodes import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.timestamps import local_today

if TYPE_CHECKING:
    from marketplace.intake.models import Client

DAYS_AHEAD = 14


def _client_wijk(postcode: str, fallback: str) -> str:
    try:
        return lookup_postcode(postcode).neighbourhood or fallback
    except (InvalidPostcode, UnknownPostcode):
        return fallback


@bp.get("/voor/<int:organisation_id>/<int:client_id>")
@login_required
def for_client(organisation_id: int, client_id: int) -> Any:
    organisation, client = client_for(db.session, current_user, organisation_id, client_id)
    wijken = wijken_with_activities(db.session)
    wijk = request.args.get("wijk") or _client_wijk(client.postcode, client.neighbourhood)
    today = local_today()
    found = occurrences(db.session, today, today + timedelta(days=DAYS_AHEAD), Filters(wijk=wijk))
    signups, asked = client_plans(db.session, client, today)
    return render_template(
        "agenda/for_client.html",
        organisation=organisation,
        client=client,
        wijk=wijk,
        wijken=wijken,
        days=by_day(found),
        kind_labels=KIND_LABELS,
        signed_up={(s.activity_id, s.occurs_on) for s in signups},
        asked={(link.activity_id, link.occurs_on) for link in asked},
        signups=signups,
        asked_links=asked,
    )


def _back(organisation_id: int, client_id: int) -> Any:
    wijk = request.form.get("wijk") or None
    return redirect(
        url_for(
            "agenda.for_client", organisation_id=organisation_id, client_id=client_id, wijk=wijk
        )
    )


def _button_target(
    organisation_id: int, client_id: int, activity_id: int, day: str
) -> tuple[Organisation, Client, Activity, date]:
    """What a date's button is about: the staff member's organisation and client, the
    activity and the date (404 for a date that is no date; client_for and visible_activity
    say no to the rest)."""
    chosen = day_or_404(day)
    organisation, client = client_for(db.session, current_user, organisation_id, client_id)
    return organisation, client, visible_activity(db.session, activity_id, current_user), chosen


@bp.post("/voor/<int:organisation_id>/<int:client_id>/<int:activity_id>/<day>/aanmelden")
@login_required
def sign_up_for_client(organisation_id: int, client_id: int, activity_id: int, day: str) -> Any:
    _organisation, client, activity, chosen = _button_target(
        organisation_id, client_id, activity_id, day
    )
    attempt(
        lambda: sign_up_client(db.session, current_user, client, activity, chosen),
        _("%(name)s is aangemeld. U krijgt een dag van tevoren een herinnering.", name=client.name),
        {AgendaError: "error"},
    )
    return _back(organisation_id, client_id)


@bp.post("/voor/<int:organisation_id>/<int:client_id>/<int:activity_id>/<day>/afmelden")
@login_required
def cancel_for_client(organisation_id: int, client_id: int, activity_id: int, day: str) -> Any:
    _organisation, client, activity, chosen = _button_target(
        organisation_id, client_id, activity_id, day
    )
    attempt(
        lambda: cancel_client_signup(db.session, client, activity, chosen),
        _("%(name)s is afgemeld.", name=client.name),
        {},
    )
    return _back(organisation_id, client_id)


@bp.post("/voor/<int:organisation_id>/<int:client_id>/<int:activity_id>/<day>/ga-je-mee")
@login_required
def ask_for_client(organisation_id: int, client_id: int, activity_id: int, day: str) -> Any:
    organisation, client, activity, chosen = _button_target(
        organisation_id, client_id, activity_id, day
    )
    note = company_note()
    attempt(
        lambda: ask_company_for_client(
            db.session, current_user, organisation, client, activity, chosen, note
        ),
        _(
            "De oproep voor %(name)s gaat eerst naar een moderator. Daarna zoeken wij "
            "iemand die mee wil.",
            name=client.name,
        ),
        COMPANY_REFUSALS,
    )
    return _back(organisation_id, client_id)

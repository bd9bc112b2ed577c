""" "Ga je mee?": asking for company to one date, or offering to take someone along. Both
end on the new posting's page, which tells what happens next (the moderator, matching)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.agenda.companions import ask_company, offer_company
from marketplace.agenda.services import visible_activity
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import (
    COMPANY_REFUSALS,
    activity_page,
    company_note,
    dated_activity,
)
from marketplace.errors import attempt
from marketplace.extensions import db
from marketplace.postings.models import Posting
from marketplace.rate_limits import over_limit


def _sent() -> str:
    return _("Uw oproep gaat eerst naar een moderator. Daarna zoeken wij iemand die mee wil.")


def _limited(activity_id: int, day: str | None) -> Any:
    """Too many postings in a short time: say so on the activity's page."""
    limit = over_limit("posting")
    if limit is None:
        return None
    flash(limit, "error")
    return activity_page(activity_id, day)


def _done(made: list[Posting], activity_id: int, day: str | None) -> Any:
    if made:
        return redirect(url_for("postings.detail", posting_id=made[0].id))
    return activity_page(activity_id, day)


@bp.post("/activiteit/<int:activity_id>/<day>/ga-je-mee")
@login_required
def ask(activity_id: int, day: str) -> Any:
    activity, chosen = dated_activity(activity_id, day)
    made: list[Posting] = []
    if (limited := _limited(activity_id, day)) is not None:
        return limited
    attempt(
        lambda: made.append(
            ask_company(db.session, current_user, activity, chosen, company_note())
        ),
        _sent,
        COMPANY_REFUSALS,
    )
    return _done(made, activity_id, day)


@bp.post("/activiteit/<int:activity_id>/ik-neem-iemand-mee")
@login_required
def offer(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    made: list[Posting] = []
    if (limited := _limited(activity_id, None)) is not None:
        return limited
    attempt(
        lambda: made.append(offer_company(db.session, current_user, activity, company_note())),
        _sent,
        COMPANY_REFUSALS,
    )
    return _done(made, activity_id, None)

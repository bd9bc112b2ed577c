"""Signing up for one date of an activity, and cancelling: one click each."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.agenda.errors import AgendaError
from marketplace.agenda.services import cancel_sign_up, sign_up
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import activity_page, dated_activity
from marketplace.errors import attempt
from marketplace.extensions import db


@bp.post("/activiteit/<int:activity_id>/<day>/aanmelden")
@login_required
def sign_up_for(activity_id: int, day: str) -> Any:
    activity, chosen = dated_activity(activity_id, day)
    share = bool(request.form.get("naam_delen"))
    attempt(
        lambda: sign_up(db.session, current_user, activity, chosen, share_name=share),
        _("U bent aangemeld. U krijgt een dag van tevoren een herinnering."),
        {AgendaError: "error"},
    )
    return activity_page(activity_id, day)


@bp.post("/activiteit/<int:activity_id>/<day>/afmelden")
@login_required
def cancel(activity_id: int, day: str) -> Any:
    activity, chosen = dated_activity(activity_id, day)
    attempt(
        lambda: cancel_sign_up(db.session, current_user, activity, chosen),
        _("U bent afgemeld."),
        {},
    )
    return activity_page(activity_id, day)

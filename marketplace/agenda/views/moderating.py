"""The moderator's queue of residents' activities: approve, or reject with a reason."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.accounts.permissions import role_required
from marketplace.agenda.errors import AgendaError
from marketplace.agenda.forms import KIND_LABELS, RejectForm
from marketplace.agenda.services import (
    approve_activity,
    pending_activities,
    reject_activity,
    visible_activity,
)
from marketplace.agenda.views.blueprint import bp
from marketplace.errors import attempt, form_page
from marketplace.extensions import db


@bp.get("/beoordelen")
@role_required(Role.MODERATOR)
def queue() -> Any:
    return render_template(
        "agenda/queue.html",
        activities=pending_activities(db.session),
        kind_labels=KIND_LABELS,
        form=RejectForm(),
    )


@bp.post("/beoordelen/<int:activity_id>/goedkeuren")
@role_required(Role.MODERATOR)
def approve(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    attempt(
        lambda: approve_activity(db.session, current_user, activity),
        _("De activiteit staat in de agenda."),
        {AgendaError: "error"},
    )
    return redirect(url_for("agenda.queue"))


@bp.route("/beoordelen/<int:activity_id>/afwijzen", methods=["GET", "POST"])
@role_required(Role.MODERATOR)
def reject(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    form = RejectForm()
    if form.validate_on_submit() and attempt(
        lambda: reject_activity(db.session, current_user, activity, form.reason.data),
        _("De activiteit is afgewezen."),
        {AgendaError: "error"},
    ):
        return redirect(url_for("agenda.queue"))
    return form_page("agenda/reject.html", form, activity=activity)

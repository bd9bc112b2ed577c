"""An organisation's own figures, for its staff and admins (others get a 404)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user, login_required

from marketplace.extensions import db
from marketplace.organisations.figures import organisation_rows
from marketplace.organisations.forms import FiguresPeriodForm
from marketplace.organisations.views.blueprint import bp, manageable_or_404
from marketplace.timestamps import local_today


@bp.get("/<int:organisation_id>/cijfers")
@login_required
def figures(organisation_id: int) -> Any:
    organisation = manageable_or_404(organisation_id)
    today = local_today()
    form = FiguresPeriodForm(formdata=request.args)
    form.set_period_choices(today)
    if not form.validate():
        return render_template(
            "organisations/figures.html", organisation=organisation, form=form, period=None
        ), 422
    period = form.chosen_period(today)
    return render_template(
        "organisations/figures.html",
        organisation=organisation,
        form=form,
        period=period,
        rows=organisation_rows(db.session, organisation, period),
        viewer=current_user,
    )

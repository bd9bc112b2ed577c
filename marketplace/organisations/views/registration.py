"""Registering an organisation, one's own organisations, and admin approval."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.models import Role
from marketplace.accounts.permissions import confirmed_required, role_required
from marketplace.extensions import db
from marketplace.organisations import services
from marketplace.organisations.errors import OrganisationNotPending
from marketplace.organisations.forms import OrganisationForm, RejectOrganisationForm
from marketplace.organisations.models import Organisation
from marketplace.organisations.views.blueprint import bp
from marketplace.pagination import paginate


@bp.route("/aanmelden", methods=["GET", "POST"])
@confirmed_required
def new() -> Any:
    form = OrganisationForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("organisations/new.html", form=form), status
    data = form.organisation_data()
    organisation = services.register_organisation(db.session, current_user, data)
    db.session.commit()
    flash(
        _(
            "Bedankt. Wij kijken naar de aanmelding van %(name)s. U krijgt bericht als de "
            "organisatie is goedgekeurd.",
            name=organisation.name,
        ),
        "success",
    )
    return redirect(url_for("organisations.mine"))


@bp.get("/mijn")
@login_required
def mine() -> str:
    is_admin = current_user.has_role(Role.ADMIN)
    return render_template(
        "organisations/mine.html",
        memberships=services.user_memberships(db.session, current_user),
        pending_count=services.count_pending_organisations(db.session) if is_admin else None,
    )


@bp.get("/wachtend")
@role_required(Role.ADMIN)
def pending() -> str:
    return render_template(
        "organisations/pending.html", page=paginate(services.pending_organisations_query())
    )


@bp.post("/<int:organisation_id>/goedkeuren")
@role_required(Role.ADMIN)
def approve(organisation_id: int) -> WerkzeugResponse:
    organisation = db.get_or_404(Organisation, organisation_id)
    try:
        services.approve_organisation(db.session, current_user, organisation)
    except OrganisationNotPending:
        flash(_("Over deze organisatie is al een besluit genomen."), "info")
    else:
        db.session.commit()
        flash(_("%(name)s is goedgekeurd.", name=organisation.name), "success")
    return redirect(url_for("organisations.pending"))


@bp.route("/<int:organisation_id>/afwijzen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reject(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    form = RejectOrganisationForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "organisations/reject.html", organisation=organisation, form=form
        ), status
    try:
        services.reject_organisation(db.session, current_user, organisation, form.reason.data)
    except OrganisationNotPending:
        flash(_("Over deze organisatie is al een besluit genomen."), "info")
    else:
        db.session.commit()
        flash(_("%(name)s is afgewezen.", name=organisation.name), "success")
    return redirect(url_for("organisations.pending"))

"""Registering an organisation, one's own organisations, and admin approval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role
from marketplace.accounts.permissions import confirmed_required, role_required
from marketplace.errors import attempt, form_page, success_redirect
from marketplace.extensions import db
from marketplace.organisations import services
from marketplace.organisations.errors import OrganisationNotPending
from marketplace.organisations.forms import OrganisationForm, RejectOrganisationForm
from marketplace.organisations.views.blueprint import bp
from marketplace.pagination import paginate
from marketplace.rate_limits import over_limit


@bp.route("/aanmelden", methods=["GET", "POST"])
@confirmed_required
def new() -> Any:
    form = OrganisationForm()
    if not form.validate_on_submit():
        return form_page("organisations/new.html", form)
    if (too_many := over_limit("register")) is not None:  # each one is work for an admin
        form.form_errors.append(too_many)
        return render_template("organisations/new.html", form=form), 429
    data = form.organisation_data()
    organisation = services.register_organisation(db.session, current_user, data)
    return success_redirect(
        _(
            "Bedankt. Wij kijken naar de aanmelding van %(name)s. U krijgt bericht als de "
            "organisatie is goedgekeurd.",
            name=organisation.name,
        ),
        url_for("organisations.mine"),
    )


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
    return _decide(
        lambda: services.approve_organisation(db.session, current_user, organisation),
        _("%(name)s is goedgekeurd.", name=organisation.name),
    )


def _decide(action: Callable[[], object], success: str) -> WerkzeugResponse:
    """Approve or reject, unless another admin was first; back to the waiting list."""
    attempt(
        action,
        success,
        {OrganisationNotPending: (_("Over deze organisatie is al een besluit genomen."), "info")},
    )
    return redirect(url_for("organisations.pending"))


@bp.route("/<int:organisation_id>/afwijzen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reject(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    form = RejectOrganisationForm()
    if not form.validate_on_submit():
        return form_page("organisations/reject.html", form, organisation=organisation)
    return _decide(
        lambda: services.reject_organisation(
            db.session, current_user, organisation, form.reason.data
        ),
        _("%(name)s is afgewezen.", name=organisation.name),
    )

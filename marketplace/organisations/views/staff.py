"""Staff and invitations: who works for an organisation, in which role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.organisations import services
from marketplace.organisations.errors import (
    AlreadyStaff,
    InvitationExpired,
    InvitationInvalid,
    InvitationPending,
    LastCoordinator,
    OrganisationNotApproved,
)
from marketplace.organisations.forms import ChangeRoleForm, InviteForm
from marketplace.organisations.models import Invitation
from marketplace.organisations.views.blueprint import bp, coordinated_or_error, manageable_or_404
from marketplace.pagination import paginate
from marketplace.permissions import staff_of
from marketplace.rate_limits import over_limit


def _render_manage(organisation: Organisation, form: InviteForm, status: int = 200) -> Any:
    vacancies = paginate(services.organisation_vacancies_query(organisation))
    can_change_staff = services.can_change_staff(db.session, current_user, organisation)
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        role_form=ChangeRoleForm(formdata=None),
        staff=services.staff_list(db.session, organisation),
        invitations=(
            services.pending_invitations(db.session, organisation) if can_change_staff else []
        ),
        vacancies=vacancies,
        applicant_counts=services.applicant_counts(db.session, vacancies.items),
        can_change_staff=can_change_staff,
        is_staff=staff_of(db.session, current_user, organisation.id),
    ), status


@bp.get("/<int:organisation_id>/beheer")
@login_required
def manage(organisation_id: int) -> Any:
    return _render_manage(manageable_or_404(organisation_id), InviteForm(formdata=None))


@bp.post("/<int:organisation_id>/medewerkers")
@login_required
def invite(organisation_id: int) -> Any:
    organisation = manageable_or_404(organisation_id)
    if not services.can_change_staff(db.session, current_user, organisation):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_manage(organisation, form, 422)
    if (too_many := over_limit("invitation")) is not None:
        form.email.errors = [*form.email.errors, too_many]
        return _render_manage(organisation, form, 429)
    try:
        invitation, _token = services.invite_staff(
            db.session, current_user, organisation, form.email.data, form.role.data
        )
    except AlreadyStaff:
        form.email.errors.append(_("Deze persoon werkt al voor uw organisatie."))
        return _render_manage(organisation, form, 422)
    except OrganisationNotApproved as error:
        form.form_errors.append(str(error.message))
        return _render_manage(organisation, form, 403)
    except InvitationPending:
        form.email.errors.append(
            _(
                "Dit adres heeft al een uitnodiging die nog geldig is. Wilt u een nieuwe "
                "sturen? Trek de oude dan eerst in."
            )
        )
        return _render_manage(organisation, form, 422)
    return success_redirect(
        _(
            "We hebben een uitnodiging gestuurd naar %(email)s. De link werkt 14 dagen.",
            email=invitation.email,
        ),
        url_for("organisations.manage", organisation_id=organisation.id),
    )


@bp.post("/<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken")
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> WerkzeugResponse:
    organisation = coordinated_or_error(organisation_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    attempt(
        lambda: services.revoke_invitation(db.session, current_user, invitation),
        _("De uitnodiging voor %(email)s is ingetrokken.", email=invitation.email),
        {InvitationInvalid: (_("Deze uitnodiging is al gebruikt of ingetrokken."), "info")},
    )
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


def _keeping_a_coordinator(action: Callable[[], object], success: str, refused: str) -> None:
    """Change who works here (``action``), unless it would leave the organisation without a
    coordinator: then ``refused`` says what to do first."""
    attempt(action, success, {LastCoordinator: (refused, "error")})


@bp.post("/<int:organisation_id>/medewerkers/<int:user_id>/rol")
@login_required
def change_role(organisation_id: int, user_id: int) -> WerkzeugResponse:
    organisation = coordinated_or_error(organisation_id)
    user = db.get_or_404(User, user_id)
    form = ChangeRoleForm()
    if not form.validate_on_submit():
        flash(_("Kies medewerker of coördinator."), "error")
        return redirect(url_for("organisations.manage", organisation_id=organisation.id))
    _keeping_a_coordinator(  # NotStaff: 404
        lambda: services.change_role(db.session, current_user, organisation, user, form.role.data),
        _("De rol van %(name)s is aangepast.", name=user.display_name),
        _("U kunt de laatste coördinator niet veranderen. Maak eerst iemand anders coördinator."),
    )
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/medewerkers/<int:user_id>/verwijderen")
@login_required
def remove_staff(organisation_id: int, user_id: int) -> WerkzeugResponse:
    organisation = manageable_or_404(organisation_id)
    user = db.get_or_404(User, user_id)
    _keeping_a_coordinator(  # NotStaff: 404
        lambda: services.remove_staff(db.session, current_user, organisation, user),
        _("%(name)s is weggehaald.", name=user.display_name),
        _("U kunt de laatste coördinator niet weghalen. Maak eerst iemand anders coördinator."),
    )
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


def _invitation_problem(error: Exception) -> tuple[str, int]:
    expired = isinstance(error, InvitationExpired)
    return render_template("organisations/invitation_invalid.html", expired=expired), (
        410 if expired else 404
    )


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Any:
    try:
        found = services.invitation_for_token(db.session, token)
    except (InvitationInvalid, InvitationExpired) as error:
        return _invitation_problem(error)
    if request.method == "GET" or not current_user.is_authenticated:
        return render_template(
            "organisations/invitation.html",
            invitation=found,
            wrong_account=(
                current_user.is_authenticated and current_user.email.lower() != found.email.lower()
            ),
            next_path=services.invitation_path(token),
        )
    try:
        membership = services.accept_invitation(db.session, current_user, token)
    except (InvitationInvalid, InvitationExpired) as error:
        return _invitation_problem(error)
    except AlreadyStaff:  # InvitationForOtherAccount: 403
        flash(_("U werkt al voor %(name)s.", name=found.organisation.name), "info")
        return redirect(url_for("organisations.manage", organisation_id=found.organisation_id))
    return success_redirect(
        _("Welkom bij %(name)s. U werkt nu mee.", name=membership.organisation.name),
        url_for("organisations.manage", organisation_id=membership.organisation_id),
    )

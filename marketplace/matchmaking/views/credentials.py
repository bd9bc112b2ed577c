"""Credentials an organisation recorded for its volunteers: the list, a new one, removing
one. Staff of that organisation only (others 404)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.memberships import Organisation
from marketplace.domain_errors import DomainError
from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.matchmaking import credentials, figures
from marketplace.matchmaking.errors import InvalidInput, RequestNotFound
from marketplace.matchmaking.forms import ButtonForm, CredentialForm
from marketplace.matchmaking.views.blueprint import bp
from marketplace.pagination import paginate
from marketplace.permissions import staff_organisations
from marketplace.security_log import log_security_event
from marketplace.timestamps import local_today


def _organisation(organisation_id: int) -> Organisation:
    for organisation in staff_organisations(db.session, current_user, approved_only=True):
        if organisation.id == organisation_id:
            return organisation
    raise RequestNotFound()


def _page(organisation: Organisation, form: CredentialForm | None = None, status: int = 200):
    log_security_event("credentials.read", user_id=current_user.id, organisation_id=organisation.id)
    page = paginate(credentials.credentials_of([organisation.id]))
    return (
        render_template(
            "matchmaking/credentials.html",
            organisation=organisation,
            page=page,
            labels=credentials.KIND_LABELS,
            today=local_today(),
            form=form or CredentialForm(),
            button=ButtonForm(),
        ),
        status,
    )


@bp.get("/organisatie/<int:organisation_id>/bewijzen")
@login_required
def credential_list(organisation_id: int):
    return _page(_organisation(organisation_id))


@bp.post("/organisatie/<int:organisation_id>/bewijzen")
@login_required
def record(organisation_id: int):
    organisation = _organisation(organisation_id)
    form = CredentialForm()
    if not form.validate_on_submit():
        return _page(organisation, form, 422)
    assert form.issued_on.data is not None  # DataRequired
    try:
        credentials.record_credential(
            db.session,
            current_user,
            organisation,
            form.email.data or "",
            form.kind.data or "",
            form.issued_on.data,
            form.expires_on.data,
        )
    except InvalidInput as error:
        show_beside_field(form, error.field, error.message)
        return _page(organisation, form, 422)
    return success_redirect(
        _("Het bewijs is vastgelegd."),
        url_for("matchmaking.credential_list", organisation_id=organisation.id),
    )


@bp.post("/organisatie/<int:organisation_id>/bewijzen/<int:credential_id>/verwijderen")
@login_required
def remove(organisation_id: int, credential_id: int) -> WerkzeugResponse:
    organisation = _organisation(organisation_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    attempt(
        lambda: credentials.remove_credential(
            db.session, current_user, [organisation.id], credential_id
        ),
        _("Het bewijs is verwijderd."),
        {DomainError: "error"},
    )
    return redirect(url_for("matchmaking.credential_list", organisation_id=organisation.id))


@bp.get("/organisatie/<int:organisation_id>/cijfers")
@login_required
def organisation_figures(organisation_id: int) -> str:
    organisation = _organisation(organisation_id)
    first_day, rows = figures.organisation_figures(db.session, organisation, local_today())
    return render_template(
        "matchmaking/figures.html",
        organisation=organisation,
        first_day=first_day,
        today=local_today(),
        rows=rows,
    )

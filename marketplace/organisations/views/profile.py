"""An organisation's profile and logo, kept by its coordinators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, make_response, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.memberships import Organisation
from marketplace.errors import success_redirect
from marketplace.extensions import db
from marketplace.organisations import logos, services
from marketplace.organisations.errors import InvalidLogo
from marketplace.organisations.forms import LogoForm, OrganisationForm
from marketplace.organisations.views.blueprint import bp, coordinated_or_error


def _upload_root() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _render_profile(
    organisation: Organisation, form: OrganisationForm, logo_form: LogoForm, status: int = 200
) -> Any:
    return render_template(
        "organisations/edit_profile.html",
        organisation=organisation,
        form=form,
        logo_form=logo_form,
    ), status


@bp.route("/<int:organisation_id>/profiel", methods=["GET", "POST"])
@login_required
def edit_profile(organisation_id: int) -> Any:
    organisation = coordinated_or_error(organisation_id)
    form = OrganisationForm(obj=organisation)
    if not form.is_submitted():
        form.fill_neighbourhoods(organisation.neighbourhood_list)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_profile(organisation, form, LogoForm(), status)
    data = form.organisation_data()
    services.update_profile(db.session, current_user, organisation, data)
    return success_redirect(
        _("De gegevens van %(name)s zijn opgeslagen.", name=organisation.name),
        url_for("organisations.manage", organisation_id=organisation.id),
    )


def _logo_problem(reason: str) -> str:
    if reason == "size":
        return _("Dit bestand is groter dan 1 MB. Maak het plaatje kleiner en probeer het opnieuw.")
    if reason == "pixels":
        return _(
            "Dit plaatje heeft te veel beeldpunten. Maak het kleiner, bijvoorbeeld 1000 bij "
            "1000 beeldpunten, en probeer het opnieuw."
        )
    return _("Dit is geen PNG-, JPEG- of WebP-plaatje. Kies een ander bestand.")


@bp.post("/<int:organisation_id>/logo")
@login_required
def upload_logo(organisation_id: int) -> Any:
    organisation = coordinated_or_error(organisation_id)
    logo_form = LogoForm()
    form = OrganisationForm(formdata=None, obj=organisation)
    form.fill_neighbourhoods(organisation.neighbourhood_list)
    if not logo_form.validate_on_submit():
        return _render_profile(organisation, form, logo_form, 422)
    upload = logo_form.logo.data
    try:
        data = upload.stream.read(logos.MAX_LOGO_BYTES + 1)
    finally:
        upload.close()
    try:
        logos.save_logo(db.session, current_user, organisation, data, _upload_root())
    except InvalidLogo as error:
        logo_form.logo.errors = [_logo_problem(error.reason)]
        return _render_profile(organisation, form, logo_form, 422)
    return success_redirect(
        _("Het logo is opgeslagen."),
        url_for("organisations.edit_profile", organisation_id=organisation.id),
    )


@bp.post("/<int:organisation_id>/logo/verwijderen")
@login_required
def remove_logo(organisation_id: int) -> WerkzeugResponse:
    organisation = coordinated_or_error(organisation_id)
    logos.remove_logo(db.session, current_user, organisation, _upload_root())
    return success_redirect(
        _("Het logo is weggehaald."),
        url_for("organisations.edit_profile", organisation_id=organisation.id),
    )


@bp.get("/<int:organisation_id>/logo/<filename>")
def logo(organisation_id: int, filename: str) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    visible = organisation.is_approved or services.can_manage(
        db.session, current_user, organisation
    )
    content_type = logos.content_type_for(filename)
    if not visible or filename != organisation.logo_filename or content_type is None:
        abort(404)
    path = logos.logo_dir(_upload_root(), organisation.id) / organisation.logo_filename
    if not path.is_file():
        abort(404)
    response = make_response(path.read_bytes())  # at most 1 MB
    response.mimetype = content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    # A new logo gets a new random name, so the old one may be cached for long.
    response.headers["Cache-Control"] = "public, max-age=604800, immutable"
    return response

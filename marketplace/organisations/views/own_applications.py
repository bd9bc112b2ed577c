"""A volunteer's own applications: status, withdrawing, showing a reference."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.extensions import db
from marketplace.organisations import pipeline
from marketplace.organisations.errors import TransitionNotAllowed
from marketplace.organisations.forms import ShowReferenceForm
from marketplace.organisations.models import Application, Reference
from marketplace.organisations.views.blueprint import bp


@bp.get("/mijn-aanmeldingen")
@login_required
def my_applications() -> str:
    entries = pipeline.my_applications(db.session, current_user)
    db.session.commit()  # applications made for older responses
    return render_template(
        "organisations/my_applications.html",
        entries=entries,
    )


def _own_application_or_404(application_id: int) -> Application:
    application = pipeline.own_application(db.session, current_user, application_id)
    if application is None:
        abort(404)
    return application


@bp.post("/mijn-aanmeldingen/<int:application_id>/intrekken")
@login_required
def withdraw(application_id: int) -> WerkzeugResponse:
    application = _own_application_or_404(application_id)
    try:
        pipeline.withdraw_application(db.session, current_user, application)
    except TransitionNotAllowed:
        flash(_("Deze aanmelding is al afgerond. Intrekken kan niet meer."), "info")
    else:
        db.session.commit()
        flash(_("U heeft uw aanmelding ingetrokken."), "success")
    return redirect(url_for("organisations.my_applications"))


@bp.post("/mijn-aanmeldingen/<int:application_id>/referentie")
@login_required
def show_reference(application_id: int) -> WerkzeugResponse:
    application = _own_application_or_404(application_id)
    reference = db.session.scalar(
        db.select(Reference).where(Reference.application_id == application.id)
    )
    if reference is None:
        abort(404)
    form = ShowReferenceForm()
    if not form.validate_on_submit():
        flash(_("Kies tonen of verbergen."), "error")
        return redirect(url_for("organisations.my_applications"))
    shown = form.show.data == "ja"
    pipeline.set_reference_shown(db.session, current_user, reference, shown)
    db.session.commit()
    flash(
        _("De referentie staat nu op uw profiel.")
        if shown
        else _("De referentie staat niet meer op uw profiel."),
        "success",
    )
    return redirect(url_for("organisations.my_applications"))

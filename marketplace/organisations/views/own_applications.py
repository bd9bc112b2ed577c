"""A volunteer's own applications: status, withdrawing, showing a reference; her hours and
references, and a statement of them to print."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.organisations import pipeline
from marketplace.organisations.errors import TransitionNotAllowed
from marketplace.organisations.forms import ShowReferenceForm
from marketplace.organisations.models import Application, Reference
from marketplace.organisations.views.blueprint import bp
from marketplace.organisations.volunteer_record import volunteer_record
from marketplace.timestamps import local_today


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
    attempt(
        lambda: pipeline.withdraw_application(db.session, current_user, application),
        _("U heeft uw aanmelding ingetrokken."),
        {
            TransitionNotAllowed: (
                _("Deze aanmelding is al afgerond. Intrekken kan niet meer."),
                "info",
            )
        },
    )
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
    return success_redirect(
        _("De referentie staat nu op uw profiel.")
        if shown
        else _("De referentie staat niet meer op uw profiel."),
        url_for("organisations.my_applications"),
    )


@bp.get("/mijn-uren")
@login_required
def my_hours() -> str:
    return render_template(
        "organisations/my_hours.html", record=volunteer_record(db.session, current_user)
    )


@bp.get("/mijn-uren/verklaring")
@login_required
def statement() -> str:
    return render_template(
        "organisations/statement.html",
        record=volunteer_record(db.session, current_user),
        volunteer_name=current_user.display_name,
        today=local_today(),
    )

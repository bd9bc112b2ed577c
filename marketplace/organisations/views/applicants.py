"""The applicant pipeline: list, board, one application, notes, hours, references, the
export, and the placed volunteers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.domain_errors import DomainError
from marketplace.errors import Refusal, attempt
from marketplace.extensions import db
from marketplace.organisations import pipeline
from marketplace.organisations.errors import (
    NotPlaced,
    OrganisationNotApproved,
    TransitionNotAllowed,
)
from marketplace.organisations.forms import HoursForm, MoveApplicationForm, NoteForm, ReferenceForm
from marketplace.organisations.models import Application
from marketplace.organisations.views.blueprint import bp, manageable_or_404, vacancy_or_404
from marketplace.pagination import paginate
from marketplace.permissions import staff_of
from marketplace.security_log import log_security_event


def _status_filter() -> str | None:
    status = request.args.get("status", "")
    return status if status in pipeline.STATUS_LABELS else None


@bp.get("/vacatures/<int:posting_id>/aanmeldingen")
@login_required
def applicants(posting_id: int) -> str:
    posting = vacancy_or_404(posting_id)
    pipeline.ensure_applications(db.session, posting)
    db.session.commit()
    status = _status_filter()
    return render_template(
        "organisations/applicants.html",
        posting=posting,
        page=paginate(pipeline.applications_query(posting, status)),
        status=status,
        status_labels=pipeline.STATUS_LABELS,
        board_order=[str(s) for s in pipeline.BOARD_ORDER],
    )


@bp.get("/vacatures/<int:posting_id>/bord")
@login_required
def board(posting_id: int) -> str:
    posting = vacancy_or_404(posting_id)
    pipeline.ensure_applications(db.session, posting)
    db.session.commit()
    columns = pipeline.board(db.session, posting)
    return render_template(
        "organisations/board.html",
        posting=posting,
        columns=columns,
        status_labels=pipeline.STATUS_LABELS,
        moves={
            application.id: pipeline.allowed_moves(application)
            for column in columns
            for application in column.applications
        },
    )


def _application_or_404(application_id: int) -> Application:
    application = pipeline.application_for_staff(db.session, application_id, current_user)
    if application is None:
        abort(404)
    return application


def _render_application(
    application: Application,
    note_form: NoteForm | None = None,
    hours_form: HoursForm | None = None,
    reference_form: ReferenceForm | None = None,
    status: int = 200,
) -> Any:
    reference = pipeline.reference_for(db.session, application)
    if reference_form is None:
        reference_form = ReferenceForm(formdata=None, body=reference.body if reference else None)
    return render_template(
        "organisations/application.html",
        application=application,
        response=application.response,
        posting=application.response.posting,
        notes=pipeline.notes_for_staff(db.session, current_user, application),
        moves=pipeline.allowed_moves(application),
        status_labels=pipeline.STATUS_LABELS,
        move_form=MoveApplicationForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None),
        hours=pipeline.hours_for(db.session, application),
        hours_form=hours_form or HoursForm(formdata=None),
        reference=reference,
        reference_form=reference_form,
        is_placed=application.status == "placed",
    ), status


@bp.get("/aanmeldingen/<int:application_id>")
@login_required
def application(application_id: int) -> Any:
    return _render_application(_application_or_404(application_id))


_BACK = {"bord": "organisations.board", "lijst": "organisations.applicants"}


@bp.post("/aanmeldingen/<int:application_id>/status")
@login_required
def move_application(application_id: int) -> WerkzeugResponse:
    application = _application_or_404(application_id)
    form = MoveApplicationForm()
    back = request.form.get("back", "")
    if back in _BACK:
        target = url_for(_BACK[back], posting_id=application.response.posting_id)
    else:
        target = url_for("organisations.application", application_id=application.id)
    if not form.validate_on_submit():
        flash(_("Kies waar de aanmelding heen moet."), "error")
        return redirect(target)
    attempt(
        lambda: pipeline.move_application(db.session, current_user, application, form.status.data),
        lambda: _(
            "%(name)s staat nu bij „%(status)s”. We hebben het de vrijwilliger laten weten.",
            name=application.response.responder.display_name,
            status=pipeline.STATUS_LABELS[pipeline.ApplicationStatus(application.status)],
        ),
        {
            OrganisationNotApproved: "error",
            TransitionNotAllowed: (
                _("Deze stap kan niet vanaf hier. Kies een van de knoppen bij de aanmelding."),
                "error",
            ),
        },
    )
    return redirect(target)


def _on_application(
    application_id: int,
    form: FlaskForm,
    form_name: str,
    action: Callable[[Application], object],
    success: str,
    refusals: Mapping[type[DomainError], Refusal],
) -> Any:
    """A note, hours or a reference: the form again (422) when it is not right, else one
    service call and back to the application."""
    application = _application_or_404(application_id)
    if not form.validate_on_submit():
        return _render_application(application, status=422, **{form_name: form})
    attempt(lambda: action(application), success, refusals)
    return redirect(url_for("organisations.application", application_id=application.id))


@bp.post("/aanmeldingen/<int:application_id>/notities")
@login_required
def add_note(application_id: int) -> Any:
    form = NoteForm()
    return _on_application(
        application_id,
        form,
        "note_form",
        lambda application: pipeline.add_note(
            db.session, current_user, application, form.body.data
        ),
        _("Uw notitie is opgeslagen. Alleen medewerkers zien haar."),
        {},
    )


@bp.post("/aanmeldingen/<int:application_id>/uren")
@login_required
def record_hours(application_id: int) -> Any:
    form = HoursForm()
    return _on_application(
        application_id,
        form,
        "hours_form",
        lambda application: pipeline.record_hours(
            db.session,
            current_user,
            application,
            cast(date, form.worked_on.data),  # HoursForm.validate: never None here
            form.hours.data,
            form.note.data,
        ),
        _("De uren zijn opgeslagen."),
        {
            NotPlaced: (
                _("U kunt alleen uren schrijven voor vrijwilligers die geplaatst zijn."),
                "error",
            )
        },
    )


@bp.post("/aanmeldingen/<int:application_id>/referentie")
@login_required
def write_reference(application_id: int) -> Any:
    form = ReferenceForm()
    return _on_application(
        application_id,
        form,
        "reference_form",
        lambda application: pipeline.write_reference(
            db.session, current_user, application, form.body.data
        ),
        _(
            "De referentie is opgeslagen. De vrijwilliger kiest zelf of die op het profiel "
            "komt te staan."
        ),
        {
            NotPlaced: (
                _("U kunt alleen een referentie schrijven voor geplaatste vrijwilligers."),
                "error",
            ),
            OrganisationNotApproved: "error",
        },
    )


@bp.get("/<int:organisation_id>/aanmeldingen.csv")
@login_required
def export(organisation_id: int) -> Any:
    organisation = manageable_or_404(organisation_id)
    # PermissionDenied (an admin who does not work here) answers 403
    text = pipeline.export_csv(db.session, current_user, organisation)
    db.session.commit()  # applications made for older responses
    log_security_event(
        "data.export", user_id=current_user.id, what="applicants", organisation_id=organisation.id
    )
    response = make_response(text.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="aanmeldingen-{organisation.slug}.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:organisation_id>/vrijwilligers")
@login_required
def volunteers(organisation_id: int) -> str:
    organisation = manageable_or_404(organisation_id)
    if not staff_of(db.session, current_user, organisation.id):
        abort(403)
    return render_template(
        "organisations/volunteers.html",
        organisation=organisation,
        volunteers=pipeline.placed_volunteers(db.session, organisation),
    )

"""Handling signals: the organisation's queue, one signal with its actions, the settings,
and the helpdesk's list of signals no organisation handles.

Only a coordinator of an organisation the signal went to, or its staff with the
"signalen" role, see a signal (others get a 404); each look is in the security log.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectChoice

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import role_required
from marketplace.domain_errors import DomainError
from marketplace.errors import Refusal, attempt, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.geo import wijk_names
from marketplace.pagination import paginate
from marketplace.permissions import staff_members
from marketplace.security_log import log_security_event
from marketplace.signals import handling, staff, visits
from marketplace.signals.errors import (
    CloseFirst,
    InvalidSignal,
    NotADuplicate,
    NotAHandler,
    OutcomeNeeded,
    SignalClosed,
)
from marketplace.signals.forms import (
    DID_LABELS,
    NOTICED_LABELS,
    OUTCOME_LABELS,
    SINCE_LABELS,
    AssignForm,
    CloseForm,
    EmptyForm,
    NoteForm,
    SettingsForm,
    StatusForm,
    VisitForm,
)
from marketplace.signals.models import Signal, SignalOutcome, SignalStatus
from marketplace.signals.submitting import pass_on
from marketplace.signals.views.blueprint import bp
from marketplace.timestamps import utcnow

PageResult = Any
# A refusal shows the error's own message (``errors.attempt``), as an error.
REFUSALS: dict[type[DomainError], Refusal] = {
    SignalClosed: "error",
    NotAHandler: "error",
    NotADuplicate: "error",
    OutcomeNeeded: "error",
    CloseFirst: "error",
}


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not staff.may_handle(db.session, current_user, organisation.id):
        abort(404)
    return organisation


def _signal_or_404(signal_id: int) -> Signal:
    return handling.signal_for(db.session, current_user, signal_id)  # SignalNotFound: 404


@bp.get("/signalen")
@login_required
def index() -> PageResult:
    """Where a handler starts: their organisations' queues (one: straight there)."""
    organisations = staff.handling_organisations(db.session, current_user)
    helpdesk = handling.is_helpdesk(current_user)
    if not organisations and not helpdesk:
        abort(403)
    if len(organisations) == 1 and not helpdesk:
        return redirect(url_for("signals.queue", organisation_id=organisations[0].id))
    return render_template("signals/index.html", organisations=organisations, helpdesk=helpdesk)


def _render_queue(
    organisation: Organisation | None, closed: bool, template: str = "signals/queue.html"
) -> str:
    now = utcnow()
    mine = request.args.get("mij") == "1"
    wijk = (request.args.get("wijk") or "").strip()[:120] or None
    page = paginate(
        handling.queue_query(
            organisation.id if organisation else None,
            now,
            closed=closed,
            assigned_to_id=current_user.id if mine else None,
            wijk=wijk,
        )
    )
    signals = list(page.items)
    log_security_event(
        "signal.list",
        user_id=current_user.id,
        organisation_id=organisation.id if organisation else None,
        signal_ids=[s.id for s in signals],
    )
    return render_template(
        template,
        organisation=organisation,
        page=page,
        signals=signals,
        clocks={s.id: handling.clock(s, now) for s in signals},
        visits={s.id: visits.visit_label(s) for s in signals},
        duplicates=handling.likely_duplicates(db.session, signals),
        closed=closed,
        is_coordinator=organisation is not None
        and staff.is_coordinator(db.session, current_user, organisation.id),
        outcome_labels=OUTCOME_LABELS,
        mine=mine,
        wijk=wijk or "",
        wijken=staff.areas(db.session, organisation.id) if organisation else [],
    )


@bp.get("/signalen/<int:organisation_id>")
@login_required
def queue(organisation_id: int) -> str:
    return _render_queue(_organisation_or_404(organisation_id), closed=False)


@bp.get("/signalen/<int:organisation_id>/afgerond")
@login_required
def closed(organisation_id: int) -> str:
    return _render_queue(_organisation_or_404(organisation_id), closed=True)


@bp.get("/signalen/helpdesk")
@role_required(Role.MODERATOR)
def helpdesk() -> str:
    """Signals for a wijk no organisation handles: the helpdesk passes them on."""
    return _render_queue(None, closed=False)


@bp.get("/signalen/melding/<int:signal_id>")
@login_required
def detail(signal_id: int) -> str:
    return _render_detail(_signal_or_404(signal_id))


def _visit_form(signal: Signal, people: list[User], form: VisitForm | None = None) -> VisitForm:
    """The "Bezoek plannen" form: as sent (kept when refused), else the planned visit."""
    if form is None:
        form = VisitForm(
            formdata=None,
            data={
                "visitor": str(signal.assigned_to_id or ""),
                "day": signal.visit_planned_on,
                "daypart": signal.visit_daypart,
            },
        )
    form.visitor.choices = [SelectChoice(str(p.id), p.display_name) for p in people]
    return form


def _render_detail(signal: Signal, visit_form: VisitForm | None = None) -> str:
    log_security_event(
        "signal.read",
        user_id=current_user.id,
        signal_id=signal.id,
        organisation_ids=signal.organisation_ids,
    )
    now = utcnow()
    duplicate_ids = handling.likely_duplicates(db.session, [signal])[signal.id]
    duplicates = [s for s in (db.session.get(Signal, i) for i in duplicate_ids) if s is not None]
    assign_form = AssignForm(formdata=None)
    people = handling.assignable(db.session, signal)
    assign_form.assignee.choices = [SelectChoice("", _("Niemand"))] + [
        SelectChoice(str(p.id), p.display_name) for p in people
    ]
    assign_form.assignee.data = str(signal.assigned_to_id or "")
    handled_here = [
        oid for oid in signal.organisation_ids if staff.may_handle(db.session, current_user, oid)
    ]
    passable = []
    if not signal.routes and handling.is_helpdesk(current_user):
        passable = list(
            db.session.scalars(
                select(Organisation)
                .where(Organisation.status == "approved")
                .order_by(Organisation.name, Organisation.id)
            )
        )
    return render_template(
        "signals/detail.html",
        signal=signal,
        clock=handling.clock(signal, now),
        duplicates=duplicates,
        status_form=StatusForm(formdata=None),
        assign_form=assign_form,
        visit_form=_visit_form(signal, people, visit_form),
        visit=visits.visit_label(signal),
        note_form=NoteForm(formdata=None),
        close_form=CloseForm(formdata=None),
        empty_form=EmptyForm(formdata=None),
        intake_organisation_id=handled_here[0] if handled_here else None,
        passable=passable,
        noticed_labels=NOTICED_LABELS,
        did_labels=DID_LABELS,
        since_labels=SINCE_LABELS,
        outcome_labels=OUTCOME_LABELS,
        help_arranged=SignalOutcome.HELP_ARRANGED,
        is_coordinator=any(
            staff.is_coordinator(db.session, current_user, o) for o in signal.organisation_ids
        ),
    )


def _back(signal: Signal) -> WerkzeugResponse:
    return redirect(url_for("signals.detail", signal_id=signal.id))


@bp.post("/signalen/melding/<int:signal_id>/status")
@login_required
def change_status(signal_id: int) -> WerkzeugResponse:
    signal = _signal_or_404(signal_id)
    form = StatusForm()
    if not form.validate():
        flash(_("Kies een status."), "error")
        return _back(signal)
    attempt(
        lambda: handling.change_status(
            db.session, current_user, signal, SignalStatus(form.status.data)
        ),
        _("De status is veranderd."),
        REFUSALS,
    )
    return _back(signal)


@bp.post("/signalen/melding/<int:signal_id>/toewijzen")
@login_required
def assign(signal_id: int) -> WerkzeugResponse:
    signal = _signal_or_404(signal_id)
    form = AssignForm()
    chosen = form.assignee.data or ""
    if not form.validate() or (chosen and not chosen.isdigit()):
        flash(NotAHandler.message, "error")
        return _back(signal)
    attempt(
        lambda: handling.assign(db.session, current_user, signal, int(chosen) if chosen else None),
        _("Opgeslagen wie deze melding behandelt."),
        REFUSALS,
    )
    return _back(signal)


@bp.post("/signalen/melding/<int:signal_id>/bezoek")
@login_required
def plan_visit(signal_id: int) -> PageResult:
    """Plan the visit: who goes, which day, which daypart. A refused day or choice shows
    the page again with what was typed (422)."""
    signal = _signal_or_404(signal_id)
    if not signal.is_open:
        flash(SignalClosed.message, "error")
        return _back(signal)
    form = VisitForm()
    chosen = form.visitor.data or ""
    valid = form.validate()
    if not chosen.isdigit():
        form.visitor.errors = [*form.visitor.errors, NotAHandler.message]
    elif valid and form.day.data is not None:
        try:
            # Refusals come before any change, so there is nothing to roll back.
            visits.plan_visit(
                db.session,
                current_user,
                signal,
                int(chosen),
                form.day.data,
                form.daypart.data or "",
            )
        except InvalidSignal as error:
            show_beside_field(form, error.field, error.message)
        except NotAHandler as error:
            form.visitor.errors = [*form.visitor.errors, error.message]
        else:
            return success_redirect(
                _("Het bezoek is gepland: %(visit)s.", visit=visits.visit_label(signal)),
                url_for("signals.detail", signal_id=signal.id),
            )
    return _render_detail(signal, form), 422


@bp.post("/signalen/melding/<int:signal_id>/notitie")
@login_required
def add_note(signal_id: int) -> PageResult:
    signal = _signal_or_404(signal_id)
    form = NoteForm()
    if not form.validate():
        flash(form.body.errors[0] if form.body.errors else _("Schrijf eerst een notitie."), "error")
        return _back(signal)
    try:
        handling.add_note(db.session, current_user, signal, form.body.data or "")
    except InvalidSignal as error:
        flash(str(error.message), "error")
        return _back(signal)
    return success_redirect(
        _("De notitie is opgeslagen."), url_for("signals.detail", signal_id=signal.id)
    )


@bp.post("/signalen/melding/<int:signal_id>/afsluiten")
@login_required
def close(signal_id: int) -> WerkzeugResponse:
    """Close with an outcome. "Hulp geregeld" goes on to the intake, to post a request
    for the person."""
    signal = _signal_or_404(signal_id)
    form = CloseForm()
    if not form.validate():
        flash(OutcomeNeeded.message, "error")
        return _back(signal)
    done = attempt(
        lambda: handling.close_signal(db.session, current_user, signal, form.outcome.data),
        _("De melding is afgerond."),
        REFUSALS,
    )
    if done and signal.outcome == SignalOutcome.HELP_ARRANGED:
        organisation_id = next(
            (o for o in signal.organisation_ids if staff.may_handle(db.session, current_user, o)),
            None,
        )
        if organisation_id is not None:
            flash(_("Plaats nu de hulpvraag voor deze persoon."), "info")
            return redirect(url_for("intake.new", organisation_id=organisation_id))
    return _back(signal)


@bp.post("/signalen/melding/<int:signal_id>/samenvoegen/<int:into_id>")
@login_required
def merge(signal_id: int, into_id: int) -> WerkzeugResponse:
    signal = _signal_or_404(signal_id)
    into = _signal_or_404(into_id)
    if not EmptyForm().validate():
        abort(400)
    if attempt(
        lambda: handling.merge_signal(db.session, current_user, signal, into),
        _("De meldingen zijn samengevoegd."),
        REFUSALS,
    ):
        return _back(into)
    return _back(signal)


@bp.post("/signalen/melding/<int:signal_id>/doorsturen")
@role_required(Role.MODERATOR)
def pass_signal_on(signal_id: int) -> WerkzeugResponse:
    signal = _signal_or_404(signal_id)
    if not EmptyForm().validate():
        abort(400)
    chosen = request.form.get("organisation_id", "")
    if not chosen.isdigit():
        flash(_("Kies een organisatie uit de lijst."), "error")
        return _back(signal)
    try:
        pass_on(db.session, current_user, signal, int(chosen))
    except InvalidSignal as error:
        flash(str(error.message), "error")
        return _back(signal)
    return success_redirect(_("De melding is doorgestuurd."), url_for("signals.helpdesk"))


@bp.get("/signalen/melding/<int:signal_id>/voor-betrokkene")
@login_required
def for_person_concerned(signal_id: int) -> str:
    """What the organisation keeps about the person concerned, to print for her."""
    signal = handling.for_person_concerned(db.session, current_user, _signal_or_404(signal_id))
    log_security_event(
        "signal.read_for_person_concerned", user_id=current_user.id, signal_id=signal.id
    )
    return render_template(
        "signals/for_person_concerned.html",
        signal=signal,
        retention_months=current_app.config["SIGNAL_RETENTION_MONTHS"],
        noticed_labels=NOTICED_LABELS,
        since_labels=SINCE_LABELS,
        outcome_labels=OUTCOME_LABELS,
    )


@bp.post("/signalen/melding/<int:signal_id>/wissen")
@login_required
def erase(signal_id: int) -> WerkzeugResponse:
    """The person concerned asked for erasure: a coordinator erases the closed signal."""
    signal = _signal_or_404(signal_id)
    if not EmptyForm().validate():
        abort(400)
    if attempt(
        lambda: handling.erase_signal(db.session, current_user, signal),
        _("De gegevens van deze melding zijn gewist."),
        REFUSALS,
    ):
        log_security_event("signal.erased", user_id=current_user.id, signal_id=signal.id)
    return _back(signal)


@bp.route("/signalen/<int:organisation_id>/instellingen", methods=["GET", "POST"])
@login_required
def settings(organisation_id: int) -> PageResult:
    """The coordinator chooses the wijken and who has the "signalen" role."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not staff.is_coordinator(db.session, current_user, organisation_id):
        abort(404)
    form = SettingsForm(
        data=None
        if request.method == "POST"
        else {
            "wijken": staff.areas(db.session, organisation.id),
            "handlers": [str(i) for i in staff.handler_ids(db.session, organisation.id)],
        }
    )
    people = staff_members(db.session, organisation.id)
    form.wijken.choices = [SelectChoice(w, w) for w in wijk_names()]
    form.handlers.choices = [
        SelectChoice(str(p.id), f"{p.display_name} ({p.email})") for p in people
    ]
    if not form.validate_on_submit():
        return render_template("signals/settings.html", organisation=organisation, form=form), (
            422 if form.is_submitted() else 200
        )
    try:
        staff.set_areas(db.session, current_user, organisation, form.wijken.data or [])
    except InvalidSignal as error:
        form.wijken.errors = [error.message]
        return render_template("signals/settings.html", organisation=organisation, form=form), 422
    staff.set_handlers(
        db.session,
        current_user,
        organisation,
        [int(i) for i in form.handlers.data or [] if str(i).isdigit()],
    )
    return success_redirect(
        _("De instellingen voor meldingen zijn opgeslagen."),
        url_for("signals.queue", organisation_id=organisation.id),
    )

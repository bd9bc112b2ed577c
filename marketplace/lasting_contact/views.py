"""The page of a lasting contact: the rhythm, the check-ins, ending it and reopening."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.errors import attempt
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.lasting_contact.errors import (
    CannotReopen,
    ContactEnded,
    InvalidRhythm,
)
from marketplace.lasting_contact.forms import DAYS, RhythmForm
from marketplace.lasting_contact.models import CheckInAnswer
from marketplace.lasting_contact.services import (
    answer_check_in,
    end_contact,
    get_contact,
    is_participant,
    may_reopen,
    open_check_ins,
    reopen,
    set_rhythm,
)
from marketplace.security_log import log_security_event

bp = Blueprint("lasting_contact", __name__, url_prefix="/vast-contact")


def _render(contact_id: int, form: RhythmForm | None = None, status: int = 200) -> Any:
    contact = get_contact(db.session, contact_id, current_user)
    participant = is_participant(db.session, current_user, contact)
    if not participant:  # staff of the welfare organisation: a read of someone's contact
        log_security_event("client.read", user_id=current_user.id, lasting_contact_id=contact.id)
    if form is None:
        form = RhythmForm(
            formdata=None, data={"weekday": contact.weekday, "at_time": contact.at_time}
        )
    return render_template(
        "lasting_contact/detail.html",
        contact=contact,
        form=form,
        participant=participant,
        day_name=str(DAYS[contact.weekday]) if contact.weekday is not None else None,
        check_ins=open_check_ins(db.session, current_user, contact),
        answers=[
            (CheckInAnswer.GOOD, _("Goed")),
            (CheckInAnswer.STOPPED, _("Het is gestopt")),
            (CheckInAnswer.HELP, _("We willen hulp")),
        ],
        can_reopen=may_reopen(db.session, current_user, contact),
    ), status


@bp.get("/<int:contact_id>")
@login_required
def detail(contact_id: int) -> Any:
    return _render(contact_id)


@bp.post("/<int:contact_id>/ritme")
@login_required
def rhythm(contact_id: int) -> Any:
    form = RhythmForm()
    if not form.validate_on_submit():
        return _render(contact_id, form, 422)
    try:
        set_rhythm(db.session, current_user, contact_id, form.weekday.data, form.at_time.data)
    except InvalidRhythm as error:
        show_beside_field(form, error.field, error.message)
        return _render(contact_id, form, 422)
    except ContactEnded as error:
        form.form_errors.append(str(error.message))
        return _render(contact_id, form, 422)
    db.session.commit()
    return redirect(url_for("lasting_contact.detail", contact_id=contact_id))


@bp.post("/<int:contact_id>/stoppen")
@login_required
def end(contact_id: int) -> WerkzeugResponse:
    attempt(
        lambda: end_contact(db.session, current_user, contact_id),
        _("Het vaste contact is gestopt. De welzijnsorganisatie in de wijk krijgt bericht."),
        {ContactEnded: "info"},
    )
    return redirect(url_for("lasting_contact.detail", contact_id=contact_id))


@bp.post("/<int:contact_id>/gaat-het-goed/<int:check_in_id>")
@login_required
def check_in(contact_id: int, check_in_id: int) -> WerkzeugResponse:
    answer = request.form.get("answer", "")
    attempt(
        lambda: answer_check_in(db.session, current_user, check_in_id, answer),
        _("Dank u wel voor uw antwoord."),
        {InvalidRhythm: "error"},
    )
    return redirect(url_for("lasting_contact.detail", contact_id=contact_id))


@bp.post("/<int:contact_id>/opnieuw-zoeken")
@login_required
def reopen_request(contact_id: int) -> WerkzeugResponse:
    attempt(
        lambda: reopen(db.session, current_user, contact_id),
        _("De oproep staat weer open. Wij zoeken iemand nieuw."),
        {CannotReopen: "info"},
    )
    return redirect(url_for("lasting_contact.detail", contact_id=contact_id))

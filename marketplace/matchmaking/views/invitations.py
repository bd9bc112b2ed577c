"""The volunteer's side: "Wilt u deze oproep oppakken?", yes or no in one click."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.domain_errors import DomainError
from marketplace.errors import attempt
from marketplace.extensions import db
from marketplace.matchmaking import services
from marketplace.matchmaking.forms import ButtonForm
from marketplace.matchmaking.views.blueprint import bp


@bp.get("/uitnodiging/<int:invitation_id>")
@login_required
def invitation(invitation_id: int) -> str:
    found = services.invitation_for(db.session, current_user, invitation_id)
    return render_template(
        "matchmaking/invitation.html",
        invitation=found,
        posting=found.posting,
        is_open=services.is_open_request(found.posting),
        button=ButtonForm(),
    )


def _answer(invitation_id: int, yes: bool, success: str) -> WerkzeugResponse:
    if not ButtonForm().validate_on_submit():
        abort(400)
    attempt(
        lambda: services.answer_invitation(db.session, current_user, invitation_id, yes),
        success,
        {DomainError: "error"},
    )
    return redirect(url_for("matchmaking.invitation", invitation_id=invitation_id))


@bp.post("/uitnodiging/<int:invitation_id>/ja")
@login_required
def say_yes(invitation_id: int) -> WerkzeugResponse:
    return _answer(
        invitation_id,
        True,
        _("Dank u wel! Uw reactie staat bij de oproep. U hoort het als de hulpvrager ja zegt."),
    )


@bp.post("/uitnodiging/<int:invitation_id>/nee")
@login_required
def say_no(invitation_id: int) -> WerkzeugResponse:
    return _answer(
        invitation_id,
        False,
        _("Genoteerd: deze keer niet. Dank u voor uw antwoord."),
    )

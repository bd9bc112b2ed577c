""" "Is het gelukt?": the page behind the link in the follow-up e-mail. No login needed:
the signed link names the person, the agreement and the round."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l

from marketplace.accounts.errors import ExpiredToken, InvalidToken
from marketplace.errors import attempt
from marketplace.extensions import db
from marketplace.followups.errors import FollowUpError
from marketplace.followups.forms import ANSWER_BUTTONS, AnswerForm
from marketplace.followups.models import FollowUp, FollowUpAnswer
from marketplace.followups.services import (
    answer_follow_up,
    describe_follow_up,
    follow_up_for_token,
)

bp = Blueprint("followups", __name__, url_prefix="/gelukt")

THANKS = {
    FollowUpAnswer.YES: _l("Fijn dat het gelukt is! Dank u wel dat u het laat weten."),
    FollowUpAnswer.NOT_YET: _l(
        "Dank u wel. Lukt het later toch niet? Open dan deze link opnieuw en kies ‘Nee’."
    ),
    FollowUpAnswer.NO: _l(
        "Jammer dat het niet gelukt is. Dank u wel dat u het laat weten. "
        "We zoeken iemand anders voor deze hulpvraag."
    ),
}


@bp.route("/<token>", methods=["GET", "POST"])
def answer(token: str) -> Any:
    try:
        follow_up = follow_up_for_token(db.session, token)
    except ExpiredToken:
        return render_template("followups/link_invalid.html", expired=True), 410
    except InvalidToken:
        return render_template("followups/link_invalid.html", expired=False), 404
    form = AnswerForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render(follow_up, form, token), status
    attempt(
        lambda: answer_follow_up(db.session, token, form.answer.data),
        str(THANKS[FollowUpAnswer(form.answer.data)]),
        {FollowUpError: "info"},
    )
    return redirect(url_for("followups.answer", token=token))


def _render(follow_up: FollowUp, form: AnswerForm, token: str) -> str:
    return render_template(
        "followups/answer.html",
        view=describe_follow_up(follow_up),
        form=form,
        buttons=ANSWER_BUTTONS,
        token=token,
    )

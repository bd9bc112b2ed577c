"""The list of requests nobody responded to, for welfare organisations and moderators."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.errors import attempt
from marketplace.escalation.errors import EscalationError
from marketplace.escalation.forms import ClaimForm, ReleaseForm
from marketplace.escalation.services import (
    claim_unanswered,
    describe_unanswered,
    may_see_unanswered,
    release_claim,
    unanswered_query,
)
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.timestamps import utcnow

bp = Blueprint("escalation", __name__, url_prefix="/hulp-gezocht")


def _require_access() -> None:
    if not may_see_unanswered(db.session, current_user):
        abort(403)


@bp.get("/")
@login_required
def unanswered() -> str:
    _require_access()
    page = paginate(unanswered_query(db.session, current_user))
    return render_template(
        "escalation/unanswered.html",
        page=page,
        rows=describe_unanswered(page.items, current_user, utcnow()),
        claim_form=ClaimForm(),
        release_form=ReleaseForm(),
    )


def _act(form: FlaskForm, action: Callable[[], object], success: str) -> WerkzeugResponse:
    """Claim and release: one button (the form is only its CSRF token), back to the list."""
    _require_access()
    if not form.validate_on_submit():
        abort(400)
    attempt(action, success, {EscalationError: "info"})
    return redirect(url_for("escalation.unanswered"))


@bp.post("/<int:posting_id>/wij-bellen-rond")
@login_required
def claim(posting_id: int) -> WerkzeugResponse:
    return _act(
        ClaimForm(),
        lambda: claim_unanswered(db.session, current_user, posting_id),
        _("Genoteerd: u belt rond. Anderen zien dat op deze lijst."),
    )


@bp.post("/<int:posting_id>/loslaten")
@login_required
def release(posting_id: int) -> WerkzeugResponse:
    return _act(
        ReleaseForm(),
        lambda: release_claim(db.session, current_user, posting_id),
        _("De oproep is weer vrij. Iemand anders kan nu rondbellen."),
    )

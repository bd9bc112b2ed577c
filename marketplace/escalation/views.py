"""The list of requests nobody responded to, for welfare organisations and moderators."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

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
from marketplace.timestamps import utcnow

bp = Blueprint("escalation", __name__, url_prefix="/hulp-gezocht")

MAX_PAGE = 10_000


def _require_access() -> None:
    if not may_see_unanswered(db.session, current_user):
        abort(403)


@bp.get("/")
@login_required
def unanswered() -> str:
    _require_access()
    page_number = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    page = db.paginate(
        unanswered_query(db.session, current_user),
        page=page_number,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "escalation/unanswered.html",
        page=page,
        rows=describe_unanswered(page.items, current_user, utcnow()),
        claim_form=ClaimForm(),
        release_form=ReleaseForm(),
    )


@bp.post("/<int:posting_id>/wij-bellen-rond")
@login_required
def claim(posting_id: int) -> WerkzeugResponse:
    _require_access()
    if not ClaimForm().validate_on_submit():
        abort(400)
    try:
        claim_unanswered(db.session, current_user, posting_id)
    except EscalationError as error:
        flash(str(error.message), "info")
    else:
        db.session.commit()
        flash(_("Genoteerd: u belt rond. Anderen zien dat op deze lijst."), "success")
    return redirect(url_for("escalation.unanswered"))


@bp.post("/<int:posting_id>/loslaten")
@login_required
def release(posting_id: int) -> WerkzeugResponse:
    _require_access()
    if not ReleaseForm().validate_on_submit():
        abort(400)
    try:
        release_claim(db.session, current_user, posting_id)
    except EscalationError as error:
        flash(str(error.message), "info")
    else:
        db.session.commit()
        flash(_("De oproep is weer vrij. Iemand anders kan nu rondbellen."), "success")
    return redirect(url_for("escalation.unanswered"))

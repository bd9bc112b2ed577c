"""Pages for acting for someone: "Namens iemand" (both sides of every consent, asking it,
giving it, ending it) and the helpdesk's page to record consent given on paper or by
phone."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.delegations import DelegatedActionKind
from marketplace.carers.errors import AlreadyDecided, InvalidConsent, NotHelpdesk
from marketplace.carers.forms import SCOPE_LABELS, AskConsentForm, RecordConsentForm
from marketplace.carers.services import (
    ConsentTerms,
    ask_consent,
    end_consent,
    give_consent,
    is_helpdesk,
    overview,
    record_consent,
)
from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.rate_limits import over_limit

bp = Blueprint("carers", __name__, url_prefix="/namens")


def _terms(form: Any) -> ConsentTerms:
    return ConsentTerms(
        scopes=list(form.scopes.data or []),
        ends_on=form.ends_on.data,
        relation=form.relation.data or None,
    )


def _render_overview(form: AskConsentForm, status: int = 200) -> Any:
    return render_template(
        "carers/overview.html",
        view=overview(db.session, current_user),
        form=form,
        is_helpdesk=is_helpdesk(db.session, current_user),
        scope_labels={value: str(label) for value, label in SCOPE_LABELS.items()},
        action_labels={
            DelegatedActionKind.POSTED: _("%(name)s plaatste namens u een hulpvraag"),
            DelegatedActionKind.ANSWERED: _("%(name)s beantwoordde namens u een reactie"),
            DelegatedActionKind.ACCEPTED: _("%(name)s koos namens u een vrijwilliger"),
        },
    ), status


@bp.get("/")
@login_required
def overview_page() -> Any:
    return _render_overview(AskConsentForm(formdata=None))


@bp.post("/vragen")
@login_required
def ask() -> Any:
    form = AskConsentForm()
    if not form.validate_on_submit():
        return _render_overview(form, 422)
    if (too_many := over_limit("invitation")) is not None:
        form.form_errors.append(too_many)
        return _render_overview(form, 429)
    try:
        ask_consent(db.session, current_user, form.person_email.data or "", _terms(form))
    except InvalidConsent as error:
        show_beside_field(form, error.field, error.message)
        return _render_overview(form, 422)
    # The same words whether or not the address has an account.
    return success_redirect(
        _(
            "Als er een account is met dit e-mailadres, krijgt deze persoon een bericht. "
            "Zodra zij of hij toestemming geeft, ziet u dat hier."
        ),
        url_for("carers.overview_page"),
    )


@bp.post("/<int:delegation_id>/toestemming-geven")
@login_required
def give(delegation_id: int) -> WerkzeugResponse:
    attempt(
        lambda: give_consent(db.session, current_user, delegation_id),
        _("U gaf toestemming. U kunt die altijd weer stoppen."),
        {AlreadyDecided: "info"},
    )
    return redirect(url_for("carers.overview_page"))


@bp.post("/<int:delegation_id>/stoppen")
@login_required
def end(delegation_id: int) -> WerkzeugResponse:
    attempt(
        lambda: end_consent(db.session, current_user, delegation_id),
        _("De toestemming is gestopt. Er kan niets meer namens deze persoon gebeuren."),
        {AlreadyDecided: "info"},
    )
    return redirect(url_for("carers.overview_page"))


@bp.route("/helpdesk", methods=["GET", "POST"])
@login_required
def helpdesk() -> Any:
    """Staff record consent given on paper or by phone; it counts at once."""
    if not is_helpdesk(db.session, current_user):
        raise NotHelpdesk()
    form = RecordConsentForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("carers/helpdesk.html", form=form), status
    try:
        record_consent(
            db.session,
            current_user,
            form.carer_email.data or "",
            form.person_email.data or "",
            form.via.data or "",
            _terms(form),
        )
    except InvalidConsent as error:
        show_beside_field(form, error.field, error.message)
        return render_template("carers/helpdesk.html", form=form), 422
    return success_redirect(
        _("De toestemming is vastgelegd. De mantelzorger en de persoon krijgen bericht."),
        url_for("carers.helpdesk"),
    )

"""Verwijzen: a welfare worker refers someone to a service (with consent), and records how
it went a week later. Only staff; the outcome page only for the worker who referred."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.models import is_any_staff
from marketplace.errors import form_page, success_redirect
from marketplace.extensions import db
from marketplace.security_log import log_security_event
from marketplace.sociale_kaart import referrals
from marketplace.sociale_kaart.errors import ConsentNeeded, NoContactAddress
from marketplace.sociale_kaart.finding import Filters, search_query
from marketplace.sociale_kaart.forms import OutcomeForm, ReferralForm
from marketplace.sociale_kaart.labels import SUBJECT_BACK
from marketplace.sociale_kaart.services import public_service
from marketplace.sociale_kaart.subjects import Subject, read_token
from marketplace.sociale_kaart.views.blueprint import bp
from marketplace.timestamps import utcnow

CHOICES = 10


def _subject() -> tuple[Subject | None, str]:
    """The request, signal or visit referred from (``voor``); 404 for a link that is not
    this worker's (or no longer good)."""
    token = request.args.get("voor") or ""
    if not token:
        return None, ""
    subject = read_token(db.session, token, current_user)
    if subject is None:
        abort(404)
    return subject, token


@bp.get("/sociale-kaart/verwijzen")
@login_required
def refer_from() -> Any:
    """From a request, signal or visit: find the service to refer to."""
    if not is_any_staff(current_user):
        abort(403)
    subject, token = _subject()
    if subject is None:
        abort(404)
    q = (request.args.get("q") or "").strip()[:200]
    services = []
    if q:
        services = list(db.session.scalars(search_query(Filters(q=q)).limit(CHOICES)))
    return render_template(
        "sociale_kaart/refer_from.html",
        subject=subject,
        token=token,
        q=q,
        services=services,
        back_label=SUBJECT_BACK[subject.kind],
    )


@bp.route("/sociale-kaart/dienst/<service_id>/verwijzen", methods=["GET", "POST"])
@login_required
def refer(service_id: str) -> Any:
    if not is_any_staff(current_user):
        abort(403)
    subject, token = _subject()
    service = public_service(db.session, service_id)
    form = ReferralForm()
    if form.validate_on_submit():
        data = referrals.ReferralData(
            person_name=form.person_name.data,
            person_phone=form.person_phone.data,
            question=form.question.data,
            consent=bool(form.consent.data),
        )
        try:
            made = referrals.refer(
                db.session,
                current_user,
                service,
                data,
                utcnow(),
                (subject.kind, subject.id) if subject else None,
            )
        except ConsentNeeded as error:
            form.consent.errors = [str(error.message)]
        except NoContactAddress as error:
            form.person_name.errors = [str(error.message)]
        else:
            log_security_event("referral.sent", user_id=current_user.id, referral_id=made.id)
            return success_redirect(
                _(
                    "De verwijzing is verstuurd naar %(service)s. "
                    "Over een week vragen we hoe het ging.",
                    service=service.name,
                ),
                subject.back
                if subject
                else url_for("sociale_kaart.service", service_id=service.id),
            )
    return form_page(
        "sociale_kaart/refer.html",
        form,
        service=service,
        subject=subject,
        token=token,
        back_label=SUBJECT_BACK[subject.kind] if subject else None,
    )


@bp.route("/sociale-kaart/verwijzingen/<int:referral_id>", methods=["GET", "POST"])
@login_required
def referral(referral_id: int) -> Any:
    made = referrals.own_referral(db.session, current_user, referral_id)
    if made is None:
        abort(404)
    form = OutcomeForm()
    if form.validate_on_submit():
        referrals.record_outcome(db.session, made, form.outcome.data, utcnow())
        return success_redirect(
            _("Dank u. De uitkomst is opgeslagen."), url_for("sociale_kaart.index")
        )
    return form_page("sociale_kaart/referral.html", form, referral=made)

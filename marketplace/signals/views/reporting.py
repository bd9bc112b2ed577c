"""Making a signal: "Ik maak me zorgen om iemand".

Residents (with or without an account) go through short steps, one question per page;
staff of an organisation and the helpdesk (taking a call) use one page. The reporter then
sees "we hebben uw zorg ontvangen" and, later, "er is iemand langs geweest": never more.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.rate_limits import over_limit
from marketplace.signals.errors import InvalidSignal
from marketplace.signals.forms import (
    DID_LABELS,
    NOTICED_LABELS,
    SINCE_LABELS,
    STEP_FIELDS,
    STEPS,
    SignalForm,
)
from marketplace.signals.models import Signal, SignalSource
from marketplace.signals.status_links import signal_for_token, status_token
from marketplace.signals.submitting import submit_signal
from marketplace.signals.views.blueprint import bp

PageResult = Any
# The private status link is shown once, on the page after sending (kept here until then).
_STATUS_TOKEN = "signal_status_token"


def _is_staff() -> bool:
    return current_user.is_authenticated and (
        bool(current_user.memberships) or current_user.has_role(Role.MODERATOR)
    )


def _labels() -> dict[str, Any]:
    return {
        "noticed_labels": NOTICED_LABELS,
        "did_labels": DID_LABELS,
        "since_labels": SINCE_LABELS,
    }


def _render_step(step: str, form: SignalForm, status: int) -> PageResult:
    form.step.data = step
    carried = [name for s in STEPS if s != step for name in STEP_FIELDS[s]]
    return render_template(
        f"signals/step_{step}.html",
        form=form,
        step=step,
        step_number=STEPS.index(step) + 1,
        step_total=len(STEPS),
        carried=carried,
        is_guest=not current_user.is_authenticated,
        is_staff=_is_staff(),
        **_labels(),
    ), status


def _first_step_with_errors(form: SignalForm) -> str:
    for step in STEPS:
        if any(form[name].errors for name in STEP_FIELDS[step]):
            return step
    return "check"


def _step_of(field: str) -> str:
    return next((s for s in STEPS if field in STEP_FIELDS[s]), "check")


def _send(form: SignalForm, *, template_step: str | None, source: SignalSource) -> PageResult:
    """Check every answer, count the guest's try, keep the signal, say thank you."""

    def again(step: str | None, status: int) -> PageResult:
        if step is None:
            return render_template("signals/one_page.html", form=form, **_labels()), status
        return _render_step(step, form, status)

    if not form.validate():
        return again(template_step and _first_step_with_errors(form), 422)
    if not current_user.is_authenticated and (too_many := over_limit("signal")) is not None:
        form.form_errors.append(too_many)
        return again(template_step, 429)
    taken_by = current_user if source == SignalSource.PHONE else None
    reporter = current_user if current_user.is_authenticated and taken_by is None else None
    try:
        signal = submit_signal(
            db.session, form.signal_data(), reporter=reporter, source=source, taken_by=taken_by
        )
    except InvalidSignal as error:
        show_beside_field(form, error.field, error.message)
        return again(template_step and _step_of(error.field), 422)
    db.session.commit()
    token = status_token(signal)
    if token is not None:
        session[_STATUS_TOKEN] = token
    return redirect(url_for("signals.received"))


@bp.route("/zorg-melden", methods=["GET", "POST"])
def report() -> PageResult:
    """The steps. Each POST sends one step (``step``) with the others' answers hidden;
    ``goto`` is "next", "back", "send" or, from the check page, the step to change."""
    form = SignalForm()
    if request.method == "GET":
        return _render_step("address", SignalForm(formdata=None), 200)
    step = form.step.data if form.step.data in STEPS else "address"
    goto = request.form.get("goto", "next")
    if goto == "back":
        earlier = STEPS[max(STEPS.index(step) - 1, 0)]
        return _render_step(earlier, form, 200)
    if step == "check" and goto in STEPS:
        form.back_to_check.data = "1"
        return _render_step(goto, form, 200)
    if step == "check":
        return _send(form, template_step="check", source=SignalSource.RESIDENT)
    if not form.validate_step(step):
        return _render_step(step, form, 422)
    following = "check" if form.back_to_check.data else STEPS[STEPS.index(step) + 1]
    return _render_step(following, form, 200)


@bp.route("/zorg-melden/kort", methods=["GET", "POST"])
@login_required
def report_staff() -> PageResult:
    """One page, for staff of an organisation (a signalling partner) and for the helpdesk
    taking a signal by phone (then the caller's details go in the contact fields)."""
    if not _is_staff():
        abort(403)
    form = SignalForm()
    if not form.is_submitted():
        return render_template("signals/one_page.html", form=form, **_labels()), 200
    by_phone = current_user.has_role(Role.MODERATOR)
    return _send(
        form, template_step=None, source=SignalSource.PHONE if by_phone else SignalSource.PARTNER
    )


@bp.get("/zorg-melden/ontvangen")
def received() -> str:
    """ "We hebben uw zorg ontvangen", and once, the private status link."""
    token = session.pop(_STATUS_TOKEN, None)
    link = url_for("signals.status", token=token, _external=True) if token else None
    return render_template("signals/received.html", status_link=link)


@bp.get("/zorg-melden/status/<token>")
def status(token: str) -> str:
    signal = signal_for_token(db.session, token)
    if signal is None:
        abort(404)
    return render_template("signals/status.html", signals=[signal], private_link=True)


@bp.get("/mijn-zorgmeldingen")
@login_required
def mine() -> str:
    signals = list(
        db.session.scalars(
            select(Signal)
            .where(Signal.reporter_id == current_user.id)
            .order_by(Signal.created_at.desc(), Signal.id.desc())
        )
    )
    return render_template("signals/status.html", signals=signals, private_link=False)

"""Asking for help in four short steps, one question per page (GOV.UK / NL Design System).

1 wat: what kind of help, title, description · 2 waar: postcode · 3 wanneer: timing ·
4 controleren: check your answers, with a "Wijzigen" link per step, then send.
Works without JavaScript. The one-page form (postings.new) stays for offers and vacancies.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.permissions import PermissionDenied, confirmed_required
from marketplace.dayparts import DAY_LABELS, DAYS, PART_LABELS, PARTS
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.posting_steps.forms import SubmitForm, WhatForm, WhenForm, WhereForm
from marketplace.posting_steps.services import (
    draft_data,
    get_own_draft,
    save_what,
    save_when,
    save_where,
    submit_draft,
)
from marketplace.postings import presenters
from marketplace.postings.categories import active_categories
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.forms import form_values
from marketplace.postings.models import Posting, PostingKind

bp = Blueprint("posting_steps", __name__, url_prefix="/oproepen/vragen")

STEPS = ("what", "where", "when", "check")
PageResult = Any


def _locale() -> str:
    return str(get_locale() or "nl")


def _draft_or_404(draft_id: int) -> Posting:
    draft = get_own_draft(db.session, draft_id, current_user)
    if draft is None:
        abort(404)
    return draft


def _render(step: str, form: Any, status: int, draft: Posting | None = None, **context: Any) -> Any:
    return render_template(
        f"posting_steps/{step}.html",
        form=form,
        draft=draft,
        step_number=STEPS.index(step) + 1,
        step_total=len(STEPS),
        back_to_check=request.args.get("terug") == "controleren",
        **context,
    ), status


def _next(draft: Posting, step: str) -> WerkzeugResponse:
    """To the next step, or back to the check page when the author came from there."""
    if request.args.get("terug") == "controleren":
        step = "check"
    return redirect(url_for(f"posting_steps.{step}", draft_id=draft.id))


def _show_error(form: Any, error: Exception) -> None:
    if isinstance(error, InvalidPostcode):
        message = _("Vul de postcode in zoals 3011 AB of 3011.")
        field = "postcode"
    elif isinstance(error, UnknownPostcode):
        message = _("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt.")
        field = "postcode"
    else:
        assert isinstance(error, InvalidPosting)
        message, field = str(error.message), error.field
    target = getattr(form, field, None)
    if target is None:
        form.form_errors.append(message)
    else:
        target.errors = [*target.errors, message]


def _what(draft: Posting | None) -> PageResult:
    kind = draft.kind if draft else request.args.get("kind", PostingKind.REQUEST)
    if kind not in (PostingKind.REQUEST, PostingKind.OFFER):
        kind = PostingKind.REQUEST
    form = WhatForm(obj=draft)
    form.set_categories(active_categories(db.session), _locale())
    if not form.validate_on_submit():
        return _render("what", form, 422 if form.is_submitted() else 200, draft, kind=kind)
    if form.privacy_needs_a_look(form.title.data, form.description.data):
        return _render("what", form, 422, draft, kind=kind)
    try:
        draft = save_what(
            db.session,
            current_user,
            draft,
            kind=kind,
            category_id=form.category_id.data,
            title=form.title.data or "",
            description=form.description.data or "",
        )
    except InvalidPosting as error:
        _show_error(form, error)
        return _render("what", form, 422, draft, kind=kind)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    return _next(draft, "where")


@bp.route("/", methods=["GET", "POST"])
@confirmed_required
def start() -> PageResult:
    """Step 1 for a new draft (``?kind=offer`` to offer help; asking is the default)."""
    return _what(None)


@bp.route("/<int:draft_id>/wat", methods=["GET", "POST"])
@confirmed_required
def what(draft_id: int) -> PageResult:
    return _what(_draft_or_404(draft_id))


@bp.route("/<int:draft_id>/waar", methods=["GET", "POST"])
@confirmed_required
def where(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    form = WhereForm(data={"postcode": draft.postcode or None})
    if not form.validate_on_submit():
        return _render("where", form, 422 if form.is_submitted() else 200, draft)
    try:
        save_where(db.session, current_user, draft, form.postcode.data or "")
    except (InvalidPostcode, UnknownPostcode) as error:
        _show_error(form, error)
        return _render("where", form, 422, draft)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    return _next(draft, "when")


@bp.route("/<int:draft_id>/wanneer", methods=["GET", "POST"])
@confirmed_required
def when(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    form = WhenForm(data=form_values(draft))
    context = {
        "day_labels": [DAY_LABELS[day] for day in DAYS],
        "part_labels": [PART_LABELS[part] for part in PARTS],
    }
    if not form.validate_on_submit():
        return _render("when", form, 422 if form.is_submitted() else 200, draft, **context)
    data = draft_data(draft)
    data.timing = form.timing.data
    data.once_on = form.once_on.data
    data.once_daypart = form.once_daypart.data
    data.recurring_slots = list(form.recurring_slots.data or [])
    data.ends_on = form.ends_on.data
    try:
        save_when(db.session, current_user, draft, data)
    except InvalidPosting as error:
        _show_error(form, error)
        return _render("when", form, 422, draft, **context)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    return _next(draft, "check")


@bp.route("/<int:draft_id>/controleren", methods=["GET", "POST"])
@confirmed_required
def check(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    form = SubmitForm()
    context = {
        "timing_text": presenters.timing_text(draft),
        "category_name": draft.category.name(_locale()),
    }
    if not form.validate_on_submit():
        return _render("check", form, 422 if form.is_submitted() else 200, draft, **context)
    try:
        submit_draft(db.session, current_user, draft)
    except (InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        _show_error(form, error)
        return _render("check", form, 422, draft, **context)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(
        _(
            "Dank u wel. Een moderator kijkt uw oproep eerst na, meestal binnen een dag. "
            "Daarna kan iedereen hem zien. U krijgt bericht."
        ),
        "success",
    )
    return redirect(url_for("postings.detail", posting_id=draft.id))

"""Asking for help in four short steps, one question per page (GOV.UK / NL Design System).

1 wat: what kind of help, title, description · 2 waar: postcode · 3 wanneer: timing ·
4 controleren: check your answers, with a "Wijzigen" link per step, then send.
Works without JavaScript. The one-page form (postings.new) stays for offers and vacancies.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.forms import RegisterForm
from marketplace.accounts.models import User
from marketplace.accounts.passwords import MIN_PASSWORD_LENGTH
from marketplace.accounts.permissions import confirmed_required
from marketplace.accounts.registration import register_from_form, welcome_message
from marketplace.categories import active_categories
from marketplace.dayparts import slot_table_labels
from marketplace.errors import success_redirect
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.i18n import current_language
from marketplace.posting_steps.forms import SubmitForm, WhatForm, WhenForm, WhereForm
from marketplace.posting_steps.services import (
    draft_data,
    get_own_draft,
    person_to_post_for,
    resume_draft,
    save_what,
    save_when,
    save_where,
    submit_draft,
)
from marketplace.postings import presenters
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.forms import form_values, show_service_error
from marketplace.postings.models import Posting, PostingKind
from marketplace.rate_limits import over_limit
from marketplace.safe_redirect import ASK, remember_goal

bp = Blueprint("posting_steps", __name__, url_prefix="/oproepen/vragen")

STEPS = ("what", "where", "when", "check")
PageResult = Any


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


def _what(draft: Posting | None, for_person: User | None = None) -> PageResult:
    kind = draft.kind if draft else request.args.get("kind", PostingKind.REQUEST)
    if kind not in (PostingKind.REQUEST, PostingKind.OFFER) or for_person is not None:
        kind = PostingKind.REQUEST
    form = WhatForm(obj=draft)
    form.set_categories(active_categories(db.session), current_language())
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render("what", form, status, draft, kind=kind, for_person=for_person)
    if form.privacy_needs_a_look(form.title.data, form.description.data):
        return _render("what", form, 422, draft, kind=kind, for_person=for_person)
    try:
        draft = save_what(
            db.session,
            current_user,
            draft,
            kind=kind,
            category_id=form.category_id.data,
            title=form.title.data or "",
            description=form.description.data or "",
            language=form.language.data or None,
            for_person=for_person,
        )
    except InvalidPosting as error:
        show_service_error(form, error)
        return _render("what", form, 422, draft, kind=kind, for_person=for_person)
    db.session.commit()
    return _next(draft, "where")


@bp.route("/", methods=["GET", "POST"])
def start() -> PageResult:
    """Step 1 for a new draft (``?kind=offer`` to offer help; asking is the default).

    A guest may start typing too: her answers then go along to ``account``, where she
    makes an account, and become her draft there."""
    if not current_user.is_authenticated:
        return _guest_what()
    if not current_user.is_email_confirmed:
        return redirect(url_for("accounts.confirmation_needed"))
    for_person = None
    if (person_id := request.args.get("voor", type=int)) is not None:
        # a carer asks for someone who consented (marketplace.carers); anyone else: 404
        for_person = person_to_post_for(db.session, current_user, person_id)
        if for_person is None:
            abort(404)
    return _what(None, for_person)


def _guest_what() -> PageResult:
    """Step 1 for a guest; when it is filled in well, the account page with her answers."""
    form = WhatForm()
    form.set_categories(active_categories(db.session), current_language())
    kind = PostingKind.REQUEST
    if not form.validate_on_submit() or form.privacy_needs_a_look(
        form.title.data, form.description.data
    ):
        status = 422 if form.is_submitted() else 200
        return _render("what", form, status, kind=kind, is_guest=True)
    return _render_account(form, RegisterForm(formdata=None), 200)


def _render_account(what_form: WhatForm, form: RegisterForm, status: int) -> PageResult:
    return render_template(
        "posting_steps/account.html",
        form=form,
        what_form=what_form,
        min_password_length=MIN_PASSWORD_LENGTH,
    ), status


@bp.post("/account")
def account() -> PageResult:
    """A guest makes her account halfway through asking: what she typed in step 1 comes
    along (hidden fields) and becomes her draft. Then two questions (postcode, phone), the
    confirmation mail, and back to step 2 (``safe_redirect.remember_goal``)."""
    if current_user.is_authenticated:
        return redirect(url_for("posting_steps.start"))
    what_form = WhatForm()
    what_form.set_categories(active_categories(db.session), current_language())
    form = RegisterForm()
    if not what_form.validate_on_submit():  # only when the hidden answers were tampered with
        return _render("what", what_form, 422, kind=PostingKind.REQUEST, is_guest=True)
    if not form.validate():
        return _render_account(what_form, form, 422)
    user = register_from_form(form)
    if not isinstance(user, User):
        return _render_account(what_form, form, user)
    draft = save_what(
        db.session,
        user,
        None,
        kind=PostingKind.REQUEST,
        category_id=what_form.category_id.data,
        title=what_form.title.data or "",
        description=what_form.description.data or "",
        language=what_form.language.data or None,
        before_confirming=True,
    )
    remember_goal(ASK, url_for("posting_steps.resume", draft_id=draft.id))
    db.session.commit()
    flash(welcome_message(user), "info")
    return redirect(url_for("profiles.contact"))


@bp.route("/<int:draft_id>/wat", methods=["GET", "POST"])
@confirmed_required
def what(draft_id: int) -> PageResult:
    return _what(_draft_or_404(draft_id))


@bp.get("/<int:draft_id>/verder")
@confirmed_required
def resume(draft_id: int) -> PageResult:
    """Where a guest lands after confirming: her draft takes the postcode she gave, so
    she goes on with step 3; without a postcode, step 2 asks for it."""
    draft = resume_draft(db.session, current_user, _draft_or_404(draft_id))
    db.session.commit()
    return redirect(
        url_for(
            "posting_steps.when" if draft.postcode else "posting_steps.where", draft_id=draft.id
        )
    )


@bp.route("/<int:draft_id>/waar", methods=["GET", "POST"])
@confirmed_required
def where(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    # A guest who made her account on the way gave her postcode just before: it is there.
    profile_postcode = current_user.profile.postcode if current_user.profile else None
    form = WhereForm(data={"postcode": draft.postcode or profile_postcode or None})
    if not form.validate_on_submit():
        return _render("where", form, 422 if form.is_submitted() else 200, draft)
    try:
        save_where(db.session, current_user, draft, form.postcode.data or "")
    except (InvalidPostcode, UnknownPostcode) as error:
        show_service_error(form, error)
        return _render("where", form, 422, draft)
    db.session.commit()
    return _next(draft, "when")


@bp.route("/<int:draft_id>/wanneer", methods=["GET", "POST"])
@confirmed_required
def when(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    form = WhenForm(data=form_values(draft))
    context = slot_table_labels()
    if not form.validate_on_submit():
        return _render("when", form, 422 if form.is_submitted() else 200, draft, **context)
    data = draft_data(draft)
    data.timing = form.timing.data
    data.once_on = form.once_on.data
    data.once_daypart = form.once_daypart.data
    data.recurring_slots = list(form.recurring_slots.data or [])
    data.ends_on = form.ends_on.data
    try:
        save_when(db.session, current_user, draft, data, lasting=form.lasting.data or None)
    except InvalidPosting as error:
        show_service_error(form, error)
        return _render("when", form, 422, draft, **context)
    db.session.commit()
    return _next(draft, "check")


@bp.route("/<int:draft_id>/controleren", methods=["GET", "POST"])
@confirmed_required
def check(draft_id: int) -> PageResult:
    draft = _draft_or_404(draft_id)
    form = SubmitForm()
    context = {
        "timing_text": presenters.timing_text(draft),
        "category_name": draft.category.name(current_language()),
        "language_name": presenters.language_name(draft.language),
        "lasting_text": presenters.lasting_text(draft),
    }
    if not form.validate_on_submit():
        return _render("check", form, 422 if form.is_submitted() else 200, draft, **context)
    if (too_many := over_limit("posting")) is not None:
        form.form_errors.append(too_many)
        return _render("check", form, 429, draft, **context)
    try:
        submit_draft(db.session, current_user, draft)
    except (InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        show_service_error(form, error)
        return _render("check", form, 422, draft, **context)
    return success_redirect(
        _(
            "Dank u wel. Een moderator kijkt uw oproep eerst na, meestal binnen een dag. "
            "Daarna kan iedereen hem zien. U krijgt bericht."
        ),
        url_for("postings.detail", posting_id=draft.id),
    )

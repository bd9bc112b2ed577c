"""One request for a matchmaker: the best candidates with their reasons, invite or assign,
flag a needed credential, and the organisation's case log. Staff of an organisation that
may handle the request only (others 404)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.domain_errors import DomainError
from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.matchmaking import case_log, credentials, services
from marketplace.matchmaking.access import require_handling
from marketplace.matchmaking.errors import InvalidInput
from marketplace.matchmaking.forms import (
    INVITATION_STATUS_LABELS,
    NOTE_KIND_LABELS,
    ButtonForm,
    CaseNoteForm,
    RequirementForm,
)
from marketplace.matchmaking.models import CredentialKind
from marketplace.matchmaking.views.blueprint import bp
from marketplace.rate_limits import over_limit


def _page(posting_id: int, note_form: CaseNoteForm | None = None, status: int = 200):
    posting, organisation = require_handling(db.session, current_user, posting_id)
    more = request.args.get("meer") == "1"
    limit = services.SHOWN_MORE if more else services.SHOWN_FIRST
    return (
        render_template(
            "matchmaking/request.html",
            posting=posting,
            organisation=organisation,
            is_open=services.is_open_request(posting),
            candidates=services.candidates_for(db.session, posting, limit),
            more=more,
            invitations=services.invitations_for(db.session, posting.id),
            needed=[
                credentials.KIND_LABELS.get(kind, kind)  # type: ignore[call-overload]
                for kind in credentials.needed_kinds(db.session, posting)
            ],
            flagged=credentials.flagged_kinds(db.session, posting),
            notes=case_log.notes_for(db.session, posting, organisation),
            note_form=note_form or CaseNoteForm(),
            requirement_form=RequirementForm(),
            status_labels=INVITATION_STATUS_LABELS,
            note_labels=NOTE_KIND_LABELS,
        ),
        status,
    )


@bp.get("/oproep/<int:posting_id>", endpoint="request")
@login_required
def request_page(posting_id: int):
    return _page(posting_id)


def _button_action(posting_id: int, action, success: str, limited: bool = False):
    posting, organisation = require_handling(db.session, current_user, posting_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    too_many = over_limit("invitation") if limited else None
    if too_many:
        flash(too_many, "error")
        return _page(posting_id, status=429)
    attempt(lambda: action(posting, organisation), success, {DomainError: "error"})
    return redirect(url_for("matchmaking.request", posting_id=posting_id))


@bp.post("/oproep/<int:posting_id>/uitnodigen/<int:volunteer_id>")
@login_required
def invite(posting_id: int, volunteer_id: int):
    return _button_action(
        posting_id,
        lambda posting, organisation: services.invite_volunteer(
            db.session, current_user, posting, organisation, volunteer_id
        ),
        _("Gevraagd. De vrijwilliger krijgt een bericht en kan met één klik ja of nee zeggen."),
        limited=True,
    )


@bp.post("/oproep/<int:posting_id>/toewijzen/<int:volunteer_id>")
@login_required
def assign(posting_id: int, volunteer_id: int):
    return _button_action(
        posting_id,
        lambda posting, organisation: services.assign_by_phone(
            db.session, current_user, posting, organisation, volunteer_id
        ),
        _("Vastgelegd. De hulpvrager en de vrijwilliger krijgen elkaars gegevens."),
    )


@bp.post("/oproep/<int:posting_id>/logboek")
@login_required
def add_note(posting_id: int):
    posting, organisation = require_handling(db.session, current_user, posting_id)
    form = CaseNoteForm()
    if not form.validate_on_submit():
        return _page(posting_id, form, 422)
    try:
        case_log.add_note(
            db.session,
            current_user,
            posting,
            organisation,
            form.kind.data or "note",
            form.body.data or "",
            form.remind_on.data,
        )
    except InvalidInput as error:
        show_beside_field(form, error.field, error.message)
        return _page(posting_id, form, 422)
    return success_redirect(
        _("Opgeslagen in het logboek."),
        url_for("matchmaking.request", posting_id=posting_id, _anchor="logboek"),
    )


@bp.post("/oproep/<int:posting_id>/bewijs-nodig")
@login_required
def require_credential(posting_id: int) -> WerkzeugResponse:
    posting, _organisation = require_handling(db.session, current_user, posting_id)
    form = RequirementForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(
        lambda: credentials.flag_request(db.session, current_user, posting, form.kind.data or ""),
        _("Opgeslagen. Alleen vrijwilligers met dit bewijs krijgen deze oproep nog te zien."),
        {DomainError: "error"},
    )
    return redirect(url_for("matchmaking.request", posting_id=posting_id))


@bp.post("/oproep/<int:posting_id>/bewijs-nodig/<kind>/weg")
@login_required
def unrequire_credential(posting_id: int, kind: str) -> WerkzeugResponse:
    posting, _organisation = require_handling(db.session, current_user, posting_id)
    if kind not in set(CredentialKind):
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    attempt(
        lambda: credentials.unflag_request(db.session, current_user, posting, kind),
        _("Opgeslagen. Dit bewijs is niet meer nodig voor deze oproep."),
        {DomainError: "error"},
    )
    return redirect(url_for("matchmaking.request", posting_id=posting_id))

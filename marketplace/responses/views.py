"""Responding to a posting, the conversations that follow, and agreeing on the help."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.permissions import confirmed_required
from marketplace.errors import PageResult, attempt, flash_refusal, form_page
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.postings.models import Posting
from marketplace.rate_limits import over_limit
from marketplace.responses.errors import (
    AlreadyResponded,
    ResponseError,
)
from marketplace.responses.forms import MessageForm, RespondForm, ThanksForm, WithdrawForm
from marketplace.responses.models import Response
from marketplace.responses.services import (
    accept_response,
    check_can_respond,
    complete_response,
    decline_response,
    get_conversation,
    inbox_entries,
    inbox_query,
    open_conversation,
    respond_to_posting,
    send_message,
)
from marketplace.responses.thanks import send_thanks, thanks_for
from marketplace.responses.withdrawal import can_withdraw, check_can_withdraw, withdraw_response

# No url_prefix: responding lives under the posting (/oproepen/<id>/reageren), the
# conversations under /berichten/.
bp = Blueprint("responses", __name__)

# Far beyond any real inbox; keeps the OFFSET within what every database accepts.


def _public_posting_or_404(posting_id: int) -> Posting:
    posting = db.session.get(Posting, posting_id)
    if posting is None or not posting.is_public:
        abort(404)
    return posting


def _conversation_or_404(response_id: int) -> Response:
    response = get_conversation(db.session, current_user, response_id)
    if response is None:
        abort(404)
    return response


def _to_conversation(response: Response) -> WerkzeugResponse:
    return redirect(url_for("responses.conversation", response_id=response.id))


@bp.route("/oproepen/<int:posting_id>/reageren", methods=["GET", "POST"])
@confirmed_required
def new(posting_id: int) -> PageResult:
    posting = _public_posting_or_404(posting_id)
    form = RespondForm()
    try:
        check_can_respond(db.session, posting, current_user)
        if not form.validate_on_submit():
            return form_page("responses/new.html", form, posting=posting)
        if form.privacy_needs_a_look(form.message.data):  # privacy guard: warn, then let go
            return render_template("responses/new.html", posting=posting, form=form), 422
        if (too_many := over_limit("respond")) is not None:
            form.message.errors = [*form.message.errors, too_many]
            return render_template("responses/new.html", posting=posting, form=form), 429
        response = respond_to_posting(db.session, posting, current_user, form.message.data)
    except AlreadyResponded as error:
        flash_refusal(error, "info")
        return _to_conversation(error.response)
    except ResponseError as error:
        flash_refusal(error, "error")
        return redirect(url_for("postings.detail", posting_id=posting.id))
    db.session.commit()
    flash(_("Uw bericht is verstuurd. U krijgt bericht als er een antwoord is."), "success")
    return _to_conversation(response)


@bp.get("/berichten/")
@login_required
def inbox() -> str:
    page = paginate(inbox_query(current_user))
    entries = inbox_entries(db.session, current_user, page.items)
    return render_template("responses/inbox.html", page=page, entries=entries)


@bp.route("/berichten/<int:response_id>", methods=["GET", "POST"])
@login_required
def conversation(response_id: int) -> PageResult:
    response = _conversation_or_404(response_id)
    form = MessageForm()
    status = 422 if form.is_submitted() else 200
    # The privacy guard may ask for a second look before the message goes out.
    if form.validate_on_submit() and not form.privacy_needs_a_look(form.body.data):
        if (too_many := over_limit("message")) is not None:
            form.body.errors = [*form.body.errors, too_many]
            return _show_conversation(response, form, 429)
        attempt(
            lambda: send_message(db.session, current_user, response, form.body.data),
            _("Uw bericht is verstuurd."),
            {ResponseError: "error"},
        )
        return _to_conversation(response)
    return _show_conversation(response, form, status)


def _show_conversation(response: Response, form: MessageForm, status: int) -> PageResult:
    view = open_conversation(db.session, current_user, response)
    db.session.commit()  # the other side's messages are now read
    return render_template(
        "responses/conversation.html",
        view=view,
        form=form,
        thanks=thanks_for(db.session, current_user, response),
        can_withdraw=can_withdraw(current_user, response),
    ), status


def _decide(
    response_id: int,
    service: Callable[..., Response],
    success: Callable[[Response], str],
) -> WerkzeugResponse:
    """Shared by accept, decline and complete: one service call, one commit, back to the
    conversation."""
    response = _conversation_or_404(response_id)
    attempt(  # NotAllowed: 403
        lambda: service(db.session, current_user, response),
        success(response),
        {ResponseError: "error"},
    )
    return _to_conversation(response)


@bp.post("/berichten/<int:response_id>/accepteren")
@login_required
def accept(response_id: int) -> WerkzeugResponse:
    return _decide(
        response_id,
        accept_response,
        lambda response: _(
            "U heeft de hulp afgesproken met %(name)s. U ziet nu elkaars telefoonnummer "
            "en e-mailadres.",
            name=response.responder.display_name,
        ),
    )


@bp.post("/berichten/<int:response_id>/afwijzen")
@login_required
def decline(response_id: int) -> WerkzeugResponse:
    return _decide(
        response_id,
        decline_response,
        lambda response: _(
            "U heeft de reactie van %(name)s afgewezen. %(name)s krijgt daarover bericht.",
            name=response.responder.display_name,
        ),
    )


@bp.post("/berichten/<int:response_id>/klaar")
@login_required
def complete(response_id: int) -> WerkzeugResponse:
    return _decide(
        response_id,
        complete_response,
        lambda response: _("Fijn dat het gelukt is! De hulp staat nu op klaar."),
    )


@bp.route("/berichten/<int:response_id>/intrekken", methods=["GET", "POST"])
@login_required
def withdraw(response_id: int) -> PageResult:
    """The helper withdraws her "Ik help", after a confirmation page (no mis-clicks)."""
    response = _conversation_or_404(response_id)
    form = WithdrawForm()
    try:
        check_can_withdraw(current_user, response)
        if not form.validate_on_submit():
            return form_page("responses/withdraw.html", form, response=response)
        withdraw_response(db.session, current_user, response, form.reason.data or "")
    except ResponseError as error:  # NotYourResponse (the posting's side) is a 403
        flash_refusal(error)
        return _to_conversation(response)
    db.session.commit()
    flash(
        _(
            "U heeft uw reactie ingetrokken. %(name)s krijgt daarover een vriendelijk bericht. "
            "Dank u wel dat u wilde helpen!",
            name=response.posting.author.display_name,
        ),
        "success",
    )
    return _to_conversation(response)


@bp.route("/berichten/<int:response_id>/bedanken", methods=["GET", "POST"])
@login_required
def thank(response_id: int) -> PageResult:
    """Once the help is done, each side may send one short thank-you."""
    response = _conversation_or_404(response_id)
    form = ThanksForm()
    if not thanks_for(db.session, current_user, response).can_send:
        flash(_("U kunt hier nu geen bedankje sturen."), "info")
        return _to_conversation(response)
    if not form.validate_on_submit():
        return form_page("responses/thank.html", form, response=response)
    attempt(
        lambda: send_thanks(db.session, current_user, response, form.body.data),
        _("Uw bedankje is verstuurd."),
        {ResponseError: "info"},  # NotAllowed is a 403
    )
    return _to_conversation(response)

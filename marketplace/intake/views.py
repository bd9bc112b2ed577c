"""Pages for staff who post for clients: phone intake, confirmation, clients, hand-over,
and the client's invitation to an own account.

Client details are for the organisation's staff only: everyone else gets 403 on these
pages (admins and moderators too), and 404 for ids that do not exist or belong elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.permissions import (
    EmailNotConfirmed,
    confirmed_required,
)
from marketplace.categories import active_categories
from marketplace.dayparts import slot_table_labels
from marketplace.errors import PageResult, attempt, flash_refusal, form_page, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.i18n import current_language
from marketplace.intake.errors import (
    IntakeError,
    InvalidClient,
    InvalidInvite,
    OrganisationNotApproved,
)
from marketplace.intake.forms import (
    AcceptInviteForm,
    ClientSearchForm,
    HandOverForm,
    IntakeForm,
    InviteForm,
)
from marketplace.intake.invite_links import invite_token
from marketplace.intake.models import Client, ClientInvite
from marketplace.intake.services import (
    accept_invite,
    client_posting,
    clients_query,
    get_client,
    hand_over,
    hand_over_panel,
    invite_client,
    open_invites,
    postings_for_client_query,
    read_invite,
    reference,
    search_clients,
    staff_organisation,
    take_intake,
)
from marketplace.pagination import paginate
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.forms import show_service_error
from marketplace.postings.presenters import timing_text
from marketplace.rate_limits import over_limit
from marketplace.responses.models import Response
from marketplace.responses.services import get_conversation
from marketplace.security_log import log_security_event

bp = Blueprint("intake", __name__, url_prefix="/intake")


def _organisation_or_abort(organisation_id: int) -> Organisation:
    """404 when it does not exist, 403 (NotStaff) when the person does not work there."""
    organisation = staff_organisation(db.session, current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _client_or_404(organisation: Organisation, client_id: int) -> Client:
    client = get_client(db.session, organisation, client_id)
    if client is None:
        abort(404)
    return client


def _log_client_read(client: Client, **facts: Any) -> None:
    """Every look at a client's details is in the security log (who, which client, where)."""
    log_security_event(
        "client.read",
        user_id=current_user.id,
        client_id=client.id,
        organisation_id=client.organisation_id,
        **facts,
    )


def _not_approved(organisation: Organisation) -> tuple[str, int]:
    return render_template("intake/not_approved.html", organisation=organisation), 403


# -- phone intake ----------------------------------------------------------------------------


def _render_intake(
    organisation: Organisation,
    form: IntakeForm,
    search: ClientSearchForm,
    status: int,
) -> tuple[str, int]:
    focus = form.first_error_field()
    if focus is None and status == 200:
        search.q.render_kw = {"autofocus": True}
    elif focus is not None and form[focus.split("-")[0]].type not in (
        "RadioField",
        "MultiCheckboxField",
    ):
        form[focus].render_kw = {**(form[focus].render_kw or {}), "autofocus": True}
    return render_template(
        "intake/new.html",
        organisation=organisation,
        form=form,
        search=search,
        searched=bool(search.words),
        **slot_table_labels(),
    ), status


def _show_error(form: IntakeForm, error: Exception) -> None:
    if isinstance(error, InvalidClient):
        show_beside_field(form, error.field, error.message)
    else:  # the posting's place is the client's postcode
        show_service_error(form, error, postcode_field="client_postcode")


@bp.route("/<int:organisation_id>/nieuw", methods=["GET", "POST"])
@confirmed_required
def new(organisation_id: int) -> PageResult:
    organisation = _organisation_or_abort(organisation_id)
    if not organisation.is_approved:
        return _not_approved(organisation)
    search = ClientSearchForm(formdata=request.args)
    search.validate()
    clients = search_clients(db.session, organisation, search.words)
    chosen_id = request.form.get("client_id") or request.args.get("client", "")
    chosen = get_client(db.session, organisation, int(chosen_id)) if chosen_id.isdigit() else None
    if chosen is not None and chosen not in clients:
        clients.insert(0, chosen)
    if search.words:
        log_security_event(
            "client.search",
            user_id=current_user.id,
            organisation_id=organisation.id,
            client_ids=[c.id for c in clients],
        )
    if chosen is not None and request.method == "GET":
        _log_client_read(chosen, page="intake")
    form = IntakeForm(**({"client_id": str(chosen.id)} if chosen is not None else {}))
    form.set_categories(active_categories(db.session), current_language())
    form.set_clients(clients)
    if not form.validate_on_submit():
        return _render_intake(organisation, form, search, 422 if form.is_submitted() else 200)
    if (too_many := over_limit("posting")) is not None:
        form.form_errors.append(too_many)
        return _render_intake(organisation, form, search, 429)
    try:  # NotStaff and PermissionDenied reach the handler: 403
        posting = take_intake(
            db.session, current_user, organisation, form.intake_data(), locale=current_language()
        )
    except (InvalidClient, InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        _show_error(form, error)
        return _render_intake(organisation, form, search, 422)
    except OrganisationNotApproved:
        return _not_approved(organisation)
    return success_redirect(
        _(
            "De hulpvraag is verstuurd. Een moderator kijkt hem eerst na. "
            "Druk de bevestiging af voor de cliënt."
        ),
        url_for("intake.confirmation", organisation_id=organisation.id, posting_id=posting.id),
    )


@bp.get("/<int:organisation_id>/bevestiging/<int:posting_id>")
@login_required
def confirmation(organisation_id: int, posting_id: int) -> str:
    organisation = _organisation_or_abort(organisation_id)
    found = client_posting(db.session, organisation, posting_id)
    if found is None:
        abort(404)
    posting, client = found
    _log_client_read(client, posting_id=posting.id)
    return render_template(
        "intake/confirmation.html",
        organisation=organisation,
        posting=posting,
        client=client,
        reference=reference(posting),
        timing_text=timing_text(posting),
    )


# -- clients ---------------------------------------------------------------------------------


@bp.get("/<int:organisation_id>/clienten")
@login_required
def clients(organisation_id: int) -> str:
    organisation = _organisation_or_abort(organisation_id)
    search = ClientSearchForm(formdata=request.args)
    search.validate()
    page = paginate(clients_query(organisation, search.words))
    log_security_event(
        "client.list",
        user_id=current_user.id,
        organisation_id=organisation.id,
        client_ids=[c.id for c in page.items],
    )
    return render_template(
        "intake/clients.html", organisation=organisation, search=search, page=page
    )


def _invite_links(
    organisation: Organisation, client: Client, invites: list[ClientInvite]
) -> list[tuple[ClientInvite, str, str]]:
    """Per open invitation: a fresh link (the invitation row makes it work once) and a
    ready e-mail for the staff member's own mail program."""
    rows = []
    for the_invite in invites:
        token = invite_token(the_invite)
        link = url_for("intake.accept", token=token, _external=True)
        subject = _("Uw hulpvragen op Buurthulp")
        body = _(
            "Beste %(name)s,\n\nMet deze link koppelt u een eigen account aan de hulpvragen "
            "die %(organisation)s voor u heeft geplaatst:\n\n%(link)s\n\n"
            "De link werkt 30 dagen.\n\nMet vriendelijke groet,\n%(organisation)s",
            name=client.name,
            organisation=organisation.name,
            link=link,
        )
        mailto = f"mailto:{quote(the_invite.email)}?subject={quote(subject)}&body={quote(body)}"
        rows.append((the_invite, link, mailto))
    return rows


def _render_client(
    organisation: Organisation, client: Client, form: InviteForm, status: int
) -> tuple[str, int]:
    return render_template(
        "intake/client.html",
        organisation=organisation,
        client=client,
        form=form,
        invites=_invite_links(organisation, client, open_invites(db.session, client)),
    ), status


@bp.get("/<int:organisation_id>/clienten/<int:client_id>")
@login_required
def client(organisation_id: int, client_id: int) -> tuple[str, int]:
    organisation = _organisation_or_abort(organisation_id)
    the_client = _client_or_404(organisation, client_id)
    _log_client_read(the_client)
    return _render_client(organisation, the_client, InviteForm(), 200)


@bp.post("/<int:organisation_id>/clienten/<int:client_id>/uitnodigen")
@confirmed_required
def invite(organisation_id: int, client_id: int) -> PageResult:
    organisation = _organisation_or_abort(organisation_id)
    the_client = _client_or_404(organisation, client_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_client(organisation, the_client, form, 422)
    if (too_many := over_limit("invitation")) is not None:
        form.email.errors = [*form.email.errors, too_many]
        return _render_client(organisation, the_client, form, 429)
    try:
        invite_client(db.session, current_user, organisation, the_client, form.email.data or "")
    except InvalidClient as error:
        form.email.errors = [*form.email.errors, str(error.message)]
        return _render_client(organisation, the_client, form, 422)
    except IntakeError as error:
        flash_refusal(error, "info")
        return redirect(
            url_for("intake.client", organisation_id=organisation.id, client_id=the_client.id)
        )
    return success_redirect(
        _(
            "De uitnodiging is per e-mail verstuurd. Komt hij niet aan? Stuur de link dan zelf "
            "met de knop hieronder."
        ),
        url_for("intake.client", organisation_id=organisation.id, client_id=the_client.id)
        + "#uitnodigingen",
    )


# -- hand-over -------------------------------------------------------------------------------


def hand_over_context(response: Response) -> dict[str, Any]:
    """For the conversation page (responses.views): the client block and its form."""
    panel = hand_over_panel(db.session, current_user, response)
    if panel is not None and panel.client_phone:  # staff see the client's phone number here
        log_security_event(
            "client.read",
            user_id=current_user.id,
            response_id=response.id,
            posting_id=response.posting_id,
        )
    return {
        "hand_over": panel,
        "hand_over_form": HandOverForm() if panel is not None and panel.can_hand_over else None,
    }


@bp.post("/overdracht/<int:response_id>", endpoint="hand_over")
@login_required
def hand_over_route(response_id: int) -> WerkzeugResponse:
    response = get_conversation(db.session, current_user, response_id)
    if response is None:
        abort(404)
    form = HandOverForm()
    back = redirect(url_for("responses.conversation", response_id=response.id))
    if not form.validate_on_submit():
        flash(_("Dat lukte niet. Probeer het opnieuw."), "error")
        return back
    attempt(  # NotStaff: 403
        lambda: hand_over(db.session, current_user, response, consent=bool(form.consent.data)),
        _("De vrijwilliger ziet nu de naam en het telefoonnummer van de cliënt."),
        {IntakeError: "error"},
    )
    return back


# -- the client's own account ----------------------------------------------------------------


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept(token: str) -> PageResult:
    try:
        the_invite = read_invite(db.session, token)
    except InvalidInvite as error:
        return render_template("intake/invite_invalid.html", message=error.message), 404
    form = AcceptInviteForm()
    if not current_user.is_authenticated:
        if form.is_submitted():
            return redirect(url_for("accounts.login", next=request.path))
        return render_template("intake/accept.html", invite=the_invite, form=form), 200
    if not form.validate_on_submit():
        return form_page("intake/accept.html", form, invite=the_invite)
    try:
        accept_invite(db.session, current_user, token)
    except EmailNotConfirmed:
        return redirect(url_for("accounts.confirmation_needed"))
    except IntakeError as error:
        flash_refusal(error, "error")
        return render_template("intake/accept.html", invite=the_invite, form=form), 409
    return success_redirect(
        _("Uw account is gekoppeld. Hier ziet u de hulpvragen die voor u zijn geplaatst."),
        url_for("intake.mine"),
    )


@bp.get("/mijn-hulpvragen")
@login_required
def mine() -> str:
    page = paginate(postings_for_client_query(current_user))
    return render_template("intake/mine.html", page=page)

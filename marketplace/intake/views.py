"""Pages for staff who post for clients: phone intake, confirmation, clients, hand-over,
and the client's invitation to an own account.

Client details are for the organisation's staff only: everyone else gets 403 on these
pages (admins and moderators too), and 404 for ids that do not exist or belong elsewhere.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.permissions import (
    EmailNotConfirmed,
    PermissionDenied,
    confirmed_required,
)
from marketplace.accounts.tokens import make_token
from marketplace.dayparts import DAY_LABELS, DAYS, PART_LABELS, PARTS
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.intake.errors import (
    IntakeError,
    InvalidClient,
    InvalidInvite,
    NotStaff,
    OrganisationNotApproved,
)
from marketplace.intake.forms import (
    AcceptInviteForm,
    ClientSearchForm,
    HandOverForm,
    IntakeForm,
    InviteForm,
)
from marketplace.intake.models import Client, ClientInvite
from marketplace.intake.services import (
    INVITE_PURPOSE,
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
from marketplace.organisations.models import Organisation
from marketplace.pagination import paginate
from marketplace.postings.categories import active_categories
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.presenters import timing_text
from marketplace.responses.models import Response
from marketplace.responses.services import get_conversation

bp = Blueprint("intake", __name__, url_prefix="/intake")

PageResult = str | tuple[str, int] | WerkzeugResponse


def _locale() -> str:
    return str(get_locale() or "nl")


def _organisation_or_abort(organisation_id: int) -> Organisation:
    """404 when it does not exist, 403 when the person does not work there."""
    try:
        organisation = staff_organisation(db.session, current_user, organisation_id)
    except NotStaff:
        abort(403)
    if organisation is None:
        abort(404)
    return organisation


def _client_or_404(organisation: Organisation, client_id: int) -> Client:
    client = get_client(db.session, organisation, client_id)
    if client is None:
        abort(404)
    return client


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
        day_labels=[DAY_LABELS[day] for day in DAYS],
        part_labels=[PART_LABELS[part] for part in PARTS],
    ), status


def _show_error(form: IntakeForm, error: Exception) -> None:
    if isinstance(error, InvalidClient):
        form.show_error(error.field, error.message)
    elif isinstance(error, InvalidPostcode):
        form.show_error("client_postcode", _("Vul de postcode in zoals 3011 AB of 3011."))
    elif isinstance(error, UnknownPostcode):
        form.show_error(
            "client_postcode",
            _("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt."),
        )
    elif isinstance(error, InvalidPosting):
        form.show_error(
            "client_postcode" if error.field == "postcode" else error.field, error.message
        )


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
    form = IntakeForm(**({"client_id": str(chosen.id)} if chosen is not None else {}))
    form.set_categories(active_categories(db.session), _locale())
    form.set_clients(clients)
    if not form.validate_on_submit():
        return _render_intake(organisation, form, search, 422 if form.is_submitted() else 200)
    try:
        posting = take_intake(
            db.session, current_user, organisation, form.intake_data(), locale=_locale()
        )
    except (InvalidClient, InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        _show_error(form, error)
        return _render_intake(organisation, form, search, 422)
    except OrganisationNotApproved:
        return _not_approved(organisation)
    except (NotStaff, PermissionDenied):
        abort(403)
    db.session.commit()
    flash(
        _(
            "De hulpvraag is verstuurd. Een moderator kijkt hem eerst na. "
            "Druk de bevestiging af voor de cliënt."
        ),
        "success",
    )
    return redirect(
        url_for("intake.confirmation", organisation_id=organisation.id, posting_id=posting.id)
    )


@bp.get("/<int:organisation_id>/bevestiging/<int:posting_id>")
@login_required
def confirmation(organisation_id: int, posting_id: int) -> str:
    organisation = _organisation_or_abort(organisation_id)
    found = client_posting(db.session, organisation, posting_id)
    if found is None:
        abort(404)
    posting, client = found
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
        token = make_token(INVITE_PURPOSE, {"invite": the_invite.id, "email": the_invite.email})
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
    return _render_client(organisation, _client_or_404(organisation, client_id), InviteForm(), 200)


@bp.post("/<int:organisation_id>/clienten/<int:client_id>/uitnodigen")
@confirmed_required
def invite(organisation_id: int, client_id: int) -> PageResult:
    organisation = _organisation_or_abort(organisation_id)
    the_client = _client_or_404(organisation, client_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_client(organisation, the_client, form, 422)
    try:
        invite_client(db.session, current_user, organisation, the_client, form.email.data or "")
    except InvalidClient as error:
        form.email.errors = [*form.email.errors, str(error.message)]
        return _render_client(organisation, the_client, form, 422)
    except IntakeError as error:
        flash(str(error.message), "info")
        return redirect(
            url_for("intake.client", organisation_id=organisation.id, client_id=the_client.id)
        )
    db.session.commit()
    flash(
        _(
            "De uitnodiging is per e-mail verstuurd. Komt hij niet aan? Stuur de link dan zelf "
            "met de knop hieronder."
        ),
        "success",
    )
    return redirect(
        url_for("intake.client", organisation_id=organisation.id, client_id=the_client.id)
        + "#uitnodigingen"
    )


# -- hand-over -------------------------------------------------------------------------------


def hand_over_context(response: Response) -> dict[str, Any]:
    """For the conversation page (responses.views): the client block and its form."""
    panel = hand_over_panel(db.session, current_user, response)
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
    try:
        hand_over(db.session, current_user, response, consent=bool(form.consent.data))
    except NotStaff:
        abort(403)
    except IntakeError as error:
        flash(str(error.message), "error")
        return back
    db.session.commit()
    flash(
        _("De vrijwilliger ziet nu de naam en het telefoonnummer van de cliënt."),
        "success",
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
        status = 422 if form.is_submitted() else 200
        return render_template("intake/accept.html", invite=the_invite, form=form), status
    try:
        accept_invite(db.session, current_user, token)
    except EmailNotConfirmed:
        return redirect(url_for("accounts.confirmation_needed"))
    except PermissionDenied:
        abort(403)
    except IntakeError as error:
        flash(str(error.message), "error")
        return render_template("intake/accept.html", invite=the_invite, form=form), 409
    db.session.commit()
    flash(
        _("Uw account is gekoppeld. Hier ziet u de hulpvragen die voor u zijn geplaatst."),
        "success",
    )
    return redirect(url_for("intake.mine"))


@bp.get("/mijn-hulpvragen")
@login_required
def mine() -> str:
    page = paginate(postings_for_client_query(current_user))
    return render_template("intake/mine.html", page=page)

"""The rules for posting on behalf of a client, handing a match over, and client accounts.

Who may do what: staff (any ``Membership``) of the client's organisation, and nobody else:
not other organisations, not moderators, not admins. A client's phone number and notes stay
inside the organisation; a volunteer sees the first name or initials and the neighbourhood,
and the phone number only after a hand-over the client agreed to.

Services flush and never commit; the view commits once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from marketplace import email_addresses
from marketplace.accounts.errors import ExpiredToken, InvalidToken
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.permissions import require_confirmed
from marketplace.accounts.tokens import read_token
from marketplace.categories import Category
from marketplace.email_addresses import InvalidEmail, normalise_email
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.intake.errors import (
    AlreadyHandedOver,
    ClientAlreadyLinked,
    ConsentMissing,
    InvalidClient,
    InvalidInvite,
    InviteForOtherAddress,
    NotAccepted,
    NotForClient,
    NotStaff,
    OrganisationNotApproved,
)
from marketplace.intake.invite_links import (
    INVITE_MAX_AGE,
    INVITE_PURPOSE,
    email_digest,
    invite_placeholder,
    invite_token,
)
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify_address, page_path
from marketplace.permissions import staff_of
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.services import create_posting
from marketplace.postings.validation import PostingData
from marketplace.responses.models import Response, ResponseStatus
from marketplace.responses.services import send_message
from marketplace.search import contains
from marketplace.timestamps import utcnow

NAME_MAX = 40
PHONE_MAX = 30
NOTES_MAX = 2000
NOTE_FOR_VOLUNTEER_MAX = 1000
EMAIL_MAX = email_addresses.MAX_LENGTH
SEARCH_LIMIT = 10
# A name with digits or "@" is almost always a phone number or e-mail address typed in the
# wrong box, and the name is the one thing volunteers see.
_NOT_A_NAME = re.compile(r"[0-9@]")
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
CHOOSE_CLIENT = _l("Kies de cliënt uit de lijst, of kies ‘Nieuwe cliënt’.")
ASK_CONSENT = _l(
    "Vraag de cliënt of het goed is dat uw organisatie deze gegevens bewaart. "
    "Zet dan een vinkje. Zonder toestemming kunt u de hulpvraag niet versturen."
)


@dataclass
class ClientData:
    """What staff typed about a client."""

    name: str
    postcode: str
    phone: str | None = None
    notes: str | None = None


@dataclass
class IntakeData:
    """One phone intake: an existing client (``client_id``) or a new one (``client``), the
    request itself and a note for the volunteer."""

    posting: PostingData
    client_id: int | None = None
    client: ClientData | None = None
    note_for_volunteer: str = ""
    # The client agreed (on the phone) that the organisation keeps their details.
    consent: bool = False


@dataclass(frozen=True)
class HandOverPanel:
    """What the conversation page shows about the client, decided here."""

    record: HandOver | None  # shown to the volunteer and to staff once it exists
    client_name: str
    client_phone: str | None  # only filled in for the organisation's staff
    organisation_phone: str | None
    can_hand_over: bool  # staff, the response is accepted, not handed over yet
    waiting_for_acceptance: bool  # staff, before the help is agreed
    volunteer_note: str | None  # the intake's note: staff always, the volunteer once handed over


# -- who may ---------------------------------------------------------------------------------


def staff_organisation(session: Session, user: User, organisation_id: int) -> Organisation | None:
    """The organisation when ``user`` is on its staff; None when it does not exist.

    Raises NotStaff when it exists but ``user`` does not work there (admins included: client
    details are for the organisation only).
    """
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        return None
    if not staff_of(session, user, organisation.id):
        raise NotStaff()
    return organisation


def _check_staff(session: Session, actor: User, organisation: Organisation) -> None:
    if not staff_of(session, actor, organisation.id):
        raise NotStaff()
    if not organisation.is_approved:
        raise OrganisationNotApproved()


# -- clients ---------------------------------------------------------------------------------


def _validated_client(data: ClientData) -> dict[str, Any]:
    """Raises InvalidClient naming the field; checks every value before anything changes."""
    name = " ".join((data.name or "").split())
    if not name:
        raise InvalidClient(
            "client_name",
            _l("Vul de voornaam of de voorletters in, bijvoorbeeld ‘Joke’ of ‘J.B.’."),
        )
    if len(name) > NAME_MAX:
        raise InvalidClient(
            "client_name",
            _l("Vul alleen de voornaam of de voorletters in: hooguit %(n)s tekens.", n=NAME_MAX),
        )
    if _NOT_A_NAME.search(name):
        raise InvalidClient(
            "client_name",
            _l(
                "Vul bij de naam geen cijfers of e-mailadres in. "
                "Het telefoonnummer heeft een eigen vak."
            ),
        )
    postcode = (data.postcode or "").strip()
    if not postcode:
        raise InvalidClient("client_postcode", _l("Vul de postcode in, bijvoorbeeld 3011 AB."))
    try:
        place = lookup_postcode(postcode)
    except UnknownPostcode:
        raise InvalidClient(
            "client_postcode",
            _l("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt."),
        ) from None
    except InvalidPostcode:
        raise InvalidClient(
            "client_postcode", _l("Vul de postcode in zoals 3011 AB of 3011.")
        ) from None
    phone = " ".join((data.phone or "").split()) or None
    if phone is not None and (
        len(phone) > PHONE_MAX or not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6
    ):
        raise InvalidClient(
            "client_phone", _l("Vul het telefoonnummer in met cijfers, bijvoorbeeld 010 123 4567.")
        )
    notes = (data.notes or "").strip() or None
    if notes is not None and len(notes) > NOTES_MAX:
        raise InvalidClient(
            "client_notes", _l("Maak de notities korter: hooguit %(n)s tekens.", n=NOTES_MAX)
        )
    return {
        "name": name,
        "postcode": place.postcode,
        "neighbourhood": place.neighbourhood,
        "phone": phone,
        "notes": notes,
    }


def create_client(
    session: Session, actor: User, organisation: Organisation, data: ClientData
) -> Client:
    """Add a client to the organisation's records.

    Raises NotStaff, OrganisationNotApproved, InvalidClient.
    """
    _check_staff(session, actor, organisation)
    client = Client(organisation=organisation, created_by_id=actor.id, **_validated_client(data))
    session.add(client)
    session.flush()
    return client


def get_client(session: Session, organisation: Organisation, client_id: int) -> Client | None:
    """The client when it belongs to ``organisation``; None otherwise (the view answers 404)."""
    client = session.get(Client, client_id)
    return client if client is not None and client.organisation_id == organisation.id else None


def _search_filter(query: Select[Client], search: str) -> Select[Client]:
    words = search.split()[:5]
    for word in words:
        word = word[:40]
        query = query.where(
            or_(
                contains(Client.name, word),
                contains(Client.postcode, word),
                contains(Client.neighbourhood, word),
            )
        )
    return query


def clients_query(organisation: Organisation, search: str = "") -> Select[Client]:
    """The organisation's clients by name, with their requests; ``search`` matches name,
    postcode or neighbourhood (every word must match)."""
    query = (
        select(Client)
        .where(Client.organisation_id == organisation.id)
        .options(selectinload(Client.postings), joinedload(Client.user))
        .order_by(func.lower(Client.name), Client.id)
    )
    return _search_filter(query, search)


def search_clients(
    session: Session, organisation: Organisation, search: str, limit: int = SEARCH_LIMIT
) -> list[Client]:
    """At most ``limit`` clients matching ``search``, for picking one during an intake."""
    if not search.strip():
        return []
    return list(session.scalars(clients_query(organisation, search).limit(limit)))


# -- the intake ------------------------------------------------------------------------------


def default_title(category: Category, locale: str = "nl") -> str:
    """A sensible public title when staff leave it empty: "Hulp gezocht: boodschappen"."""
    return _("Hulp gezocht: %(category)s", category=category.name(locale).lower())


def take_intake(
    session: Session,
    staff: User,
    organisation: Organisation,
    data: IntakeData,
    *,
    locale: str = "nl",
) -> Posting:
    """Post a request for a client, as staff of ``organisation``; it waits for a moderator
    like every posting. A new client is added to the organisation's records.

    The client must have agreed that the organisation keeps their details (``consent``);
    the moment is recorded on the client (``consent_at``).

    Raises NotStaff, OrganisationNotApproved, InvalidClient, and what
    ``postings.services.create_posting`` raises (InvalidPosting, InvalidPostcode,
    UnknownPostcode, PermissionDenied).
    """
    _check_staff(session, staff, organisation)
    if not data.consent:
        raise InvalidClient("client_consent", ASK_CONSENT)
    is_new = data.client_id is None and data.client is not None
    if data.client_id is not None:
        client = get_client(session, organisation, data.client_id)
        if client is None:
            raise InvalidClient("client_id", CHOOSE_CLIENT)
    elif data.client is not None:
        # Not added to the session yet: a refused request must leave no client behind.
        client = Client(
            organisation_id=organisation.id,
            created_by_id=staff.id,
            **_validated_client(data.client),
        )
    else:
        raise InvalidClient("client_id", CHOOSE_CLIENT)
    note = (data.note_for_volunteer or "").strip()
    if len(note) > NOTE_FOR_VOLUNTEER_MAX:
        raise InvalidClient(
            "note_for_volunteer",
            _l("Maak de noot korter: hooguit %(n)s tekens.", n=NOTE_FOR_VOLUNTEER_MAX),
        )
    title = (data.posting.title or "").strip()
    if not title and data.posting.category_id is not None:
        category = session.get(Category, data.posting.category_id)
        title = default_title(category, locale) if category is not None else ""
    posting_data = replace(
        data.posting,
        kind=PostingKind.REQUEST,
        title=title,
        postcode=(data.posting.postcode or "").strip() or client.postcode,
        recurring_slots=list(data.posting.recurring_slots),
    )
    posting = create_posting(
        session,
        author=staff,
        data=posting_data,
        organisation=organisation,
        on_behalf_of=client.name,
    )
    if is_new:
        session.add(client)
        session.flush()  # the id links the posting
    posting.client_id = client.id
    client.consent_at = utcnow()
    posting.volunteer_note = note or None
    session.flush()
    return posting


def reference(posting: Posting) -> str:
    """The number the client can quote on the phone."""
    return f"BH-{posting.id:06d}"


def client_posting(
    session: Session, organisation: Organisation, posting_id: int
) -> tuple[Posting, Client] | None:
    """A posting the organisation made for one of its clients, with that client."""
    posting = session.scalar(
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(Posting.id == posting_id, Posting.organisation_id == organisation.id)
        .where(Posting.client_id.is_not(None))
    )
    if posting is None or posting.client_id is None:
        return None
    client = get_client(session, organisation, posting.client_id)
    return (posting, client) if client is not None else None


def client_for_posting(session: Session, posting: Posting) -> Client | None:
    return session.get(Client, posting.client_id) if posting.client_id is not None else None


# -- the hand-over ---------------------------------------------------------------------------


def _hand_over_record(session: Session, response: Response) -> HandOver | None:
    return session.scalar(
        select(HandOver)
        .options(joinedload(HandOver.handed_over_by))
        .where(HandOver.response_id == response.id)
    )


def hand_over_panel(session: Session, viewer: User, response: Response) -> HandOverPanel | None:
    """What ``viewer`` may see about the client in this conversation; None when the posting
    is not for a client, or the viewer may see nothing of it yet."""
    posting = response.posting
    client = client_for_posting(session, posting)
    if client is None:
        return None
    record = _hand_over_record(session, response)
    organisation_phone = posting.organisation.phone if posting.organisation else None
    if staff_of(session, viewer, posting.organisation_id):
        accepted = response.status == ResponseStatus.ACCEPTED
        return HandOverPanel(
            record=record,
            client_name=client.name,
            client_phone=client.phone,
            organisation_phone=organisation_phone,
            can_hand_over=accepted and record is None,
            waiting_for_acceptance=response.status == ResponseStatus.PENDING,
            volunteer_note=posting.volunteer_note,
        )
    if viewer.id == response.responder_id and record is not None:
        return HandOverPanel(
            record=record,
            client_name=record.client_name,
            client_phone=None,
            organisation_phone=organisation_phone,
            can_hand_over=False,
            waiting_for_acceptance=False,
            volunteer_note=posting.volunteer_note,
        )
    return None


def hand_over(session: Session, actor: User, response: Response, *, consent: bool) -> HandOver:
    """Share the client's first name and phone number with the volunteer of an accepted
    response, record who did it and when, and tell the volunteer in the conversation.

    Raises NotStaff, NotForClient, NotAccepted, ConsentMissing, AlreadyHandedOver.
    """
    posting = response.posting
    if not staff_of(session, actor, posting.organisation_id):
        raise NotStaff()
    client = client_for_posting(session, posting)
    if client is None:
        raise NotForClient()
    if response.status != ResponseStatus.ACCEPTED:
        raise NotAccepted()
    if _hand_over_record(session, response) is not None:
        raise AlreadyHandedOver()
    if not consent:
        raise ConsentMissing()
    record = HandOver(
        response=response,
        client=client,
        client_name=client.name,
        client_phone=client.phone,
        consent_given=True,
        handed_over_by_id=actor.id,
    )
    session.add(record)
    session.flush()
    # The message tells the volunteer (and mails them); the phone number itself stays out
    # of messages and e-mails and is only shown on the conversation page.
    send_message(
        session,
        actor,
        response,
        _(
            "Ik heb u in contact gebracht met %(name)s. U vindt de naam en het "
            "telefoonnummer bovenaan dit gesprek, onder ‘Contact met %(name)s’.",
            name=client.name,
        ),
    )
    return record


# -- the client's own account ----------------------------------------------------------------


def invite_client(
    session: Session, actor: User, organisation: Organisation, client: Client, email: str
) -> tuple[ClientInvite, str]:
    """Mail the client an invitation to link an own account; returns the invitation and
    the token for its link (staff can also pass the link on themselves). An earlier, unused
    invitation keeps working until it expires.

    Raises NotStaff, OrganisationNotApproved, ClientAlreadyLinked, InvalidClient (e-mail).
    """
    _check_staff(session, actor, organisation)
    if client.organisation_id != organisation.id:
        raise NotStaff()
    if client.user_id is not None:
        raise ClientAlreadyLinked()
    try:
        email = normalise_email(email or "")
    except InvalidEmail as error:
        raise InvalidClient("email", email_addresses.INVALID_MESSAGE) from error
    invite = ClientInvite(client=client, email=email, invited_by_id=actor.id)
    session.add(invite)
    session.flush()  # the id goes into the token
    # The stored mail holds a placeholder; the worker makes the link as it sends the mail.
    notify_address(
        session,
        actor,
        email,
        NotificationKind.CLIENT_INVITE,
        f"client_invite:{invite.id}",
        link_path=invite_path(invite_placeholder(invite.id)),
        client_name=client.name,
        organisation_name=organisation.name,
    )
    return invite, invite_token(invite)


def invite_path(token: str) -> str:
    """The invitation's page for ``token``, which may be the placeholder the worker fills
    (``[uitnodiging-12]``): kept as written (url_for would quote its brackets)."""
    return unquote(page_path("intake.accept", token=token))


def read_invite(session: Session, token: str) -> ClientInvite:
    """The open invitation the token names. Raises InvalidInvite (bad, expired or used)."""
    try:
        payload = read_token(INVITE_PURPOSE, token, max_age=INVITE_MAX_AGE)
    except (InvalidToken, ExpiredToken):
        raise InvalidInvite() from None
    invite_id = payload.get("invite")
    invite = session.get(ClientInvite, invite_id) if isinstance(invite_id, int) else None
    if (
        invite is None
        or not _token_names_address(payload, invite.email)
        or invite.accepted_at is not None
        or invite.created_at < utcnow() - INVITE_MAX_AGE
    ):
        raise InvalidInvite()
    return invite


def _token_names_address(payload: dict[str, Any], email: str) -> bool:
    if "e" in payload:
        return payload["e"] == email_digest(email)
    # Links sent before tokens held a digest only; they expire within 30 days.
    return payload.get("email") == email


def open_invites(session: Session, client: Client) -> list[ClientInvite]:
    """Invitations for ``client`` that were not used and have not expired, newest first."""
    if client.user_id is not None:
        return []
    return list(
        session.scalars(
            select(ClientInvite)
            .where(ClientInvite.client_id == client.id, ClientInvite.accepted_at.is_(None))
            .where(ClientInvite.created_at >= utcnow() - INVITE_MAX_AGE)
            .order_by(ClientInvite.created_at.desc(), ClientInvite.id.desc())
        )
    )


def accept_invite(session: Session, user: User, token: str) -> Client:
    """Link the logged-in ``user`` to the client the invitation is for.

    The client's postings keep the professional as author (the organisation stays
    responsible and keeps the conversations); the client sees them on their own page.
    Nothing is moved, so no posting, response or message is lost.

    Raises InvalidInvite, InviteForOtherAddress, ClientAlreadyLinked, EmailNotConfirmed
    (the address must be the person's own before it links anything), PermissionDenied.
    """
    invite = read_invite(session, token)
    require_confirmed(user)
    if user.email.lower() != invite.email:
        raise InviteForOtherAddress()
    client = invite.client
    if client.user_id is not None:
        raise ClientAlreadyLinked()
    now = utcnow()
    client.user_id = user.id
    client.linked_at = now
    invite.accepted_at = now
    session.flush()
    return client


def postings_for_client_query(user: User) -> Select[Posting]:
    """The requests organisations posted for ``user`` as their client, newest first."""
    return (
        select(Posting)
        .join(Client, Client.id == Posting.client_id)
        .where(Client.user_id == user.id)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .order_by(Posting.created_at.desc(), Posting.id.desc())
    )

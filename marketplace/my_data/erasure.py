"""Erasing a person (AVG art. 17): by themselves, by an admin, or a client by their
organisation.

**A tombstone, not a deleted row.** The ``users`` row stays, emptied: ``erased_at`` set, a
unique placeholder address under ``.invalid`` (a top-level domain that can never receive
mail, RFC 2606), a password hash that no password matches, every other column back to
empty. Why not delete the row: postings, responses and messages that *other* people keep
point to it. The other side of a conversation keeps the conversation and sees "verwijderd
account" as the sender (``User.display_name``); with the row deleted every such page would
need a missing-sender case, and the dashboard's counts would change the past. The
tombstone holds nothing about the person, so it is not personal data.

**What is erased.** The profile (name, postcode, phone, interests, availability), role
grants and organisation memberships, log-in sessions (so every device is logged out),
notifications to the person and mails to their address, follow-up questions, match
suggestions and the matching copy of their profile, reports about them, invitations to
their address, their address or phone number as an organisation's contact address or
phone, and the client records
organisations keep about them once they linked their account (with the hand-overs and
invitations that hang off those; invitations to their address for a client record that was
never linked are deleted, the record itself may be someone else's and stays). Text they wrote is
emptied: their responses, their messages (the other side sees "Dit bericht is verwijderd"),
and their own postings, which are closed and keep only the kind of help and the
neighbourhood (postcode cut to its four digits). Open responses are withdrawn, open
applications to vacancies too; an organisation's notes and references about them are
deleted, recorded hours keep only date and number. Their display name is replaced by
"verwijderd account" where it appears in texts others keep (messages in their
conversations, responses to their postings, notifications).

**What is kept, and why.**

- The moderation audit trail (``audit_events``) keeps every row, with ``actor_id`` still
  pointing at the (empty) tombstone: a municipality must be able to show who decided what
  about a posting or a person (accountability, DSA art. 17 and 24; Archiefwet for a
  municipal service). It keeps ids, the action and when. The reason a moderator or admin
  typed about the erased person (events whose target is their account) becomes
  "verwijderd": free text about a person may hold their details. Reasons of decisions
  about other people or postings stay as typed, and so does the admin's reason for the
  erasure itself (recorded after it): the proof that the person's request was handled.
- Reports the person made stay for the moderators, without the reporter (``reporter_id``
  set to NULL) and without their words (``reason`` emptied): the reported content belongs
  to someone else and may still need action.
- Postings of an organisation that the person wrote as its staff stay the organisation's.
- The security log (files, not the database) keeps the numeric id of its events until its
  own retention deletes them; the erasure itself is logged as ``account.erased`` with the
  numeric id only.

``ERASURE_RULES`` lists every foreign key to ``users.id`` with what happens to it; a test
fails when a new one is added without a decision.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import Column, Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.accounts.sessions import end_all_sessions
from marketplace.agenda.photos import forget_photos_of
from marketplace.audit import AuditEvent, record_audit
from marketplace.extensions import Model
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.moderation.models import Report
from marketplace.my_data.errors import AlreadyErased, CannotEraseOwnAccountHere, WrongPassword
from marketplace.notifications.models import Notification
from marketplace.organisations.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Invitation,
    Reference,
    VolunteerHours,
)
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import Message, Response, ResponseStatus
from marketplace.search import contains
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow

PLACEHOLDER_DOMAIN = "buurthulp.invalid"
ERASED_NAME = "verwijderd account"
# What an audit event about an erased person keeps of the reason someone typed.
ERASED_REASON = "verwijderd"

OPEN_POSTING = {
    PostingStatus.DRAFT,
    PostingStatus.PENDING,
    PostingStatus.PUBLISHED,
    PostingStatus.MATCHED,
}
OPEN_APPLICATION = {
    ApplicationStatus.NEW,
    ApplicationStatus.CONTACTED,
    ApplicationStatus.INTAKE_PLANNED,
}

# Every foreign key to users.id, and what erasing the user does with its rows:
#   "delete"   the rows are the person's and go;
#   "null"     the row stays for others, without the link;
#   "keep"     the row stays pointing at the empty tombstone (nothing personal remains);
#   "custom"   erase_account handles the row itself (see there).
ERASURE_RULES: dict[tuple[str, str], str] = {
    ("profiles", "user_id"): "delete",
    ("role_grants", "user_id"): "delete",
    ("role_grants", "granted_by_id"): "keep",
    ("memberships", "user_id"): "delete",
    ("notifications", "recipient_id"): "delete",
    ("follow_ups", "user_id"): "delete",
    ("match_suggestions", "user_id"): "delete",
    ("match_requests", "user_id"): "delete",
    ("volunteer_reach", "user_id"): "delete",
    ("user_sessions", "user_id"): "delete",
    ("two_factor", "user_id"): "delete",
    ("recovery_codes", "user_id"): "delete",
    ("reports", "reporter_id"): "null",
    ("sociale_kaart_referrals", "referred_by_id"): "null",
    ("reports", "reported_user_id"): "delete",
    ("reports", "resolved_by_id"): "keep",
    ("audit_events", "actor_id"): "keep",
    ("postings", "author_id"): "custom",
    ("responses", "responder_id"): "custom",
    ("messages", "sender_id"): "custom",
    ("clients", "user_id"): "custom",
    ("clients", "created_by_id"): "keep",
    ("client_invites", "invited_by_id"): "keep",
    ("hand_overs", "handed_over_by_id"): "keep",
    ("organisations", "created_by_id"): "keep",
    ("organisation_invitations", "invited_by_id"): "keep",
    ("organisation_invitations", "accepted_by_id"): "keep",
    ("application_notes", "author_id"): "keep",
    ("volunteer_hours", "recorded_by_id"): "keep",
    ("volunteer_references", "author_id"): "keep",
    ("escalations", "claimed_by_user_id"): "keep",
    # "Geen contact meer" goes with either account.
    ("contact_blocks", "blocker_id"): "delete",
    ("contact_blocks", "blocked_id"): "delete",
    # Concern signals: the signal stays (someone may still need the visit), the link to
    # the reporter goes; the staff's own steps stay like the audit trail.
    ("signals", "reporter_id"): "null",
    ("signals", "taken_by_id"): "keep",
    ("signals", "assigned_to_id"): "null",
    ("signal_status_changes", "changed_by_id"): "keep",
    ("signal_notes", "author_id"): "keep",
    ("signal_handlers", "user_id"): "delete",
    ("signal_handlers", "granted_by_id"): "keep",
    # A thank-you is the sender's words: it goes with her account.
    ("thank_you_notes", "sender_id"): "delete",
    # Home visits: her VOG and training go; the visits she made and reports she wrote are
    # the resident's and the organisation's, and stay without her.
    ("visitor_qualifications", "user_id"): "delete",
    ("visitor_qualifications", "recorded_by_id"): "keep",
    ("visit_rounds", "created_by_id"): "keep",
    ("home_visits", "visitor_id"): "null",
    ("visit_reports", "written_by_id"): "null",
    # Wijkagenda: her sign-ups go; an activity she put in stays for those who come to it.
    ("activities", "created_by_id"): "null",
    ("activity_signups", "user_id"): "delete",
    ("activity_signups", "signed_up_by_id"): "null",  # a client's sign-up stays the client's
    # Matchmakers: her invitations and credentials go; what staff wrote or flagged stays
    # with the request, as the audit trail does.
    ("matchmaker_invitations", "volunteer_id"): "delete",
    ("matchmaker_invitations", "invited_by_id"): "keep",
    ("case_notes", "author_id"): "keep",
    ("credentials", "user_id"): "delete",
    ("credentials", "recorded_by_id"): "keep",
    ("credential_requirements", "flagged_by_id"): "keep",
    # Acting for someone: the consent goes with either account (and with it the trail of
    # what was done); who recorded or ended it is not kept. Requests posted for her are
    # closed and emptied like her own.
    ("delegations", "carer_id"): "delete",
    ("delegations", "person_id"): "delete",
    ("delegations", "recorded_by_id"): "null",
    ("delegations", "ended_by_id"): "null",
    ("postings", "for_person_id"): "custom",
    # Lasting contact: the pair's rhythm stays for the other (and the wijk's figures),
    # pointing at the empty tombstone; her answers to "Gaat het goed?" go.
    ("lasting_contacts", "volunteer_id"): "keep",
    ("lasting_contacts", "ended_by_id"): "null",
    ("lasting_check_ins", "user_id"): "delete",
}

# Columns of the tombstone that keep a value; every other column goes back to empty.
KEPT_USER_COLUMNS = {"id", "email", "password_hash", "created_at", "erased_at"}


def foreign_keys_to_users() -> set[tuple[str, str]]:
    """(table, column) of every foreign key to users.id in the schema."""
    found = set()
    for table in Model.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "users" and fk.parent.table is not None:
                found.add((table.name, fk.parent.name))
    return found


def _column(table_name: str, column_name: str) -> tuple[Table, Column[int]]:
    table = Model.metadata.tables[table_name]
    return table, table.c[column_name]


@dataclass(frozen=True)
class ErasureSummary:
    user_id: int
    postings_closed: int
    responses_withdrawn: int
    messages_erased: int


def placeholder_email(user_id: int) -> str:
    return f"erased-{user_id}@{PLACEHOLDER_DOMAIN}"


def _name_pattern(name: str | None) -> re.Pattern[str] | None:
    """The exact display name as a whole word; None when too short to replace safely."""
    if not name or len(name.strip()) < 3:
        return None
    return re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.IGNORECASE)


def anonymise_posting(posting: Posting) -> None:
    """Close the posting if open and keep only what is not about a person: the kind of help
    and the neighbourhood (postcode cut to four digits). Flushes nothing."""
    now = utcnow()
    if posting.status in OPEN_POSTING:
        posting.status = PostingStatus.CLOSED
        posting.closed_at = now
    posting.title = posting.category.name_nl[:120]
    posting.description = ""
    posting.postcode = posting.pc4
    posting.on_behalf_of = None
    posting.volunteer_note = None
    posting.rejection_reason = None
    posting.client_id = None
    posting.language = None


def _scrub_name(session: Session, user: User, name: str | None) -> None:
    """Replace the person's name with "verwijderd account" in texts that others keep."""
    pattern = _name_pattern(name)
    if pattern is None or name is None:
        return
    needle = name.strip()
    conversations = (
        select(Response.id)
        .join(Posting, Posting.id == Response.posting_id)
        .where(or_(Response.responder_id == user.id, Posting.author_id == user.id))
    )
    for message in session.scalars(
        select(Message).where(
            Message.response_id.in_(conversations),
            Message.sender_id != user.id,
            contains(Message.body, needle),
        )
    ):
        message.body = pattern.sub(ERASED_NAME, message.body)
    for response in session.scalars(
        select(Response)
        .join(Posting, Posting.id == Response.posting_id)
        .where(
            Posting.author_id == user.id,
            contains(Response.message, needle),
        )
    ):
        response.message = pattern.sub(ERASED_NAME, response.message)
    # Only people she dealt with were told about her: the other side of her conversations
    # and the staff of organisations whose postings she responded to. Asking only their
    # notifications keeps this to an index lookup instead of a scan of every notification.
    responded_to = (
        select(Posting.id)
        .join(Response, Response.posting_id == Posting.id)
        .where(Response.responder_id == user.id)
    )
    counterparts = (
        select(Posting.author_id)
        .where(Posting.id.in_(responded_to))
        .union(
            select(Response.responder_id)
            .join(Posting, Posting.id == Response.posting_id)
            .where(Posting.author_id == user.id),
            select(Membership.user_id).where(
                Membership.organisation_id.in_(
                    select(Posting.organisation_id).where(Posting.id.in_(responded_to))
                )
            ),
        )
    )
    for notification in session.scalars(
        select(Notification).where(
            Notification.recipient_id.in_(counterparts),
            Notification.recipient_id != user.id,
            or_(
                contains(Notification.body, needle),
                contains(Notification.subject, needle),
            ),
        )
    ):
        notification.body = pattern.sub(ERASED_NAME, notification.body)
        notification.subject = pattern.sub(ERASED_NAME, notification.subject)[:200]


def erase_client_record(session: Session, client: Client) -> None:
    """Delete a client record and what hangs off it; the organisation's requests for the
    client stay as empty, closed postings. Flushes."""
    for posting in session.scalars(select(Posting).where(Posting.client_id == client.id)):
        anonymise_posting(posting)
    session.flush()
    session.execute(delete(HandOver).where(HandOver.client_id == client.id))
    session.execute(delete(ClientInvite).where(ClientInvite.client_id == client.id))
    session.delete(client)
    session.flush()


def _withdraw_and_empty_responses(session: Session, user: User) -> int:
    now = utcnow()
    withdrawn = 0
    for response in session.scalars(select(Response).where(Response.responder_id == user.id)):
        if response.status == ResponseStatus.PENDING:
            response.status = ResponseStatus.WITHDRAWN
            response.decided_at = now
            withdrawn += 1
        response.message = ""
    applications = session.scalars(
        select(Application)
        .join(Response, Response.id == Application.response_id)
        .where(Response.responder_id == user.id)
    ).all()
    ids = [application.id for application in applications]
    for application in applications:
        if application.status in OPEN_APPLICATION:
            application.status = ApplicationStatus.WITHDRAWN
            application.status_changed_at = now
    if ids:
        session.flush()
        session.execute(delete(ApplicationNote).where(ApplicationNote.application_id.in_(ids)))
        session.execute(delete(Reference).where(Reference.application_id.in_(ids)))
        session.execute(
            update(VolunteerHours).where(VolunteerHours.application_id.in_(ids)).values(note=None)
        )
    return withdrawn


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")


def _forget_phone(session: Session, phone: str | None) -> None:
    """Remove ``phone`` where an organisation gave it as its own (the person's number)."""
    digits = _digits(phone)
    if len(digits) < 6:  # nothing that could be a phone number
        return
    for organisation in session.scalars(
        select(Organisation).where(Organisation.phone.is_not(None))
    ):
        if _digits(organisation.phone) == digits:
            organisation.phone = None


def erase_account(session: Session, user: User) -> ErasureSummary:
    """Erase everything personal about ``user`` and leave an empty tombstone (see the module
    docstring for what is kept and why). Logs ``account.erased`` with the id only. The
    caller checked who may do this. Raises AlreadyErased. Flushes."""
    if user.erased_at is not None:
        raise AlreadyErased()
    now = utcnow()
    old_email = user.email.lower()
    name = user.profile.display_name if user.profile else None
    phone = user.profile.phone if user.profile else None

    closed = 0
    for posting in session.scalars(
        select(Posting).where(
            or_(Posting.author_id == user.id, Posting.for_person_id == user.id),
            Posting.organisation_id.is_(None),
        )
    ):
        closed += posting.status in OPEN_POSTING
        anonymise_posting(posting)
    withdrawn = _withdraw_and_empty_responses(session, user)
    _scrub_name(session, user, name)
    session.flush()
    messages = session.execute(
        update(Message).where(Message.sender_id == user.id).values(body="")
    ).rowcount  # type: ignore[attr-defined]

    # Photos on activities she put in as a resident may show her: they go, the activity stays.
    forget_photos_of(session, user, Path(current_app.instance_path) / "uploads")
    for client in session.scalars(select(Client).where(Client.user_id == user.id)).all():
        erase_client_record(session, client)
    session.execute(delete(ClientInvite).where(func.lower(ClientInvite.email) == old_email))
    session.execute(delete(Invitation).where(func.lower(Invitation.email) == old_email))
    session.execute(delete(Notification).where(func.lower(Notification.to_email) == old_email))
    # An organisation registered with the person's own address or phone as its contact.
    session.execute(
        update(Organisation).where(func.lower(Organisation.email) == old_email).values(email=None)
    )
    _forget_phone(session, phone)
    # Free text about the person in the audit trail: the decisions stay, the words go.
    session.execute(
        update(AuditEvent)
        .where(
            AuditEvent.target_type == "user",
            AuditEvent.target_id == user.id,
            AuditEvent.reason.is_not(None),
        )
        .values(reason=ERASED_REASON)
    )
    # Reports the person made: the report stays for the moderators, the words are theirs.
    session.execute(update(Report).where(Report.reporter_id == user.id).values(reason=""))
    end_all_sessions(session, user)

    for (table_name, column_name), rule in ERASURE_RULES.items():
        if table_name not in Model.metadata.tables:
            continue
        table, column = _column(table_name, column_name)
        if rule == "delete":
            session.execute(delete(table).where(column == user.id))
        elif rule == "null":
            session.execute(update(table).where(column == user.id).values({column_name: None}))
    session.expire_all()

    for user_column in User.__table__.columns:
        if user_column.key in KEPT_USER_COLUMNS:
            continue
        if user_column.nullable:
            setattr(user, user_column.key, None)
        elif user_column.default is not None and user_column.default.is_scalar:
            setattr(user, user_column.key, user_column.default.arg)
    user.email = placeholder_email(user.id)
    user.password_hash = "!erased:" + secrets.token_hex(16)  # no password matches this
    user.erased_at = now
    session.flush()
    log_security_event("account.erased", user_id=user.id)
    return ErasureSummary(user.id, int(closed), withdrawn, int(messages or 0))


def erase_own_account(session: Session, user: User, password_confirmed: bool) -> ErasureSummary:
    """The person erases their own account; the view has just checked the password they
    typed again (``accounts.reauth.confirm_password``, which logs a wrong one).

    Raises WrongPassword (nothing changed), AlreadyErased.
    """
    if not password_confirmed:
        raise WrongPassword()
    return erase_account(session, user)


def erase_account_for(session: Session, admin: User, person: User, reason: str) -> ErasureSummary:
    """An admin erases someone who asked by phone or letter; audited with the reason.

    Raises PermissionDenied (not an admin), CannotEraseOwnAccountHere, AlreadyErased.
    """
    if not admin.has_role(Role.ADMIN):
        raise PermissionDenied()
    if admin.id == person.id:
        raise CannotEraseOwnAccountHere()
    if person.erased_at is not None:
        raise AlreadyErased()
    summary = erase_account(session, person)
    # After the erasure, which empties the reasons typed about the person before: why the
    # account was erased (e.g. "Verzoek per brief van 3 december") is the record that the
    # request was handled, and stays.
    record_audit(session, admin, "user.erase", person, reason)
    return summary


def erase_client(
    session: Session, actor: User, organisation: Organisation, client: Client, reason: str
) -> None:
    """Staff of the organisation erase one of its client records (the client asked, or
    the organisation no longer needs it). The caller checked ``actor`` works there and that
    ``client`` belongs to ``organisation``. Audited; logged without the client's details."""
    client_id = client.id
    record_audit(session, actor, "client.erase", client, reason, organisation_id=organisation.id)
    erase_client_record(session, client)
    log_security_event(
        "client.erased", user_id=actor.id, client_id=client_id, organisation_id=organisation.id
    )

"""Everything Buurthulp holds about one person, for "Mijn gegevens" (AVG art. 15 and 20).

``collect_my_data`` returns plain JSON values (ids, text, ISO dates), grouped by kind; the
JSON download is exactly this, and the readable page shows the same sections.

What is in it, and what is left out on purpose:

- The account without its password hash, second-factor secret or recovery codes: those
  are keys, not information about the person, and a copy in a download could be misused.
  Whether two-factor log-in is on is in it, and the log-in sessions (browser, started,
  last used), without their tokens.
- For a linked client record: when the client agreed (``consent_at``) and every hand-over,
  i.e. which volunteer got the client's name and phone number (the recipients, AVG art.
  15(1)(c)).
- Not the security log (log-ins with IP addresses): it is kept apart and given on request;
  the page and the privacy statement say so.
- Conversations the person takes part in, with the messages of both sides: the person
  read them already. The other side appears by the name they chose, as in the inbox.
- Notifications, except the text of log-in links (confirm e-mail, new password): those
  are keys too; the download says when they were sent.
- Notes an organisation wrote about the person's application: they are about the person,
  so the AVG gives a right to see them (without the name of the staff member).
- Concern signals the person made: only when, and whether someone went by. The details
  are about someone else.
- Client records an organisation keeps about the person once the person linked their
  account. An invitation to an address that is only *likely* the person's (not yet
  accepted) shows only what the invitation e-mail itself said (organisation, name, date):
  staff may have typed the wrong address, and the record could be someone else's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.blocks import blocks_of
from marketplace.accounts.delegations import DelegatedAction, Delegation
from marketplace.accounts.memberships import Membership
from marketplace.accounts.models import TwoFactor, User
from marketplace.accounts.sessions import UserSession
from marketplace.agenda.models import Activity, ActivitySignup
from marketplace.dayparts import slot_label, slots_from_mask
from marketplace.followups.models import FollowUp
from marketplace.home_visits.models import HomeVisit, VisitorQualification
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.lasting_contact.models import LastingContact
from marketplace.matching.models import MatchSuggestion
from marketplace.matchmaking.models import Credential, MatchmakerInvitation
from marketplace.moderation.models import Report
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.organisations.models import Application, Invitation, Reference, VolunteerHours
from marketplace.postings.models import Posting
from marketplace.profiles.services import interest_categories, language_names
from marketplace.responses.models import Message, Response
from marketplace.signals.models import Signal
from marketplace.sociale_kaart.models import Referral

FORMAT_VERSION = 1

# Notifications whose text holds a link that logs in or changes the account.
KEY_KINDS = {
    NotificationKind.CONFIRM_EMAIL,
    NotificationKind.RESET_PASSWORD,
    NotificationKind.EMAIL_CHANGE,
}
# Mails the person had Buurthulp send to someone else (kept under the sender's account).
MAILS_TO_OTHERS = {NotificationKind.ORGANISATION_INVITATION, NotificationKind.CLIENT_INVITE}


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(**fields: Any) -> dict[str, Any]:
    return {key: _value(value) for key, value in fields.items()}


def _copy(source: object, *names: str) -> dict[str, Any]:
    """``source``'s attributes of these names, for ``_row(**_copy(...))``."""
    return {name: getattr(source, name) for name in names}


def _owned(session: Session, model: Any, owner: Any, user: User, *order: Any) -> list[Any]:
    """The rows of ``model`` whose ``owner`` column is ``user``, in ``order``."""
    return list(session.scalars(select(model).where(owner == user.id).order_by(*order)))


def _account(session: Session, user: User) -> dict[str, Any]:
    two_factor = session.get(TwoFactor, user.id)
    on = two_factor is not None and two_factor.confirmed_at is not None
    return _row(
        **_copy(user, "id", "email", "email_confirmed_at", "created_at", "last_login_at"),
        **_copy(user, "locale", "is_blocked", "blocked_reason"),
        roles=sorted(user.roles),
        two_factor=on,
        two_factor_since=two_factor.confirmed_at if on and two_factor else None,
    )


def _sessions(session: Session, user: User) -> list[dict[str, Any]]:
    """Where the person is logged in now: browser, when it started, when last used."""
    rows = _owned(
        session, UserSession, UserSession.user_id, user, UserSession.created_at, UserSession.id
    )
    return [
        _row(browser=s.user_agent, **_copy(s, "created_at", "last_seen_at", "remember"))
        for s in rows
    ]


def _profile(session: Session, user: User, locale: str) -> dict[str, Any] | None:
    profile = user.profile
    if profile is None:
        return None
    return _row(
        **_copy(profile, "display_name", "postcode", "neighbourhood", "shows_neighbourhood"),
        phone=profile.phone,
        languages=language_names(profile),
        wants_to_help=profile.wants_to_help,
        interests=[c.name(locale) for c in interest_categories(session, profile)],
        availability=[
            slot_label(day, part) for day, part in slots_from_mask(profile.availability_mask)
        ],
        **_copy(profile, "radius_km", "notification_preference", "weekly_alert_cap"),
        **_copy(profile, "urgent_alerts", "mail_matches", "mail_messages", "mail_reminders"),
        **_copy(profile, "mail_organisations", "alerts_paused_until", "updated_at"),
    )


def _postings(session: Session, user: User, locale: str) -> list[dict[str, Any]]:
    # Her own, and those a carer posted for her (accounts.delegations): who did it shows.
    postings = session.scalars(
        select(Posting)
        .where(or_(Posting.author_id == user.id, Posting.for_person_id == user.id))
        .order_by(Posting.created_at, Posting.id)
    ).all()
    return [
        _row(
            **_copy(p, "id", "kind", "status"),
            posted_by=p.author.display_name if p.for_person_id == user.id else None,
            posted_for=p.for_person.display_name
            if p.for_person is not None and p.author_id == user.id
            else None,
            category=p.category.name(locale),
            **_copy(p, "title", "description"),
            organisation=p.organisation.name if p.organisation else None,
            **_copy(p, "postcode", "neighbourhood", "language", "timing", "once_on", "ends_on"),
            **_copy(p, "created_at", "published_at", "closed_at", "rejection_reason"),
        )
        for p in postings
    ]


def _responses(session: Session, user: User) -> list[dict[str, Any]]:
    responses = _owned(
        session, Response, Response.responder_id, user, Response.created_at, Response.id
    )
    return [
        _row(
            id=r.id,
            posting_title=r.posting.title,
            **_copy(r, "status", "message", "created_at", "decided_at", "completed_at"),
        )
        for r in responses
    ]


def _conversations(session: Session, user: User) -> list[dict[str, Any]]:
    """Conversations where the person is the responder or the posting's author, or wrote
    a message (as an organisation's staff member)."""
    wrote_in = select(Message.response_id).where(Message.sender_id == user.id)
    responses = session.scalars(
        select(Response)
        .join(Posting, Posting.id == Response.posting_id)
        .where(
            or_(
                Response.responder_id == user.id,
                Posting.author_id == user.id,
                Response.id.in_(wrote_in),
            )
        )
        .order_by(Response.created_at, Response.id)
    )
    conversations = []
    for response in responses:
        is_responder = response.responder_id == user.id
        organisation = response.posting.organisation
        if is_responder:
            other_name = organisation.name if organisation else response.posting.author.display_name
        else:
            other_name = response.responder.display_name
        messages = session.scalars(
            select(Message)
            .where(Message.response_id == response.id)
            .order_by(Message.created_at, Message.id)
        )
        conversations.append(
            _row(
                response_id=response.id,
                posting_title=response.posting.title,
                with_name=other_name,
                status=response.status,
                first_message=response.message,  # the response that opened the conversation
                messages=[
                    _row(
                        from_me=m.sender_id == user.id,
                        sender=m.sender.display_name,
                        **_copy(m, "body", "created_at", "read_at"),
                    )
                    for m in messages
                ],
                thank_yous=[
                    _row(
                        from_me=note.sender_id == user.id,
                        sender=note.sender.display_name,
                        body=note.body,
                        created_at=note.created_at,
                    )
                    for note in response.thank_you_notes
                ],
            )
        )
    return conversations


def _contact_blocks(session: Session, user: User) -> list[dict[str, Any]]:
    """The people she blocked. Who blocked her is not hers to see: that person is never told
    to anyone (``accounts.blocks``)."""
    return [
        _row(name=block.name, created_at=block.blocked_at)
        for block in reversed(blocks_of(session, user))
    ]


def _notifications(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Notification)
        .where(
            Notification.recipient_id == user.id,
            or_(
                Notification.kind.not_in(MAILS_TO_OTHERS),
                func.lower(Notification.to_email) == user.email.lower(),
            ),
        )
        .order_by(Notification.created_at, Notification.id)
    )
    return [
        _row(
            **_copy(n, "kind", "subject"),
            body=None if n.kind in KEY_KINDS else n.body,
            **_copy(n, "to_email", "created_at", "sent_at", "read_at"),
        )
        for n in rows
    ]


def _memberships(session: Session, user: User) -> list[dict[str, Any]]:
    rows = _owned(session, Membership, Membership.user_id, user)
    return [
        _row(organisation=m.organisation.name, role=m.role, created_at=m.created_at) for m in rows
    ]


def _staff_invitations(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Invitation)
        .where(func.lower(Invitation.email) == user.email.lower())
        .order_by(Invitation.created_at)
    )
    return [
        _row(
            organisation=i.organisation.name,
            **_copy(i, "email", "role", "created_at", "accepted_at"),
        )
        for i in rows
    ]


def _applications(session: Session, user: User) -> tuple[list[dict[str, Any]], ...]:
    """Applications to vacancies, their hours and references."""
    applications = list(
        session.scalars(
            select(Application)
            .join(Response, Response.id == Application.response_id)
            .where(Response.responder_id == user.id)
            .order_by(Application.created_at, Application.id)
        )
    )
    if not applications:
        return [], [], []
    ids = [a.id for a in applications]
    by_id = {a.id: a for a in applications}

    def organisation_of(application_id: int) -> str | None:
        posting = by_id[application_id].response.posting
        return posting.organisation.name if posting.organisation else None

    hours = session.scalars(
        select(VolunteerHours)
        .where(VolunteerHours.application_id.in_(ids))
        .order_by(VolunteerHours.worked_on)
    )
    references = session.scalars(
        select(Reference).where(Reference.application_id.in_(ids)).order_by(Reference.created_at)
    )
    return (
        [
            _row(
                id=a.id,
                vacancy=a.response.posting.title,
                organisation=organisation_of(a.id),
                **_copy(a, "status", "created_at", "status_changed_at", "placed_at"),
                notes=[_row(body=n.body, created_at=n.created_at) for n in by_id[a.id].notes],
            )
            for a in applications
        ],
        [
            _row(
                organisation=organisation_of(h.application_id),
                **_copy(h, "worked_on", "hours", "note"),
            )
            for h in hours
        ],
        [
            _row(
                organisation=organisation_of(r.application_id),
                **_copy(r, "body", "is_shown", "created_at"),
            )
            for r in references
        ],
    )


def _follow_ups(session: Session, user: User) -> list[dict[str, Any]]:
    rows = _owned(session, FollowUp, FollowUp.user_id, user, FollowUp.asked_at)
    return [
        _row(
            posting_title=f.response.posting.title,
            **_copy(f, "round", "asked_at", "answered_at", "answer"),
        )
        for f in rows
    ]


def _reports(session: Session, user: User) -> list[dict[str, Any]]:
    rows = _owned(session, Report, Report.reporter_id, user, Report.created_at)
    return [
        _row(
            about=("posting" if r.posting_id else "message" if r.message_id else "person"),
            posting_title=r.posting.title if r.posting else None,
            **_copy(r, "reason", "created_at", "resolved_at"),
        )
        for r in rows
    ]


def _suggestions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = _owned(
        session, MatchSuggestion, MatchSuggestion.user_id, user, MatchSuggestion.created_at
    )
    return [
        _row(
            posting_title=s.posting.title,
            distance_km=round(s.distance_km, 1),
            **_copy(s, "reasons", "created_at", "notified_at", "dismissed_at"),
        )
        for s in rows
    ]


def _delegations(session: Session, user: User) -> list[dict[str, Any]]:
    """Consent to act for someone, on both sides: who, what, until when, how given."""
    rows = session.scalars(
        select(Delegation)
        .where(or_(Delegation.carer_id == user.id, Delegation.person_id == user.id))
        .order_by(Delegation.created_at, Delegation.id)
    ).all()
    return [
        _row(
            role="carer" if d.carer_id == user.id else "cared_for",
            carer=d.carer.display_name,
            person=d.person.display_name,
            scopes=[str(scope) for scope in d.scopes],
            recorded_by_helpdesk=d.recorded_by_id is not None,
            **_copy(d, "relation", "via", "status", "ends_on", "created_at"),
            **_copy(d, "confirmed_at", "ended_at"),
        )
        for d in rows
    ]


def _delegated_actions(session: Session, user: User) -> list[dict[str, Any]]:
    """What carers did for ``user`` ("namens"), and what she did for others."""
    rows = session.scalars(
        select(DelegatedAction)
        .join(DelegatedAction.delegation)
        .where(or_(Delegation.carer_id == user.id, Delegation.person_id == user.id))
        .order_by(DelegatedAction.created_at, DelegatedAction.id)
    ).all()
    return [
        _row(
            kind=a.kind,
            done_by=a.delegation.carer.display_name,
            done_for=a.delegation.person.display_name,
            **_copy(a, "posting_id", "response_id", "created_at"),
        )
        for a in rows
    ]


def _lasting_contacts(session: Session, user: User) -> list[dict[str, Any]]:
    """Lasting contacts she takes part in, with her own answers to "Gaat het goed?"."""
    rows = session.scalars(
        select(LastingContact)
        .join(Posting, Posting.id == LastingContact.posting_id)
        .where(
            or_(
                LastingContact.volunteer_id == user.id,
                Posting.author_id == user.id,
                Posting.for_person_id == user.id,
            )
        )
        .order_by(LastingContact.started_at, LastingContact.id)
    ).all()
    return [
        _row(
            posting_title=c.posting.title,
            volunteer=c.volunteer.display_name,
            at_time=c.at_time.strftime("%H:%M") if c.at_time else None,
            **_copy(c, "neighbourhood", "weekday", "started_at", "ended_at"),
            check_ins=[
                _row(**_copy(i, "week", "asked_at", "answer", "answered_at"))
                for i in c.check_ins
                if i.user_id == user.id
            ],
        )
        for c in rows
    ]


def linked_clients(session: Session, user: User) -> list[Client]:
    """Client records an organisation keeps about ``user``, who linked their account."""
    return _owned(session, Client, Client.user_id, user, Client.id)


def _hand_overs(session: Session, client: Client) -> list[HandOver]:
    return list(
        session.scalars(
            select(HandOver)
            .where(HandOver.client_id == client.id)
            .order_by(HandOver.created_at, HandOver.id)
        )
    )


def _client_records(session: Session, user: User, locale: str) -> list[dict[str, Any]]:
    records = [
        _row(
            organisation=c.organisation.name,
            **_copy(c, "name", "postcode", "neighbourhood", "phone", "notes", "consent_at"),
            **_copy(c, "created_at", "linked_at"),
            requests=[_row(**_copy(p, "title", "status", "created_at")) for p in c.postings],
            # Wijkagenda: dates the organisation's staff signed the client up for.
            activity_signups=[
                _row(activity=a.activity.title, **_copy(a, "occurs_on", "created_at"))
                for a in session.scalars(
                    select(ActivitySignup)
                    .where(ActivitySignup.client_id == c.id)
                    .order_by(ActivitySignup.occurs_on, ActivitySignup.id)
                )
            ],
            # Recipients (AVG art. 15(1)(c)): which volunteer got the name and phone number.
            hand_overs=[
                _row(
                    volunteer=h.response.responder.display_name,
                    posting_title=h.response.posting.title,
                    name_shared=h.client_name,
                    phone_shared=h.client_phone,
                    **_copy(h, "consent_given", "created_at"),
                )
                for h in _hand_overs(session, c)
            ],
        )
        for c in linked_clients(session, user)
    ]
    if user.email_confirmed_at is None:
        return records
    invites = session.scalars(
        select(ClientInvite)
        .join(Client, Client.id == ClientInvite.client_id)
        .where(
            func.lower(ClientInvite.email) == user.email.lower(),
            ClientInvite.accepted_at.is_(None),
            Client.user_id.is_(None),
        )
        .order_by(ClientInvite.created_at)
    )
    records.extend(
        _row(
            organisation=i.client.organisation.name,
            name=i.client.name,
            invited_at=i.created_at,
        )
        for i in invites
    )
    return records


def _visitor_qualifications(session: Session, user: User) -> list[dict[str, Any]]:
    """Her VOG and training as organisations recorded them for home visits."""
    rows = _owned(session, VisitorQualification, VisitorQualification.user_id, user)
    return [
        _row(
            organisation=q.organisation.name,
            **_copy(q, "vog_on", "trained_on", "training_expires_on", "recorded_at"),
        )
        for q in rows
    ]


def _credentials(session: Session, user: User) -> list[dict[str, Any]]:
    """Her VOG and trainings as organisations recorded them (matchmaking)."""
    rows = _owned(session, Credential, Credential.user_id, user, Credential.id)
    return [
        _row(
            organisation=c.organisation.name,
            **_copy(c, "kind", "issued_on", "expires_on", "recorded_at"),
        )
        for c in rows
    ]


def _matchmaker_invitations(session: Session, user: User) -> list[dict[str, Any]]:
    """Requests staff asked her personally to take on, and what she answered."""
    rows = _owned(
        session,
        MatchmakerInvitation,
        MatchmakerInvitation.volunteer_id,
        user,
        MatchmakerInvitation.id,
    )
    return [
        _row(
            posting_id=i.posting_id,
            organisation=i.organisation.name if i.organisation else None,
            **_copy(i, "kind", "status", "created_at", "answered_at"),
        )
        for i in rows
    ]


def _home_visits(session: Session, user: User) -> list[dict[str, Any]]:
    """The home visits she was planned for: when and how it went. The resident's name and
    address are the resident's, not hers, and are left out."""
    rows = _owned(session, HomeVisit, HomeVisit.visitor_id, user, HomeVisit.planned_on)
    return [
        _row(
            organisation=v.organisation.name,
            **_copy(v, "planned_on", "daypart", "status", "attempts", "result_at"),
        )
        for v in rows
    ]


def _signals_made(session: Session, user: User) -> list[dict[str, Any]]:
    """Concern signals the person passed on: when, and the status they may know ("received"
    or "visited"). Never the address or what was noticed: that is about someone else, and
    the signal's details are the organisation's (AVG art. 15(4))."""
    return [
        _row(made_at=s.created_at, status=s.reporter_status)
        for s in _owned(session, Signal, Signal.reporter_id, user, Signal.created_at, Signal.id)
    ]


def _referrals_made(session: Session, user: User) -> list[dict[str, Any]]:
    """Referrals to a service the person made as a worker: when, to which service, the
    outcome. The referred person's details were in the mail only."""
    return [
        _row(made_at=r.created_at, service=r.service.name, outcome=r.outcome)
        for r in _owned(
            session, Referral, Referral.referred_by_id, user, Referral.created_at, Referral.id
        )
    ]


def _activities(session: Session, user: User) -> list[dict[str, Any]]:
    """Activities the person put in the wijkagenda."""
    return [
        _row(
            **_copy(a, "title", "place_name", "street", "postcode", "starts_on", "rrule", "status")
        )
        for a in _owned(
            session, Activity, Activity.created_by_id, user, Activity.created_at, Activity.id
        )
    ]


def _activity_signups(session: Session, user: User) -> list[dict[str, Any]]:
    rows = _owned(
        session,
        ActivitySignup,
        ActivitySignup.user_id,
        user,
        ActivitySignup.occurs_on,
        ActivitySignup.id,
    )
    return [
        _row(activity=s.activity.title, **_copy(s, "occurs_on", "share_name", "created_at"))
        for s in rows
    ]


def collect_my_data(session: Session, user: User, locale: str = "nl") -> dict[str, Any]:
    """Everything about ``user``, as JSON values. Reads only."""
    applications, hours, references = _applications(session, user)
    return {
        "format_version": FORMAT_VERSION,
        "account": _account(session, user),
        "sessions": _sessions(session, user),
        "profile": _profile(session, user, locale),
        "postings": _postings(session, user, locale),
        "responses": _responses(session, user),
        "conversations": _conversations(session, user),
        "notifications": _notifications(session, user),
        "memberships": _memberships(session, user),
        "staff_invitations": _staff_invitations(session, user),
        "applications": applications,
        "hours": hours,
        "references": references,
        "follow_ups": _follow_ups(session, user),
        "reports": _reports(session, user),
        "match_suggestions": _suggestions(session, user),
        "contact_blocks": _contact_blocks(session, user),
        "client_records": _client_records(session, user, locale),
        "visitor_qualifications": _visitor_qualifications(session, user),
        "home_visits": _home_visits(session, user),
        "signals_made": _signals_made(session, user),
        "referrals_made": _referrals_made(session, user),
        "activities": _activities(session, user),
        "activity_signups": _activity_signups(session, user),
        "credentials": _credentials(session, user),
        "matchmaker_invitations": _matchmaker_invitations(session, user),
        "delegations": _delegations(session, user),
        "delegated_actions": _delegated_actions(session, user),
        "lasting_contacts": _lasting_contacts(session, user),
    }

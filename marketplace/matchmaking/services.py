"""The matchmaker's work on one request: the best candidates with their reasons, inviting
one ("Wilt u deze oproep oppakken?"), or recording one who agreed on the phone; and the
volunteer's one-click answer.

A yes becomes an ordinary response the author (or staff) accepts; agreed on the phone
becomes an accepted response at once, with the usual hand-over of contact details. Blocks
("geen contact meer"), a pause of alerts and a needed credential keep a volunteer out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace import volunteer_candidates
from marketplace.accounts.blocks import blocked_pair
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.audit import record_audit
from marketplace.matchmaking import credentials
from marketplace.matchmaking.errors import (
    AlreadyAnswered,
    AlreadyInvited,
    InvitationNotFound,
    NotACandidate,
    RequestNotOpen,
)
from marketplace.matchmaking.models import InvitationKind, InvitationStatus, MatchmakerInvitation
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import manages
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.responses.models import Response
from marketplace.responses.services import accept_response, respond_to_posting
from marketplace.timestamps import utcnow

SHOWN_FIRST = 3  # "de beste drie"
SHOWN_MORE = 10  # after "Meer kandidaten"


@dataclass(frozen=True)
class CandidateRow:
    user_id: int
    name: str
    distance_km: float
    phrases: list[str]
    invitation_status: str | None


def is_open_request(posting: Posting) -> bool:
    return (
        posting.kind == PostingKind.REQUEST
        and posting.status == PostingStatus.PUBLISHED
        and not posting.is_hidden
    )


def _paused(profile: Profile | None, now: datetime) -> bool:
    return bool(
        profile is not None
        and profile.alerts_paused_until is not None
        and profile.alerts_paused_until > now
    )


def candidates_for(session: Session, posting: Posting, limit: int) -> list[CandidateRow]:
    """The best ``limit`` volunteers for an open request, with the reasons volunteers see,
    leaving out those who paused their alerts; each with how an invitation stands."""
    if not is_open_request(posting):
        return []
    ranked = volunteer_candidates.rank(session, posting, limit + 10)
    ids = [candidate.user_id for candidate in ranked]
    profiles = {
        profile.user_id: profile
        for profile in session.scalars(select(Profile).where(Profile.user_id.in_(ids)))
    }
    invited = invitations_by_volunteer(session, posting.id)
    now = utcnow()
    rows = [
        CandidateRow(
            user_id=candidate.user_id,
            name=profiles[candidate.user_id].display_name,
            distance_km=candidate.distance_km,
            phrases=candidate.phrases,
            invitation_status=(
                invited[candidate.user_id].status if candidate.user_id in invited else None
            ),
        )
        for candidate in ranked
        if candidate.user_id in profiles and not _paused(profiles[candidate.user_id], now)
    ]
    return rows[:limit]


def invitations_by_volunteer(session: Session, posting_id: int) -> dict[int, MatchmakerInvitation]:
    return {
        invitation.volunteer_id: invitation
        for invitation in session.scalars(
            select(MatchmakerInvitation)
            .where(MatchmakerInvitation.posting_id == posting_id)
            .order_by(MatchmakerInvitation.id)
        )
    }


def invitations_for(session: Session, posting_id: int) -> list[MatchmakerInvitation]:
    """Everyone asked for this request, newest first (the matchmaker sees yes and no)."""
    return list(
        session.scalars(
            select(MatchmakerInvitation)
            .where(MatchmakerInvitation.posting_id == posting_id)
            .options(joinedload(MatchmakerInvitation.volunteer).joinedload(User.profile))
            .order_by(MatchmakerInvitation.created_at.desc(), MatchmakerInvitation.id.desc())
        )
    )


def _check_candidate(session: Session, posting: Posting, volunteer_id: int) -> User:
    """Raises RequestNotOpen, NotACandidate, AlreadyInvited."""
    if not is_open_request(posting):
        raise RequestNotOpen()
    volunteer = session.get(User, volunteer_id)
    profile = volunteer.profile if volunteer is not None else None
    if (
        volunteer is None
        or profile is None
        or not profile.wants_to_help
        or volunteer.is_blocked
        or volunteer.id == posting.author_id
        or _paused(profile, utcnow())
        or blocked_pair(session, volunteer.id, posting.author_id)
    ):
        raise NotACandidate()
    held = credentials.holders(session, posting, [volunteer.id])
    if held is not None and volunteer.id not in held:
        raise NotACandidate()
    already = session.scalar(
        select(MatchmakerInvitation.id)
        .where(MatchmakerInvitation.posting_id == posting.id)
        .where(MatchmakerInvitation.volunteer_id == volunteer.id)
    )
    if already is not None:
        raise AlreadyInvited()
    return volunteer


def _new_invitation(
    session: Session,
    actor: User,
    posting: Posting,
    organisation: Organisation,
    volunteer_id: int,
    kind: InvitationKind,
) -> MatchmakerInvitation:
    """An invitation of ``kind`` for a volunteer who may be asked for the request.

    Raises RequestNotOpen, NotACandidate, AlreadyInvited.
    """
    invitation = MatchmakerInvitation(
        posting_id=posting.id,
        volunteer=_check_candidate(session, posting, volunteer_id),
        invited_by_id=actor.id,
        organisation_id=organisation.id,
        kind=kind,
    )
    session.add(invitation)
    return invitation


def invite_volunteer(
    session: Session, actor: User, posting: Posting, organisation: Organisation, volunteer_id: int
) -> MatchmakerInvitation:
    """Ask one volunteer personally; she gets a message (in-app, and mail per her settings).

    The caller checked the actor may handle the request. Raises RequestNotOpen,
    NotACandidate, AlreadyInvited.
    """
    invitation = _new_invitation(
        session, actor, posting, organisation, volunteer_id, InvitationKind.INVITED
    )
    session.flush()
    notify(
        session,
        invitation.volunteer,
        NotificationKind.MATCHMAKER_INVITATION,
        f"matchmaker_invitation:{invitation.id}",
        link_path=page_path("matchmaking.invitation", invitation_id=invitation.id),
        posting_title=posting.title,
        neighbourhood=posting.neighbourhood,
        organisation_name=organisation.name,
    )
    return invitation


def assign_by_phone(
    session: Session, actor: User, posting: Posting, organisation: Organisation, volunteer_id: int
) -> MatchmakerInvitation:
    """Record a volunteer who agreed on the phone: an accepted response, so both sides get
    each other's contact details as usual. Staff who do not manage the request accept for
    its author, who asked for help; the audit log says who did.

    Raises RequestNotOpen, NotACandidate, AlreadyInvited (unless her invitation is still
    open: then it is turned into this), and what responding and accepting raise.
    """
    existing = invitations_by_volunteer(session, posting.id).get(volunteer_id)
    if existing is not None and existing.status in (
        InvitationStatus.PENDING,
        InvitationStatus.DECLINED,
    ):
        volunteer = existing.volunteer
        if not is_open_request(posting):
            raise RequestNotOpen()
        invitation = existing
    else:
        invitation = _new_invitation(
            session, actor, posting, organisation, volunteer_id, InvitationKind.PHONED
        )
        volunteer = invitation.volunteer
    response = respond_to_posting(
        session,
        posting,
        volunteer,
        _("Afgesproken aan de telefoon met %(organisation)s.", organisation=organisation.name),
    )
    accept_response(
        session, actor if manages(session, actor, posting) else posting.author, response
    )
    invitation.kind = InvitationKind.PHONED
    invitation.status = InvitationStatus.ASSIGNED
    invitation.response_id = response.id
    invitation.answered_at = utcnow()
    session.flush()
    record_audit(session, actor, "matchmaking.assign", posting, None, volunteer_id=volunteer.id)
    return invitation


def invitation_for(session: Session, volunteer: User, invitation_id: int) -> MatchmakerInvitation:
    """The volunteer's own invitation. Raises InvitationNotFound (404) for anyone else's."""
    invitation = session.get(MatchmakerInvitation, invitation_id)
    if invitation is None or invitation.volunteer_id != volunteer.id:
        raise InvitationNotFound()
    return invitation


def answer_invitation(
    session: Session, volunteer: User, invitation_id: int, yes: bool
) -> MatchmakerInvitation:
    """Yes: a response to the request (the author or staff accept it as usual); no: noted.
    The matchmaker is told either way.

    Raises InvitationNotFound, AlreadyAnswered, and for yes what responding raises
    (e.g. the request is no longer open).
    """
    invitation = invitation_for(session, volunteer, invitation_id)
    if invitation.status != InvitationStatus.PENDING:
        raise AlreadyAnswered()
    posting = invitation.posting
    if yes:
        organisation = invitation.organisation.name if invitation.organisation else "Buurthulp"
        response: Response = respond_to_posting(
            session,
            posting,
            volunteer,
            _("Ik pak deze oproep op. %(organisation)s vroeg mij.", organisation=organisation),
        )
        invitation.status = InvitationStatus.ACCEPTED
        invitation.response_id = response.id
    else:
        invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = utcnow()
    session.flush()
    if invitation.invited_by is not None:
        notify(
            session,
            invitation.invited_by,
            NotificationKind.INVITATION_ANSWERED,
            f"invitation_answered:{invitation.id}",
            link_path=page_path("matchmaking.request", posting_id=posting.id),
            posting_title=posting.title,
            volunteer_name=volunteer.display_name,
            said_yes=yes,
        )
    return invitation

"""Figures about what happens after a request is placed (issue 16): how many volunteers are
registered, how follow-ups ("Is het gelukt?") were answered, and how many requests
matchmakers (welfare staff phoning round) took on and found a helper for. Each is one small
GROUP BY; compute_figures runs them beside the others."""

from __future__ import annotations

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from marketplace.dashboard.queries import Scope, _in_neighbourhood, _in_period
from marketplace.followups.models import FollowUp
from marketplace.matchmaking.models import InvitationStatus, MatchmakerInvitation
from marketplace.postings.models import Posting
from marketplace.profiles.models import Profile
from marketplace.responses.models import Response

HELPED = (InvitationStatus.ACCEPTED, InvitationStatus.ASSIGNED)


def registered_volunteers(session: Session, scope: Scope) -> int:
    """People who say they want to help (living in the wijk, for one wijk), today."""
    query = select(func.count()).select_from(Profile).where(Profile.wants_to_help.is_(True))
    if scope.neighbourhood is not None:
        query = query.where(Profile.neighbourhood == scope.neighbourhood)
    return int(session.scalar(query) or 0)


def follow_up_answers(session: Session, scope: Scope) -> dict[str, int]:
    """ "Is het gelukt?" answered in the period, per answer (yes, not_yet, no)."""
    query = (
        select(FollowUp.answer, func.count())
        .join(Response, Response.id == FollowUp.response_id)
        .join(Posting, Posting.id == Response.posting_id)
        .where(FollowUp.answer.is_not(None), _in_period(FollowUp.answered_at, scope))
        .where(*_in_neighbourhood(scope))
        .group_by(FollowUp.answer)
    )
    return {str(answer): n for answer, n in session.execute(query)}


def matchmaker_requests(session: Session, scope: Scope) -> tuple[int, int]:
    """(requests for which staff invited or assigned someone in the period, those of them
    where a volunteer said yes or was assigned)."""
    base = (
        select(func.count(distinct(MatchmakerInvitation.posting_id)))
        .join(Posting, Posting.id == MatchmakerInvitation.posting_id)
        .where(_in_period(MatchmakerInvitation.created_at, scope), *_in_neighbourhood(scope))
    )
    handled = int(session.scalar(base) or 0)
    helped = int(session.scalar(base.where(MatchmakerInvitation.status.in_(HELPED))) or 0)
    return handled, helped

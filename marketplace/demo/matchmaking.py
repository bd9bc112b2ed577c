"""Demo matchmakers: a request for company in Oude Noorden that nobody answered for a week
(on "Hulp gezocht"), Buurtkracht Noord's coordinator phoning round for it (two lines in the
case log, a reminder tomorrow), an invitation waiting for Lotte's answer, and VOGs for two
volunteers (Lotte also has the training huisbezoeken, so she may visit)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.memberships import MembershipRole, Organisation
from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.geo.postcodes import lookup_postcode
from marketplace.matching.models import MatchRequest
from marketplace.matchmaking.models import (
    CaseNote,
    CaseNoteKind,
    Credential,
    CredentialKind,
    InvitationKind,
    MatchmakerInvitation,
)
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing


def load_matchmaking_demo(
    session: Session,
    organisations: dict[str, Organisation],
    residents: list[User],
    volunteers: list[User],
    categories: dict[str, Category],
    now: datetime,
    today: date,
) -> None:
    organisation = organisations["buurtkracht-noord"]
    coordinator = next(
        m.user for m in organisation.memberships if m.role == MembershipRole.COORDINATOR
    )
    place = lookup_postcode("3035")
    published = now - timedelta(days=9)
    posting = Posting(
        kind=PostingKind.REQUEST,
        status=PostingStatus.PUBLISHED,
        category=categories["gezelschap"],
        title="Wie komt er een kopje koffie drinken?",
        description=(
            "Sinds mijn man overleed ben ik veel alleen. Ik zou het fijn vinden als iemand "
            "af en toe langskomt voor een kopje koffie en een praatje."
        ),
        author=residents[-1],
        **place.columns(),
        timing=Timing.FLEXIBLE,
        ends_on=today + timedelta(days=30),
        created_at=published - timedelta(hours=3),
        submitted_at=published - timedelta(hours=3),
        published_at=published,
    )
    session.add(posting)
    session.flush()
    session.add(  # as every published demo posting: waiting for the worker
        MatchRequest(
            posting_id=posting.id,
            idempotency_key=f"match:{posting.id}:{published.isoformat()}",
            requested_at=published,
        )
    )
    session.add(
        Escalation(
            posting_id=posting.id,
            published_at=published,
            step=EscalationStep.LISTED,
            widened_at=published + timedelta(days=3),
            widened_further_at=published + timedelta(days=5),
            listed_at=published + timedelta(days=7),
            claimed_by_organisation_id=organisation.id,
            claimed_by_user_id=coordinator.id,
            claimed_at=now - timedelta(days=1),
        )
    )
    for volunteer in volunteers[:4:3]:  # Daan and Lotte have a VOG
        session.add(
            Credential(
                user_id=volunteer.id,
                organisation_id=organisation.id,
                kind=CredentialKind.VOG,
                issued_on=today - timedelta(days=200),
                expires_on=today - timedelta(days=200) + timedelta(days=3 * 365),
                recorded_by_id=coordinator.id,
            )
        )
    session.add(  # Lotte did the training huisbezoeken too: with her VOG, she may visit
        Credential(
            user_id=volunteers[3].id,
            organisation_id=organisation.id,
            kind=CredentialKind.HOME_VISITS,
            issued_on=today - timedelta(days=60),
            expires_on=today - timedelta(days=60) + timedelta(days=2 * 365),
            recorded_by_id=coordinator.id,
        )
    )
    session.add_all(
        [
            CaseNote(
                posting_id=posting.id,
                organisation_id=organisation.id,
                author_id=coordinator.id,
                kind=CaseNoteKind.CALL,
                body="Daan gebeld, neemt niet op. Voicemail ingesproken.",
                created_at=now - timedelta(hours=20),
            ),
            CaseNote(
                posting_id=posting.id,
                organisation_id=organisation.id,
                author_id=coordinator.id,
                kind=CaseNoteKind.NOTE,
                body="Terugbellen morgen; Lotte persoonlijk gevraagd via Buurthulp.",
                remind_on=today + timedelta(days=1),
                created_at=now - timedelta(hours=19),
            ),
            MatchmakerInvitation(
                posting_id=posting.id,
                volunteer_id=volunteers[3].id,
                invited_by_id=coordinator.id,
                organisation_id=organisation.id,
                kind=InvitationKind.INVITED,
                created_at=now - timedelta(hours=19),
            ),
        ]
    )
    session.flush()

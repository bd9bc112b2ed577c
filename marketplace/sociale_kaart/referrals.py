"""Verwijzen (a warm hand-over): a welfare worker passes someone on to a service, with the
person's consent. The service's contact gets the referral by mail (the person's name, how
to reach them and the question: in the mail only, kept as long as mail content); a week
later the worker is asked how it went, and records the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User, is_any_staff
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, notify_address, page_path
from marketplace.sociale_kaart.errors import ConsentNeeded, NoContactAddress, NotWelfareStaff
from marketplace.sociale_kaart.models import Referral, ReferralOutcome, ReferralSubject, Service

ASK_AFTER = timedelta(days=7)
BATCH = 200


@dataclass
class ReferralData:
    person_name: str
    person_phone: str
    question: str
    consent: bool


def contact_address(service: Service) -> str | None:
    return service.email or service.organization.email


def refer(
    session: Session,
    worker: User,
    service: Service,
    data: ReferralData,
    now: datetime,
    subject: tuple[ReferralSubject, int] | None = None,
) -> Referral:
    """Pass someone on to ``service``; ``subject``: the request, signal or visit the worker
    referred from (kind and id). Raises ``NotWelfareStaff``, ``ConsentNeeded`` or
    ``NoContactAddress``."""
    if not is_any_staff(worker):
        raise NotWelfareStaff()
    if not data.consent:
        raise ConsentNeeded()
    address = contact_address(service)
    if not address:
        raise NoContactAddress()
    referral = Referral(
        service_id=service.id,
        referred_by_id=worker.id,
        consent_at=now,
        created_at=now,
        ask_outcome_at=now + ASK_AFTER,
        subject_kind=subject[0] if subject else None,
        subject_id=subject[1] if subject else None,
    )
    session.add(referral)
    session.flush()
    notify_address(
        session,
        worker,
        address,
        NotificationKind.SERVICE_REFERRAL,
        f"service_referral:{referral.id}",
        service_name=service.name,
        person_name=data.person_name,
        person_phone=data.person_phone,
        question=data.question,
        worker_name=worker.display_name,
        worker_email=worker.email,
    )
    return referral


def ask_outcomes(session: Session, now: datetime) -> int:
    """Ask each worker how their referrals of a week ago went (once). Returns how many."""
    due = list(
        session.scalars(
            select(Referral)
            .where(
                Referral.outcome_asked_at.is_(None),
                Referral.outcome.is_(None),
                Referral.ask_outcome_at <= now,
            )
            .order_by(Referral.id)
            .limit(BATCH)
        )
    )
    for referral in due:
        worker = session.get(User, referral.referred_by_id) if referral.referred_by_id else None
        if worker is not None and not worker.is_erased:
            notify(
                session,
                worker,
                NotificationKind.REFERRAL_OUTCOME,
                f"referral_outcome:{referral.id}",
                link_path=page_path("sociale_kaart.referral", referral_id=referral.id),
                send_email=True,
                service_name=referral.service.name,
            )
        referral.outcome_asked_at = now
    session.flush()
    return len(due)


def own_referral(session: Session, worker: User, referral_id: int) -> Referral | None:
    referral = session.get(Referral, referral_id)
    if referral is None or referral.referred_by_id != worker.id:
        return None
    return referral


def record_outcome(session: Session, referral: Referral, outcome: str, now: datetime) -> None:
    referral.outcome = ReferralOutcome(outcome)
    referral.outcome_at = now
    session.flush()

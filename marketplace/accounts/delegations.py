"""Acting for someone else, with consent ("namens").

A mantelzorger, family member or neighbour (the *carer*) may act for a *person*: post
requests for her, read and answer the responses, accept a volunteer. The person consents,
with a scope (which of those three) and an end date: through the helpdesk (on paper or by
phone, recorded by staff) or in her own account (the carer asks, she confirms). Either side
ends it in one click.

This is the core's notion of it, so ``permissions.manages`` can ask "may this carer act on
this person's request" without knowing the feature that records consent
(``marketplace.carers``). Every action taken for someone is written down here too
(``DelegatedAction``) and shown to the person, and is in her export.

Delegations are personal data: kept while both accounts exist, deleted with either.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, local_today, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.models import User


class Scope(StrEnum):
    """What the carer may do for the person."""

    POST = "post"  # post requests for her
    RESPOND = "respond"  # read and answer the responses
    ACCEPT = "accept"  # accept a volunteer


class DelegationStatus(StrEnum):
    REQUESTED = "requested"  # the carer asked; the person has not confirmed yet
    ACTIVE = "active"
    ENDED = "ended"  # ended by either side, or refused


class ConsentVia(StrEnum):
    ACCOUNT = "account"  # the person confirmed in her own account
    PAPER = "paper"  # a signed form, recorded by the helpdesk
    PHONE = "phone"  # by phone with the helpdesk


class DelegatedActionKind(StrEnum):
    POSTED = "posted"
    ANSWERED = "answered"
    ACCEPTED = "accepted"


class Delegation(Model):
    """``carer`` may act for ``person`` within the scope, until ``ends_on`` (inclusive)."""

    __tablename__ = "delegations"
    __table_args__ = (Index("ix_delegations_carer_person", "carer_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(
        enum_type(DelegationStatus, name="status", length=10),
        default=DelegationStatus.REQUESTED,
    )
    via: Mapped[str] = mapped_column(enum_type(ConsentVia, name="via", length=10))
    may_post: Mapped[bool] = mapped_column(default=False)
    may_respond: Mapped[bool] = mapped_column(default=False)
    may_accept: Mapped[bool] = mapped_column(default=False)
    ends_on: Mapped[date]
    # How the carer relates to the person, in her words ("dochter", "buurman"). Optional.
    relation: Mapped[str | None] = mapped_column(String(60))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    carer: Mapped[User] = relationship(foreign_keys=[carer_id])
    person: Mapped[User] = relationship(foreign_keys=[person_id])

    @property
    def scopes(self) -> list[Scope]:
        return [
            scope
            for scope, allowed in (
                (Scope.POST, self.may_post),
                (Scope.RESPOND, self.may_respond),
                (Scope.ACCEPT, self.may_accept),
            )
            if allowed
        ]

    def covers(self, scope: Scope | None) -> bool:
        return bool(self.scopes) if scope is None else scope in self.scopes

    def is_active_on(self, day: date) -> bool:
        return self.status == DelegationStatus.ACTIVE and self.ends_on >= day


class DelegatedAction(Model):
    """One thing a carer did for the person: the "namens" trail she and her export see."""

    __tablename__ = "delegated_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(enum_type(DelegatedActionKind, name="kind", length=10))
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="SET NULL"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    delegation: Mapped[Delegation] = relationship()


def active_delegation(
    session: Session, carer_id: int, person_id: int, scope: Scope | None = None
) -> Delegation | None:
    """The carer's consent to act for the person today, within ``scope`` (None: any)."""
    today = local_today()
    rows = session.scalars(
        select(Delegation)
        .where(
            Delegation.carer_id == carer_id,
            Delegation.person_id == person_id,
            Delegation.status == DelegationStatus.ACTIVE,
            Delegation.ends_on >= today,
        )
        .order_by(Delegation.id)
    )
    return next((d for d in rows if d.covers(scope)), None)


def record_action(
    session: Session,
    delegation: Delegation,
    kind: DelegatedActionKind,
    *,
    posting_id: int | None = None,
    response_id: int | None = None,
) -> DelegatedAction:
    action = DelegatedAction(
        delegation=delegation, kind=kind, posting_id=posting_id, response_id=response_id
    )
    session.add(action)
    session.flush()
    return action

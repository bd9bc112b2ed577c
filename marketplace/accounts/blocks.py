""" "Ik wil geen contact meer": one person blocks another.

A block is personal and works both ways: neither can respond to the other's postings nor
write to the other, and matching never suggests one to the other (``blocked_pair``,
``blocked_either_way``). The blocked person is never told; where something is refused, the
message is the same one anyone gets for a posting or conversation that is closed. Only the
person who blocked sees the block, and can lift it (``unblock_person``) from her settings.

Blocks are personal data: kept while both accounts exist (``retention.policy``), in the
person's export, and deleted with either account (``my_data.erasure``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ForeignKey, UniqueConstraint, and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from marketplace import events
from marketplace.accounts.errors import CannotBlock
from marketplace.accounts.models import User
from marketplace.accounts.people import MAX_ID, may_see_profile, public_profile
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute


class ContactBlock(Model):
    """``blocker`` wants no more contact with ``blocked``."""

    __tablename__ = "contact_blocks"
    __table_args__ = (UniqueConstraint("blocker_id", "blocked_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id])


@dataclass(frozen=True)
class BlockedPerson:
    """A line in the person's list of blocks."""

    user_id: int
    name: str
    blocked_at: datetime


def blocked_pair(session: Session, one_id: int, other_id: int) -> bool:
    """Whether either of the two blocked the other."""
    return (
        session.scalar(
            select(ContactBlock.id)
            .where(
                or_(
                    and_(ContactBlock.blocker_id == one_id, ContactBlock.blocked_id == other_id),
                    and_(ContactBlock.blocker_id == other_id, ContactBlock.blocked_id == one_id),
                )
            )
            .limit(1)
        )
        is not None
    )


def blocked_either_way(session: Session, user_id: int) -> set[int]:
    """The ids of everyone ``user_id`` blocked or was blocked by."""
    rows = session.execute(
        select(ContactBlock.blocker_id, ContactBlock.blocked_id).where(
            or_(ContactBlock.blocker_id == user_id, ContactBlock.blocked_id == user_id)
        )
    )
    return {blocked if blocker == user_id else blocker for blocker, blocked in rows}


def no_block_between(
    one: InstrumentedAttribute[int] | ColumnElement[int],
    other: InstrumentedAttribute[int] | ColumnElement[int],
) -> ColumnElement[bool]:
    """A WHERE condition for queries: the two user-id columns have no block either way."""
    return ~(
        select(ContactBlock.id)
        .where(
            or_(
                and_(ContactBlock.blocker_id == one, ContactBlock.blocked_id == other),
                and_(ContactBlock.blocker_id == other, ContactBlock.blocked_id == one),
            )
        )
        .exists()
    )


def check_may_block(session: Session, blocker: User, user_id: int) -> str:
    """Raise CannotBlock unless ``blocker`` may block ``user_id``: someone else she has a
    reason to see (they met through a posting). Returns the other person's name."""
    person = public_profile(session, user_id)
    if person is None or user_id == blocker.id or not may_see_profile(session, blocker, user_id):
        raise CannotBlock()
    return person.display_name


def block_person(session: Session, blocker: User, user_id: int) -> ContactBlock:
    """``blocker`` wants no more contact with ``user_id``; blocking twice keeps one block.

    Sends ``events.contact_blocked`` (matching drops their suggestions to each other).
    Nobody is told. Raises CannotBlock.
    """
    check_may_block(session, blocker, user_id)
    existing = session.scalar(
        select(ContactBlock).where(
            ContactBlock.blocker_id == blocker.id, ContactBlock.blocked_id == user_id
        )
    )
    if existing is not None:
        return existing
    try:
        with session.begin_nested():  # a double click: the unique constraint stops the second
            block = ContactBlock(blocker_id=blocker.id, blocked_id=user_id)
            session.add(block)
            session.flush()
    except IntegrityError:
        found = session.scalar(
            select(ContactBlock).where(
                ContactBlock.blocker_id == blocker.id, ContactBlock.blocked_id == user_id
            )
        )
        if found is None:  # pragma: no cover - the constraint named something else
            raise
        return found
    events.contact_blocked.send(blocker, session=session, blocked_id=user_id)
    return block


def unblock_person(session: Session, blocker: User, user_id: int) -> bool:
    """Lift ``blocker``'s own block on ``user_id``; True when there was one. Only the one
    who blocked can lift it (a block made by the other person stays)."""
    if not 0 < user_id <= MAX_ID:  # a bigger number would overflow the database column
        return False
    deleted = session.execute(
        delete(ContactBlock).where(
            ContactBlock.blocker_id == blocker.id, ContactBlock.blocked_id == user_id
        )
    ).rowcount  # type: ignore[attr-defined]
    session.flush()
    return bool(deleted)


def blocks_of(session: Session, user: User) -> list[BlockedPerson]:
    """The people ``user`` blocked, the most recent first."""
    blocks = session.scalars(
        select(ContactBlock)
        .where(ContactBlock.blocker_id == user.id)
        .order_by(ContactBlock.created_at.desc(), ContactBlock.id.desc())
    )
    return [
        BlockedPerson(
            user_id=block.blocked_id,
            name=block.blocked.display_name,
            blocked_at=block.created_at,
        )
        for block in blocks
    ]

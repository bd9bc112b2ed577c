"""Keeping ``volunteer_reach`` (see ``models.VolunteerReach``) in step with profiles and users.

Whatever changes a profile (the profile form, the demo data, a test factory) or a user's
standing (blocked, e-mail confirmed) goes through a session flush, so a session listener
catches it there, in the same transaction: no service has to remember to call us, and a
profile can never be saved without its reach rows. The rows are rebuilt for the users that
changed, from the database rows just flushed, keeping what was learned from "niet voor mij".

Bulk writes that bypass the ORM (``session.execute(update(...))``, COPY) do not flush
objects: call ``sync_reach`` for those users, or ``rebuild_reach`` for everyone.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any

from flask import Flask
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    inspect,
    literal,
    select,
)
from sqlalchemy.orm import Session, UOWTransaction

from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.listeners import listen_once
from marketplace.matching.models import VolunteerReach
from marketplace.profiles.models import Profile
from marketplace.profiles.services import LANGUAGES, language_mask

MIN_RADIUS_KM, MAX_RADIUS_KM = 1, 25
# Keep IN (...) lists well below SQLite's limit on bound parameters.
CHUNK = 5000

_PROFILE_FIELDS = (
    "lat",
    "lon",
    "radius_km",
    "wants_to_help",
    "interest_mask",
    "availability_mask",
    "languages",
    "user_id",
)
_USER_FIELDS = ("is_blocked", "email_confirmed_at")
_PENDING = "matching.reach_pending"


def clamp_radius(radius_km: int | None) -> int:
    """The profile form allows 1-25 km; the reach index is queried for exactly those."""
    return min(max(int(radius_km or MIN_RADIUS_KM), MIN_RADIUS_KM), MAX_RADIUS_KM)


def sync_reach(connection: Connection, user_ids: Iterable[int]) -> None:
    """Rebuild the reach rows of ``user_ids`` from their profile and user rows.

    A row per interest (active when the person can be suggested now), plus an inactive row
    for a category they no longer tick but dismissed before, so the learning is kept.
    """
    ids = sorted({int(user_id) for user_id in user_ids if user_id is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        people = connection.execute(
            select(
                Profile.user_id,
                Profile.lat,
                Profile.lon,
                Profile.radius_km,
                Profile.wants_to_help,
                Profile.interest_mask,
                Profile.availability_mask,
                Profile.languages,
                User.is_blocked,
                User.email_confirmed_at,
            )
            .join(User, User.id == Profile.user_id)
            .where(Profile.user_id.in_(chunk))
        ).all()
        learned: dict[int, dict[int, int]] = {}
        comfort: dict[int, float] = {}
        for user_id, bit, dismissals, comfort_km in connection.execute(
            select(
                VolunteerReach.user_id,
                VolunteerReach.category_bit,
                VolunteerReach.dismissals,
                VolunteerReach.comfort_km,
            ).where(VolunteerReach.user_id.in_(chunk))
        ):
            if dismissals:
                learned.setdefault(user_id, {})[bit] = dismissals
            if comfort_km is not None:
                comfort[user_id] = comfort_km
        connection.execute(delete(VolunteerReach).where(VolunteerReach.user_id.in_(chunk)))
        rows: list[dict[str, Any]] = []
        for person in people:
            interests = int(person.interest_mask or 0)
            can_help = bool(
                person.wants_to_help
                and not person.is_blocked
                and person.email_confirmed_at is not None
                and person.lat is not None
                and person.lon is not None
            )
            dismissed = learned.get(person.user_id, {})
            bits = {bit for bit in range(63) if interests >> bit & 1} | set(dismissed)
            for bit in sorted(bits):
                rows.append(
                    {
                        "user_id": person.user_id,
                        "category_bit": bit,
                        "is_active": can_help and bool(interests >> bit & 1),
                        "radius_km": clamp_radius(person.radius_km),
                        "lat": person.lat if person.lat is not None else 0.0,
                        "lon": person.lon if person.lon is not None else 0.0,
                        "availability_mask": int(person.availability_mask or 0),
                        "interest_count": interests.bit_count(),
                        "dismissals": dismissed.get(bit, 0),
                        "comfort_km": comfort.get(person.user_id),
                        "language_mask": language_mask(person.languages),
                    }
                )
        if rows:
            connection.execute(insert(VolunteerReach), rows)


def rebuild_reach(session: Session) -> int:
    """Empty ``volunteer_reach`` and fill it from all profiles in one INSERT ... SELECT
    (for a bulk load or a backfill; what was learned from dismissals is lost). Returns the
    number of rows."""
    one = cast(literal(1), BigInteger)
    has_bit = Profile.interest_mask.op("&")(one.op("<<")(Category.bit)) != 0
    interest_count = (
        select(func.count())
        .select_from(Category)
        .where(Profile.interest_mask.op("&")(one.op("<<")(Category.bit)) != 0)
        .correlate(Profile)
        .scalar_subquery()
    )
    session.execute(delete(VolunteerReach))
    source = (
        select(
            Profile.user_id,
            Category.bit,
            and_(
                Profile.wants_to_help.is_(True),
                User.is_blocked.is_(False),
                User.email_confirmed_at.is_not(None),
            ),
            Profile.radius_km,
            Profile.lat,
            Profile.lon,
            Profile.availability_mask,
            interest_count,
            literal(0),
            _language_mask_sql(),
        )
        .join(User, User.id == Profile.user_id)
        .join(Category, has_bit)
        .where(Profile.lat.is_not(None))
        .where(Profile.lon.is_not(None))
        .where(Profile.radius_km.between(MIN_RADIUS_KM, MAX_RADIUS_KM))
    )
    session.execute(
        insert(VolunteerReach).from_select(
            [
                "user_id",
                "category_bit",
                "is_active",
                "radius_km",
                "lat",
                "lon",
                "availability_mask",
                "interest_count",
                "dismissals",
                "language_mask",
            ],
            source,
        )
    )
    session.flush()
    return int(session.scalar(select(func.count()).select_from(VolunteerReach)) or 0)


def _language_mask_sql() -> ColumnElement[int]:
    """``language_mask`` worked out in SQL from the comma-separated ``Profile.languages``."""
    padded = literal(",") + func.coalesce(Profile.languages, "") + literal(",")
    parts = [
        case((padded.like(f"%,{code},%"), 1 << bit), else_=0) for bit, code in enumerate(LANGUAGES)
    ]
    return reduce(operator.add, parts)


# --- The session listener ----------------------------------------------------------------


def _changed(obj: object, fields: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def init_app(app: Flask) -> None:
    """Keep the reach table in step with every flush, in the web app and in the worker."""
    listen_once(Session, "before_flush", _collect_changes)
    listen_once(Session, "after_flush", _sync_changes)


def _collect_changes(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    pending: list[object] = session.info.setdefault(_PENDING, [])
    for obj in session.new:
        if isinstance(obj, Profile):
            pending.append(obj)
    for obj in session.dirty:
        fields = _PROFILE_FIELDS if isinstance(obj, Profile) else _USER_FIELDS
        if isinstance(obj, Profile | User) and _changed(obj, fields):
            pending.append(obj)
    for obj in session.deleted:
        if isinstance(obj, Profile | User):
            pending.append(obj)


def _sync_changes(session: Session, flush_context: UOWTransaction) -> None:
    pending: list[object] = session.info.pop(_PENDING, [])
    if not pending:
        return
    user_ids = set()
    for obj in pending:
        state = inspect(obj)
        identity = state.identity
        if isinstance(obj, Profile):
            user_ids.add(identity[0] if identity else obj.user_id)
        elif isinstance(obj, User):
            user_ids.add(identity[0] if identity else obj.id)
    sync_reach(session.connection(), user_ids)

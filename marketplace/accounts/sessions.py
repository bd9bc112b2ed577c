"""Log-in sessions kept on the server: one row per log-in, the cookie holds a random token.

Why this design (and not Flask-Login's session protection or a per-user version number):

- **Revocable one by one.** Logging out deletes the row, so a copied cookie stops working at
  once; "log out everywhere", a password change and blocking a user delete all rows of that
  person. A per-user version could only end every session at the same time.
- **Nothing secret in the cookie.** The cookie (Flask's ``_user_id`` and Flask-Login's
  remember cookie) carries only a random token. The table holds its SHA-256 digest, never
  the token itself, so a copy of the database cannot be used to log in. No part of the
  password hash leaves the server.
- **Timeouts the server enforces.** Idle and absolute limits are checked against
  ``last_seen_at`` and ``created_at`` in the row, not against anything the browser sends.
- **Works everywhere we run.** A plain table works across gunicorn processes and machines
  and on SQLite and PostgreSQL alike, without a new service to run.

``last_seen_at`` is written at most once a minute (``TOUCH_EVERY``), so an ordinary page
view does not cost a write. ``purge_expired_sessions`` deletes rows that can no longer be
used; the housekeeping beat task calls it.

Time limits (``policy_for``): people with a staff role (moderator, admin, municipality,
organisation staff) see other people's data, so they are logged out after 30 minutes idle
and 12 hours at most, whatever they chose. Residents get the same unless they tick
"ingelogd blijven": then 30 days.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import ForeignKey, Select, String, and_, bindparam, delete, or_, select
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from marketplace.accounts.models import User, is_any_staff
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

TOKEN_BYTES = 32
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    absolute: timedelta


STAFF_POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
RESIDENT_POLICY = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
REMEMBERED_POLICY = SessionPolicy(idle=timedelta(days=30), absolute=timedelta(days=30))


class UserSession(Model):
    """One log-in on one device. Only the digest of its token is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A short description of the browser ("Firefox op Windows"), for the person's own overview.
    user_agent: Mapped[str | None] = mapped_column(String(120))
    # When the password (and, with two-factor log-in, a code) was last typed again in this
    # session (accounts.reauth). Logging in does not set it. Kept with the session, so the
    # mark ends with it and never travels in a cookie.
    reauthenticated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def policy_for(user: User, remember: bool) -> SessionPolicy:
    if is_any_staff(user):
        return STAFF_POLICY
    return REMEMBERED_POLICY if remember else RESIDENT_POLICY


def may_remember(user: User) -> bool:
    """Whether a long-lived remember cookie makes sense (never for staff)."""
    return not is_any_staff(user)


def start_session(
    session: Session, user: User, remember: bool = False, user_agent: str | None = None
) -> str:
    """A new log-in session for ``user``; returns the token for the cookie (never stored).

    Call it only after every check (password, second factor) has passed.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    session.add(
        UserSession(
            token_digest=digest(token),
            user=user,
            remember=remember and may_remember(user),
            created_at=now,
            last_seen_at=now,
            user_agent=(user_agent or None) and user_agent[:120],
        )
    )
    session.flush()
    return token


def _is_expired(row: UserSession, now: datetime) -> bool:
    policy = policy_for(row.user, row.remember)
    return now - row.last_seen_at > policy.idle or now - row.created_at > policy.absolute


# One query for the session, its person and what every page asks of them (roles and
# memberships decide the time limits and the menu; the profile, the postcode and name).
# Built once (on first use, when every model is known): every page asks it, and building
# the statement cost as much as running it.
@cache
def _session_with_person() -> Select[UserSession]:
    return (
        select(UserSession)
        .where(UserSession.token_digest == bindparam("token_digest"))
        .options(
            joinedload(UserSession.user).options(
                joinedload(User.role_grants),
                joinedload(User.memberships),
                joinedload(User.profile),
            )
        )
    )


def find_session(session: Session, token: str) -> tuple[UserSession | None, bool]:
    """The live session for ``token`` (or None: unknown, ended, idle or too old, or the user
    is blocked), and whether this changed anything: a session past its limits is deleted,
    and a live one is marked as seen when the last mark is over a minute old. Flushes."""
    if not token or len(token) > 200:
        return None, False
    row = session.scalar(_session_with_person(), {"token_digest": digest(token)})
    if row is None:
        return None, False
    now = utcnow()
    if row.user.is_blocked or _is_expired(row, now):
        session.delete(row)
        session.flush()
        return None, True
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        session.flush()
        return row, True
    return row, False


def end_session(session: Session, token: str) -> None:
    """Log-out: the session for ``token`` stops working, also in a copied cookie."""
    session.execute(delete(UserSession).where(UserSession.token_digest == digest(token)))


def end_all_sessions(session: Session, user: User, except_token: str | None = None) -> int:
    """End every session of ``user`` (but the one for ``except_token``); returns how many.

    For "log out everywhere", a changed or reset password, and a blocked account.
    """
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if except_token:
        query = query.where(UserSession.token_digest != digest(except_token))
    result = session.execute(query)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def count_sessions(session: Session, user: User) -> int:
    return len(session.scalars(select(UserSession.id).where(UserSession.user_id == user.id)).all())


def purge_expired_sessions(session: Session, now: datetime | None = None) -> int:
    """Delete sessions that can no longer be used; returns how many. Idempotent.

    A remembered session that belongs to someone who became staff since is refused by
    ``find_session`` at once and deleted here when the remembered limits pass.
    """
    now = now or utcnow()
    short = RESIDENT_POLICY
    long = REMEMBERED_POLICY
    expired = or_(
        UserSession.created_at < now - long.absolute,
        UserSession.last_seen_at < now - long.idle,
        and_(
            UserSession.remember.is_(False),
            or_(
                UserSession.created_at < now - short.absolute,
                UserSession.last_seen_at < now - short.idle,
            ),
        ),
    )
    result = session.execute(
        delete(UserSession).where(expired).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def find_by_token(session: Session, token: str | None) -> UserSession | None:
    """The session row for ``token`` (no checks of its limits: the loader did those)."""
    if not token:
        return None
    return session.scalar(select(UserSession).where(UserSession.token_digest == digest(token)))


def sessions_of(session: Session, user: User) -> list[UserSession]:
    """Every session of ``user``, the most recently used first (for their own overview)."""
    return list(
        session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def end_session_by_id(session: Session, user: User, session_id: int) -> bool:
    """End one session of ``user`` by its id; False when ``user`` has no such session
    (someone else's id does nothing). Flushes."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        return False
    session.delete(row)
    session.flush()
    return True


def is_remembered(session: Session, token: str | None) -> bool:
    """Whether the session for ``token`` was started with "ingelogd blijven"."""
    if not token:
        return False
    return bool(
        session.scalar(
            select(UserSession.remember).where(UserSession.token_digest == digest(token))
        )
    )

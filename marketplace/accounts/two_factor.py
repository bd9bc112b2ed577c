"""Two-factor log-in: a code from an authenticator app (TOTP, RFC 6238) or a recovery code.

Required for everyone who sees other people's data (a moderator, admin or municipality
role, or staff of an organisation); anyone else may switch it on. Setting it up takes two
steps: ``begin_setup`` makes an unconfirmed secret that the person scans, and
``confirm_setup`` checks a first code and returns ten recovery codes, shown once. At log-in
``check_code`` accepts a current app code (each only once) or an unused recovery code.

Services flush and never commit; each change is written to the security log (never the
secret or a code).
"""

from __future__ import annotations

import hmac
import io
import secrets
from datetime import timedelta

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from marketplace.accounts.models import RecoveryCode, Role, TwoFactor, User, is_any_staff
from marketplace.accounts.passwords import hash_password, verify_password
from marketplace.accounts.permissions import PermissionDenied
from marketplace.accounts.sessions import end_all_sessions
from marketplace.audit import record_audit
from marketplace.domain_errors import DomainError
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow

ISSUER = "Buurthulp"
RECOVERY_CODE_COUNT = 10
# Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): 50 bits each.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECOVERY_LENGTH = 10
# Codes from the 30 seconds before and after count too (RFC 6238, section 5.2): the clocks
# of older phones are often off, and someone slow at typing sees the code change while they
# type. A wider window would give a guesser more codes to hit; each code still works once.
VALID_WINDOW = 1
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)


class TwoFactorError(DomainError):
    """Base class for two-factor problems."""


class InvalidCode(TwoFactorError):
    """The code is wrong, too old, or was used before."""


class TooManyAttempts(TwoFactorError):
    """Too many wrong codes in a row: the second step is locked until ``until``."""

    def __init__(self, until: object) -> None:
        super().__init__(str(until))
        self.until = until


class TwoFactorRequired(TwoFactorError):
    """This person's role needs two-factor log-in: it cannot be switched off."""


class NotEnabled(TwoFactorError):
    """Two-factor log-in is not switched on for this account."""


def requires_two_factor(user: User) -> bool:
    """People who see other people's data: a role (moderator, admin, municipality) or a
    membership of an organisation's staff."""
    return is_any_staff(user)


def _record(session: Session, user: User) -> TwoFactor | None:
    return session.get(TwoFactor, user.id)


def is_enabled(session: Session, user: User) -> bool:
    record = _record(session, user)
    return record is not None and record.confirmed_at is not None


def needs_setup(session: Session, user: User) -> bool:
    """The role needs two-factor log-in and the person has not set it up yet."""
    return requires_two_factor(user) and not is_enabled(session, user)


def begin_setup(session: Session, user: User) -> TwoFactor:
    """The unconfirmed secret to scan; the same one again until it is confirmed, so a page
    reload does not invalidate what the phone scanned. Flushes.

    Raises TwoFactorError when two-factor log-in is already on.
    """
    record = _record(session, user)
    if record is not None and record.confirmed_at is not None:
        raise TwoFactorError("already enabled")
    if record is None:
        record = TwoFactor(user_id=user.id, secret=pyotp.random_base32())
        session.add(record)
        session.flush()
    return record


def pending_secret(session: Session, user: User) -> str | None:
    """The secret being set up (for the QR image), or None."""
    record = _record(session, user)
    if record is None or record.confirmed_at is not None:
        return None
    return record.secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(user: User, secret: str) -> str:
    """The ``otpauth://`` address as a QR code in SVG, for the authenticator app to scan."""
    qr = segno.make(provisioning_uri(user, secret), error="m")
    out = io.BytesIO()
    # A whole SVG document (with its namespace), as an <img> needs; no script, no styles.
    qr.save(out, kind="svg", scale=6, border=4, dark="#000", light="#fff", xmldecl=False)
    return out.getvalue().decode()


def format_secret(secret: str) -> str:
    """Groups of four, for typing it in by hand: 'ABCD EFGH ...'."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose TOTP code is ``code`` (within the window), or None."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        moment = now + timedelta(seconds=offset * totp.interval)
        if hmac.compare_digest(totp.at(moment), code):
            return int(totp.timecode(moment))
    return None


def _recovery_hash(code: str) -> str:
    """Argon2id with its own salt, like a password: a copy of the database must not let
    anyone try all 50-bit codes of everybody at once."""
    return hash_password(_normalise(code))


def _use_recovery_code(session: Session, user: User, typed: str) -> bool:
    """Mark the unused recovery code ``typed`` of ``user`` used; False when there is none.
    Each has its own salt, so the (at most ten) unused codes are tried one by one."""
    unused = session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for recovery in unused[:RECOVERY_CODE_COUNT]:
        if verify_password(recovery.code_digest, typed):
            # Used once only, also when two requests bring the same code at the same time.
            used = session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == recovery.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            session.expire(recovery)
            return bool(used.rowcount)  # type: ignore[attr-defined]
    return False


def _claim_step(session: Session, record: TwoFactor, step: int) -> bool:
    """Record ``step`` as the last code used, unless that code (or a later one) was used
    before: one statement, so two requests with the same overheard code cannot both pass.
    False is a replay."""
    result = session.execute(
        update(TwoFactor)
        .where(
            TwoFactor.user_id == record.user_id,
            or_(TwoFactor.last_step.is_(None), TwoFactor.last_step < step),
        )
        .values(last_step=step)
        .execution_options(synchronize_session=False)
    )
    session.expire(record, ["last_step"])
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    session.add_all(RecoveryCode(user_id=user.id, code_digest=_recovery_hash(c)) for c in codes)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def confirm_setup(session: Session, user: User, code: str) -> list[str]:
    """Switch two-factor log-in on once the first code from the app is right; returns the
    ten recovery codes (shown once, only their digests are kept). Flushes.

    Raises InvalidCode, TwoFactorError (nothing is being set up).
    """
    record = _record(session, user)
    if record is None or record.confirmed_at is not None:
        raise TwoFactorError("nothing to confirm")
    step = _matching_step(record.secret, _normalise(code))
    if step is None:
        raise InvalidCode
    record.confirmed_at = utcnow()
    record.last_step = step
    record.failed_attempts = 0
    codes = _new_recovery_codes(session, user)
    session.flush()
    log_security_event("2fa.enabled", user_id=user.id)
    _mail_change(session, user, "enabled")
    return codes


def enable_with_secret(session: Session, user: User, secret: str) -> TwoFactor:
    """Two-factor log-in on with a known secret, without recovery codes: for the demo
    data and tests only (where the secret is printed or generated). Flushes."""
    record = _record(session, user)
    if record is None:
        record = TwoFactor(user_id=user.id, secret=secret)
        session.add(record)
    record.secret = secret
    record.confirmed_at = utcnow()
    session.flush()
    return record


def check_code(session: Session, user: User, code: str) -> str:
    """Accept the second step of a log-in: a current code from the app (each code once) or
    an unused recovery code (then used up). Returns "app" or "recovery". Wrong codes count;
    after five in a row the account's second step is locked for 15 minutes. Flushes.

    Raises NotEnabled, TooManyAttempts, InvalidCode.
    """
    record = _record(session, user)
    if record is None or record.confirmed_at is None:
        raise NotEnabled
    now = utcnow()
    if record.locked_until is not None and record.locked_until > now:
        raise TooManyAttempts(record.locked_until)
    typed = _normalise(code)
    step = _matching_step(record.secret, typed)
    if step is not None and _claim_step(session, record, step):
        return _accepted(session, user, record, "app")
    if len(typed) == _RECOVERY_LENGTH and _use_recovery_code(session, user, typed):
        return _accepted(session, user, record, "recovery")
    record.failed_attempts += 1
    if record.failed_attempts >= MAX_FAILED_ATTEMPTS:
        record.failed_attempts = 0
        record.locked_until = now + LOCK_DURATION
        session.flush()
        log_security_event("2fa.locked", user_id=user.id)
        raise TooManyAttempts(record.locked_until)
    session.flush()
    log_security_event("2fa.failed", user_id=user.id, attempts=record.failed_attempts)
    raise InvalidCode


def _accepted(session: Session, user: User, record: TwoFactor, method: str) -> str:
    record.failed_attempts = 0
    record.locked_until = None
    session.flush()
    log_security_event("2fa.passed", user_id=user.id, method=method)
    return method


def unused_recovery_codes(session: Session, user: User) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def renew_recovery_codes(session: Session, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Logged, and mailed to the person:
    new codes let someone log in without the phone, so a renewal they did not make must not
    go unnoticed. Flushes. Raises NotEnabled."""
    if not is_enabled(session, user):
        raise NotEnabled
    codes = _new_recovery_codes(session, user)
    session.flush()
    log_security_event("2fa.recovery_codes_renewed", user_id=user.id)
    _mail_change(session, user, "codes_renewed")
    return codes


def disable(session: Session, user: User) -> None:
    """Switch two-factor log-in off and forget the secret and codes. Flushes.

    Raises TwoFactorRequired (the person's role needs it), NotEnabled.
    """
    if requires_two_factor(user):
        raise TwoFactorRequired
    record = _record(session, user)
    if record is None or record.confirmed_at is None:
        raise NotEnabled
    _forget(session, user, record)
    log_security_event("2fa.disabled", user_id=user.id)
    _mail_change(session, user, "disabled")


def reset_by_admin(session: Session, actor: User, user: User, reason: str) -> None:
    """For someone who lost both phone and recovery codes: an admin switches two-factor
    log-in off and ends every session, so the person logs in with the password and sets it
    up again (required roles are sent to the set-up page). Audited, logged and mailed.

    Raises PermissionDenied (the actor is no admin), NotEnabled.
    """
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied("only admins reset two-factor log-in")
    record = _record(session, user)
    if record is None:
        raise NotEnabled
    _forget(session, user, record)
    end_all_sessions(session, user)
    record_audit(session, actor, "user.reset_two_factor", user, reason)
    log_security_event("2fa.reset", user_id=user.id, by_user_id=actor.id)
    _mail_change(session, user, "reset")


def _forget(session: Session, user: User, record: TwoFactor) -> None:
    session.delete(record)
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()


def _mail_change(session: Session, user: User, change: str) -> None:
    """Tell the person, so a change they did not make does not go unnoticed."""
    notify(
        session,
        user,
        NotificationKind.TWO_FACTOR_CHANGED,
        f"{NotificationKind.TWO_FACTOR_CHANGED}:{user.id}:{change}:{utcnow().isoformat()}",
        change=change,
    )

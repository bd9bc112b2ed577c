"""Account rules: register, confirm, log in, reset and change passwords, grant roles.

Services take the session and plain values, raise errors from ``accounts.errors`` and
flush; the view commits. They run outside a request too (CLI, demo data), so e-mail links
are built from the paths in ``views.py`` rather than with ``url_for``.
"""

from __future__ import annotations

import hmac

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace import events
from marketplace.accounts import mail_links, tokens
from marketplace.accounts.errors import (
    AccountBlocked,
    AlreadyConfirmed,
    CannotRevokeOwnAdmin,
    EmailAlreadyRegistered,
    InvalidCredentials,
    InvalidToken,
    UnknownRole,
    WeakPassword,
    WrongPassword,
)
from marketplace.accounts.models import Role, RoleGrant, User
from marketplace.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
    waste_time_like_verify,
)
from marketplace.accounts.permissions import PermissionDenied
from marketplace.accounts.sessions import end_all_sessions
from marketplace.audit import record_audit
from marketplace.display_names import clean_display_name
from marketplace.email_addresses import normalise_email
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify
from marketplace.profiles.models import Profile
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def _own_name(user: User) -> str | None:
    return user.profile.display_name if user.profile else None


def _check_password(password: str, email: str | None, *names: str | None) -> None:
    problem = password_problem(password, email=email, names=names)
    if problem is not None:
        raise WeakPassword(problem)


def _new_user(
    session: Session, email: str, password: str, display_name: str, locale: str | None
) -> User:
    address = normalise_email(email)
    _check_password(password, address, display_name)
    if session.scalar(select(func.count()).select_from(User).where(User.email == address)):
        raise EmailAlreadyRegistered
    user = User(email=address, password_hash=hash_password(password), locale=locale)
    user.profile = Profile.for_new_person(clean_display_name(display_name))
    try:
        # A savepoint, so a simultaneous registration with the same address becomes a
        # clear error instead of a broken transaction. Flush: the id goes into the token.
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError as error:
        raise EmailAlreadyRegistered from error
    return user


def register_user(
    session: Session,
    email: str,
    password: str,
    display_name: str,
    *,
    locale: str | None = None,
) -> User:
    """A new, unconfirmed account with a profile, and a confirmation mail in the outbox.

    Raises InvalidEmail, WeakPassword, EmailAlreadyRegistered.
    """
    user = _new_user(session, email, password, display_name, locale)
    send_confirmation(session, user)
    return user


def create_confirmed_user(session: Session, email: str, password: str, display_name: str) -> User:
    """An account that needs no confirmation mail (made by an admin on the command line or
    by the demo data). Raises InvalidEmail, WeakPassword, EmailAlreadyRegistered."""
    user = _new_user(session, email, password, display_name, None)
    user.email_confirmed_at = utcnow()
    return user


def send_confirmation(session: Session, user: User) -> Notification:
    """Put a mail with a confirmation link in the outbox. Raises AlreadyConfirmed."""
    if user.is_email_confirmed:
        raise AlreadyConfirmed
    return _mail_token(session, user, NotificationKind.CONFIRM_EMAIL)


def _mail_token(session: Session, user: User, kind: NotificationKind) -> Notification:
    """The mail is stored without its token: the worker makes one as it sends the mail
    (accounts.mail_links), so the notifications table never holds a working link."""
    return notify(
        session,
        user,
        kind,
        # Asked twice within one second (a double click) is one mail.
        f"{kind}:{user.id}:{int(utcnow().timestamp())}",
        link_path=mail_links.placeholder_path(kind),
        valid_hours=mail_links.valid_hours(kind),
    )


def confirm_email(session: Session, token: str) -> User:
    """Mark the address in ``token`` as confirmed. The link works once: afterwards it only
    raises AlreadyConfirmed.

    Raises ExpiredToken, InvalidToken (also when the account's address changed since),
    AlreadyConfirmed.
    """
    payload = tokens.read_token(tokens.CONFIRM_EMAIL, token)
    user = _user_from_payload(session, payload)
    fingerprint = payload.get("em")
    if not isinstance(fingerprint, str) or not hmac.compare_digest(
        fingerprint, mail_links.confirm_fingerprint(user)
    ):
        raise InvalidToken
    if user.email_confirmed_at is not None:
        raise AlreadyConfirmed
    _mark_confirmed(session, user)
    return user


def _mark_confirmed(session: Session, user: User) -> None:
    """The address works: from now on the person takes part, so matching looks again."""
    user.email_confirmed_at = utcnow()
    session.flush()
    events.email_confirmed.send(user, session=session)


def _user_from_payload(session: Session, payload: dict[str, object]) -> User:
    user_id = payload.get("user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise InvalidToken
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The account with this e-mail and password; records the login.

    Raises InvalidCredentials (unknown address or wrong password, on purpose the same),
    AccountBlocked (only said to someone who knows the password).
    """
    user = find_user_by_email(session, email)
    if user is None:
        waste_time_like_verify(password)
        raise InvalidCredentials
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials
    if user.is_blocked:
        raise AccountBlocked
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user


def request_password_reset(session: Session, email: str) -> Notification | None:
    """Mail a reset link when an active account has this address; otherwise do nothing.

    The caller shows the same answer either way, so nobody learns who has an account.
    """
    user = find_user_by_email(session, email)
    if user is None or user.is_blocked:
        return None
    return _mail_token(session, user, NotificationKind.RESET_PASSWORD)


def user_for_reset_token(session: Session, token: str) -> User:
    """The account a reset link belongs to, while the link still works.

    Raises ExpiredToken, InvalidToken (also after the password changed: the link was
    used), AccountBlocked.
    """
    payload = tokens.read_token(tokens.RESET_PASSWORD, token)
    user = _user_from_payload(session, payload)
    if payload.get("pw") != tokens.password_fingerprint(user.password_hash):
        raise InvalidToken
    if user.is_blocked:
        raise AccountBlocked
    return user


def reset_password(session: Session, token: str, new_password: str) -> User:
    """Set a new password through a reset link; the link stops working.

    Following the link proves the address works, so it also counts as confirmation.
    Raises ExpiredToken, InvalidToken, AccountBlocked, WeakPassword.
    """
    user = user_for_reset_token(session, token)
    _check_password(new_password, user.email, _own_name(user))
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        _mark_confirmed(session, user)
    _mail_password_changed(session, user)
    end_all_sessions(session, user)  # whoever knew the old password is logged out
    session.flush()
    return user


def _mail_password_changed(session: Session, user: User) -> None:
    """Tell the person, so a change they did not make does not go unnoticed."""
    notify(
        session,
        user,
        NotificationKind.PASSWORD_CHANGED,
        f"{NotificationKind.PASSWORD_CHANGED}:{user.id}:"
        f"{tokens.password_fingerprint(user.password_hash)}",
    )


def change_password(session: Session, user: User, current_password: str, new_password: str) -> User:
    """Replace the password; every log-in session of ``user`` ends (the view starts a new one).

    Raises WrongPassword, WeakPassword.
    """
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword
    _check_password(new_password, user.email, _own_name(user))
    user.password_hash = hash_password(new_password)
    _mail_password_changed(session, user)
    end_all_sessions(session, user)  # every device logs in again; the view starts a new one
    session.flush()
    return user


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as error:
        raise UnknownRole(role) from error


def _check_admin(actor: User | None) -> None:
    # ``actor`` is None on the command line, where whoever runs it controls the server.
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise PermissionDenied


def grant_role(session: Session, actor: User | None, user: User, role: str) -> bool:
    """Give ``user`` a role; False when they already had it. Audited.

    Raises UnknownRole, PermissionDenied (the actor is not an admin).
    """
    _check_admin(actor)
    wanted = _role(role)
    if wanted in user.roles:
        return False
    user.role_grants.append(RoleGrant(role=str(wanted), granted_by_id=actor.id if actor else None))
    record_audit(session, actor, "user.grant_role", user, role=str(wanted))
    log_security_event(
        "role.granted", user_id=user.id, by_user_id=actor.id if actor else None, role=str(wanted)
    )
    session.flush()
    return True


def revoke_role(session: Session, actor: User | None, user: User, role: str) -> bool:
    """Take a role away from ``user``; False when they did not have it. Audited.

    Raises UnknownRole, PermissionDenied, CannotRevokeOwnAdmin.
    """
    _check_admin(actor)
    unwanted = _role(role)
    if actor is not None and actor.id == user.id and unwanted == Role.ADMIN:
        raise CannotRevokeOwnAdmin
    grant = next((g for g in user.role_grants if g.role == unwanted), None)
    if grant is None:
        return False
    user.role_grants.remove(grant)
    record_audit(session, actor, "user.revoke_role", user, role=str(unwanted))
    log_security_event(
        "role.revoked", user_id=user.id, by_user_id=actor.id if actor else None, role=str(unwanted)
    )
    session.flush()
    return True


def end_sessions_by_admin(session: Session, actor: User, user: User) -> int:
    """An admin logs ``user`` out everywhere (a lost phone, a shared computer, a suspected
    takeover); returns how many sessions ended. Audited and logged. Flushes.

    Raises PermissionDenied (the actor is no admin).
    """
    _check_admin(actor)
    ended = end_all_sessions(session, user)
    record_audit(session, actor, "user.end_sessions", user, sessions=ended)
    session.flush()
    log_security_event(
        "session.ended_by_admin", user_id=user.id, by_user_id=actor.id, sessions=ended
    )
    return ended

"""Account rules: register, confirm, log in, reset and change passwords, grant roles.

Services take the session and plain values, raise errors from ``accounts.errors`` and
flush; the view commits. They run outside a request too (CLI, demo data), so e-mail links
are built from the paths in ``views.py`` rather than with ``url_for``.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts import tokens
from marketplace.accounts.errors import (
    AccountBlocked,
    AlreadyConfirmed,
    CannotRevokeOwnAdmin,
    EmailAlreadyRegistered,
    InvalidCredentials,
    InvalidEmail,
    InvalidToken,
    UnknownRole,
    WeakPassword,
    WrongPassword,
)
from marketplace.accounts.models import Role, RoleGrant, User
from marketplace.accounts.passwords import (
    hash_password,
    is_acceptable_password,
    needs_rehash,
    verify_password,
    waste_time_like_verify,
)
from marketplace.accounts.permissions import PermissionDenied
from marketplace.moderation.audit import record_audit
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify
from marketplace.profiles.models import Profile
from marketplace.timestamps import utcnow


def normalise_email(email: str) -> str:
    """The address as we store it: checked, trimmed and in lower case.

    Raises InvalidEmail.
    """
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from error
    return checked.normalized.lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def _check_password(password: str) -> None:
    if not is_acceptable_password(password):
        raise WeakPassword


def _new_user(
    session: Session, email: str, password: str, display_name: str, locale: str | None
) -> User:
    address = normalise_email(email)
    _check_password(password)
    if session.scalar(select(func.count()).select_from(User).where(User.email == address)):
        raise EmailAlreadyRegistered
    user = User(email=address, password_hash=hash_password(password), locale=locale)
    user.profile = Profile(display_name=display_name.strip())
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
    token = tokens.make_token(tokens.CONFIRM_EMAIL, {"user_id": user.id, "email": user.email})
    return _mail_token(session, user, NotificationKind.CONFIRM_EMAIL, token)


# Kind of mail -> (token purpose, the link's path in views.py)
_TOKEN_MAIL = {
    NotificationKind.CONFIRM_EMAIL: (tokens.CONFIRM_EMAIL, "/bevestigen/"),
    NotificationKind.RESET_PASSWORD: (tokens.RESET_PASSWORD, "/wachtwoord-herstellen/"),
}


def _mail_token(session: Session, user: User, kind: NotificationKind, token: str) -> Notification:
    purpose, path = _TOKEN_MAIL[kind]
    return notify(
        session,
        user,
        kind,
        # The same token twice (a double click within one second) is one mail.
        f"{kind}:{user.id}:{tokens.token_digest(token)}",
        link_path=path + token,
        valid_hours=int(tokens.MAX_AGE[purpose].total_seconds() // 3600),
    )


def confirm_email(session: Session, token: str) -> User:
    """Mark the address in ``token`` as confirmed; a second click changes nothing.

    Raises ExpiredToken, InvalidToken (also when the account's address changed since).
    """
    payload = tokens.read_token(tokens.CONFIRM_EMAIL, token)
    user = _user_from_payload(session, payload)
    if user.email != payload.get("email"):
        raise InvalidToken
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        session.flush()
    return user


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
    token = tokens.make_token(
        tokens.RESET_PASSWORD,
        {"user_id": user.id, "pw": tokens.password_fingerprint(user.password_hash)},
    )
    return _mail_token(session, user, NotificationKind.RESET_PASSWORD, token)


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
    _check_password(new_password)
    user.password_hash = hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    session.flush()
    return user


def change_password(session: Session, user: User, current_password: str, new_password: str) -> User:
    """Replace the password; other sessions end because the session id changes with it.

    Raises WrongPassword, WeakPassword.
    """
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword
    _check_password(new_password)
    user.password_hash = hash_password(new_password)
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
    session.flush()
    return True

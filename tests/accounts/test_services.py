"""The account rules, through the services other code calls."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts import services
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
from marketplace.accounts.models import User
from marketplace.accounts.permissions import (
    EmailNotConfirmed,
    PermissionDenied,
    require_confirmed,
)
from marketplace.accounts.sessions import count_sessions, start_session
from marketplace.audit import AuditEvent
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.security_log import read_security_events
from tests.accounts.helpers import link_in_last_mail
from tests.factories import PASSWORD, UserFactory, person


def test_register_user_refuses_an_address_in_use_whatever_its_capitals(session):
    UserFactory(email="jan@example.org")
    with pytest.raises(EmailAlreadyRegistered):
        services.register_user(session, "JAN@example.org", "lang genoeg wachtwoord", "Jan")


def test_register_user_refuses_a_nine_character_password(session):
    with pytest.raises(WeakPassword):
        services.register_user(session, "jan@example.org", "123456789", "Jan")


def test_register_user_accepts_a_ten_character_password(session):
    user = services.register_user(session, "jan@example.org", "fiets-markt", "Jan")
    assert user.id is not None


def test_register_user_refuses_a_malformed_address(session):
    with pytest.raises(InvalidEmail):
        services.register_user(session, "jan@", "lang genoeg wachtwoord", "Jan")


def test_register_user_keeps_the_chosen_language(session):
    user = services.register_user(
        session, "jan@example.org", "lang genoeg wachtwoord", "Jan", locale="en"
    )
    assert user.locale == "en"


def test_confirmation_mail_is_not_shown_in_the_app(session):
    user = services.register_user(session, "jan@example.org", "lang genoeg wachtwoord", "Jan")
    mail = session.scalar(select(Notification).where(Notification.recipient_id == user.id))
    assert mail.send_email
    assert not mail.show_in_app


def test_send_confirmation_to_a_confirmed_address_is_refused(session):
    with pytest.raises(AlreadyConfirmed):
        services.send_confirmation(session, person())


def test_create_confirmed_user_needs_no_mail(session):
    user = services.create_confirmed_user(session, "mod@example.org", "lang genoeg!", "Mo")
    assert user.is_email_confirmed
    assert session.scalar(select(Notification)) is None


def test_authenticate_with_a_wrong_password_raises_invalid_credentials(session):
    UserFactory(email="jan@example.org")
    with pytest.raises(InvalidCredentials):
        services.authenticate(session, "jan@example.org", "fout wachtwoord")


def test_authenticate_a_blocked_account_raises_account_blocked(session):
    UserFactory(email="jan@example.org", blocked=True)
    with pytest.raises(AccountBlocked):
        services.authenticate(session, "jan@example.org", PASSWORD)


def test_authenticate_an_unconfirmed_account_works(session):
    UserFactory(email="jan@example.org", unconfirmed=True)
    assert services.authenticate(session, "jan@example.org", PASSWORD).email == "jan@example.org"


def test_request_password_reset_for_an_unknown_address_writes_nothing(session):
    assert services.request_password_reset(session, "niemand@example.org") is None
    assert session.scalar(select(Notification)) is None


def test_the_same_reset_request_twice_in_one_second_is_one_mail(session):
    user = UserFactory()
    first = services.request_password_reset(session, user.email)
    second = services.request_password_reset(session, user.email)
    assert first is second


def test_reset_token_stops_working_after_any_password_change(session):
    user = UserFactory()
    services.request_password_reset(session, user.email)
    token = link_in_last_mail(user, NotificationKind.RESET_PASSWORD).rsplit("/", 1)[-1]
    services.change_password(session, user, PASSWORD, "een heel ander wachtwoord")
    with pytest.raises(InvalidToken):
        services.user_for_reset_token(session, token)


def test_reset_token_for_a_deleted_account_is_invalid(session):
    user = UserFactory()
    services.request_password_reset(session, user.email)
    token = link_in_last_mail(user, NotificationKind.RESET_PASSWORD).rsplit("/", 1)[-1]
    session.delete(user)
    session.commit()
    with pytest.raises(InvalidToken):
        services.reset_password(session, token, "een heel ander wachtwoord")


def test_change_password_with_a_wrong_current_password_raises(session):
    with pytest.raises(WrongPassword):
        services.change_password(session, person(), "niet goed", "een nieuw wachtwoord")


def test_change_password_to_a_short_one_raises(session):
    with pytest.raises(WeakPassword):
        services.change_password(session, person(), PASSWORD, "kort")


def test_change_password_ends_every_session(session):
    user = person()
    start_session(session, user)
    start_session(session, user, remember=True)
    services.change_password(session, user, PASSWORD, "een nieuw wachtwoord")
    assert count_sessions(session, user) == 0


def test_require_confirmed_refuses_an_unconfirmed_person():
    with pytest.raises(EmailNotConfirmed):
        require_confirmed(UserFactory(unconfirmed=True))


def test_require_confirmed_refuses_a_blocked_person():
    with pytest.raises(PermissionDenied):
        require_confirmed(UserFactory(blocked=True))


# Roles


def test_admin_grants_a_role_and_it_is_audited(session):
    admin, user = UserFactory(admin=True), UserFactory()
    assert services.grant_role(session, admin, user, "moderator")
    session.commit()
    assert user.has_role("moderator")
    event = session.scalar(select(AuditEvent))
    assert (event.actor_id, event.action, event.target_type, event.target_id) == (
        admin.id,
        "user.grant_role",
        "user",
        user.id,
    )
    assert event.details == {"role": "moderator"}


def test_granting_a_role_someone_has_changes_nothing(session):
    admin, user = UserFactory(admin=True), UserFactory(moderator=True)
    assert not services.grant_role(session, admin, user, "moderator")
    assert session.scalar(select(AuditEvent)) is None


def test_a_moderator_cannot_grant_roles(session):
    with pytest.raises(PermissionDenied):
        services.grant_role(session, UserFactory(moderator=True), UserFactory(), "moderator")


def test_an_unknown_role_is_refused(session):
    with pytest.raises(UnknownRole):
        services.grant_role(session, UserFactory(admin=True), UserFactory(), "koning")


def test_admin_revokes_a_role_and_it_is_audited(session):
    admin, user = UserFactory(admin=True), UserFactory(moderator=True)
    assert services.revoke_role(session, admin, user, "moderator")
    session.commit()
    session.refresh(user)
    assert not user.has_role("moderator")
    assert session.scalar(select(AuditEvent)).action == "user.revoke_role"


def test_an_admin_cannot_revoke_their_own_admin_role(session):
    admin = UserFactory(admin=True)
    with pytest.raises(CannotRevokeOwnAdmin):
        services.revoke_role(session, admin, admin, "admin")


def test_an_admin_may_revoke_another_admins_role(session):
    admin, other = UserFactory(admin=True), UserFactory(admin=True)
    assert services.revoke_role(session, admin, other, "admin")


def test_the_command_line_grants_without_an_actor(session):
    user = UserFactory()
    services.grant_role(session, None, user, "municipality")
    session.commit()
    assert session.scalar(select(AuditEvent)).actor_id is None
    assert session.get(User, user.id).has_role("municipality")


def test_granting_and_revoking_a_role_reach_the_security_log(session):
    admin = UserFactory(admin=True)
    user = UserFactory()
    services.grant_role(session, admin, user, "moderator")
    services.revoke_role(session, admin, user, "moderator")
    events = [e for e in read_security_events() if e["user_id"] == user.id]
    assert [(e["event"], e["role"], e["by_user_id"]) for e in events[-2:]] == [
        ("role.granted", "moderator", admin.id),
        ("role.revoked", "moderator", admin.id),
    ]

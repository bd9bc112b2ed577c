from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.encryption import EncryptedText
from marketplace.enum_columns import enum_type
from marketplace.extensions import Model
from marketplace.timestamps import UTCDateTime, utcnow

if TYPE_CHECKING:
    from marketplace.accounts.memberships import Membership
    from marketplace.profiles.models import Profile


class Role(StrEnum):
    MODERATOR = "moderator"
    ADMIN = "admin"
    MUNICIPALITY = "municipality"


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A new address the person asked for and has not confirmed yet (accounts.email_change);
    # kept here so the link in the mail carries no address.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    is_blocked: Mapped[bool] = mapped_column(default=False)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_reason: Mapped[str | None] = mapped_column(String(500))
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person's account was erased (marketplace.my_data.erasure): the row stays
    # as an empty tombstone so conversations others keep still have a sender.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="RoleGrant.user_id"
    )
    profile: Mapped[Profile | None] = relationship(back_populates="user", uselist=False)
    memberships: Mapped[list[Membership]] = relationship(back_populates="user")

    def session_token(self) -> str:
        """The token of the log-in session this request runs in (set by accounts.login).

        Flask-Login puts it in the cookie (``login_manager.id_attribute``); the database keeps
        only its digest (accounts.sessions). ``get_id()`` stays the plain id, for equality.
        """
        token = self.__dict__.get("_session_token")
        if not token:
            raise RuntimeError("no log-in session: start one with accounts.login.log_in_user")
        return str(token)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.is_blocked and self.erased_at is None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def is_email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def roles(self) -> set[str]:
        return {grant.role for grant in self.role_grants}

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles or (role != Role.ADMIN and Role.ADMIN in self.roles)

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return str(_("verwijderd account"))
        if self.profile and self.profile.display_name:
            return self.profile.display_name
        return str(_("Een buurtbewoner"))  # never part of the e-mail address


def is_any_staff(user: User) -> bool:
    """Sees other people's data: holds a role (moderator, admin, municipality) or works for
    an organisation. These people get short sessions and must use two-factor log-in."""
    return bool(user.roles) or bool(user.memberships)


class RoleGrant(Model):
    __tablename__ = "role_grants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(enum_type(Role, name="role", length=20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(back_populates="role_grants", foreign_keys=[user_id])


class TwoFactor(Model):
    """A person's authenticator app (TOTP, RFC 6238). Made unconfirmed when they start setting
    it up; it counts only once they typed a first code (``confirmed_at``).

    ``last_step`` is the 30-second time step of the last code used, so an overheard code
    cannot be used a second time. Wrong codes are counted per account (``failed_attempts``)
    and lock the second step for a while (``locked_until``), whichever process answers.
    """

    __tablename__ = "two_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Base32, as authenticator apps want it; encrypted, since with it anyone makes codes.
    secret: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int | None] = mapped_column()
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(Model):
    """A single-use code for when the phone is lost. Only its Argon2id hash is kept, salted
    like a password (``code_digest``): 50 random bits are too few against a fast hash once a
    copy of the database leaks."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_digest: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

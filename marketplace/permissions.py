"""Who may see and act on what: the one place for "works for this organisation", "manages
this posting" and "may see this posting". Services ask these; views and templates get the
answers from services.

Decorators for views (logged in, roles, confirmed address) are in
``marketplace.accounts.permissions``. In the layers (DEVELOPERS.md) this module sits between
postings and accounts: postings, responses and every feature may ask it; it imports only
accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from marketplace.accounts.delegations import Scope, active_delegation
from marketplace.accounts.memberships import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationStatus,
)
from marketplace.accounts.models import Role, User, is_any_staff

if TYPE_CHECKING:
    from marketplace.postings.models import Posting

# ``is_any_staff`` is owned by accounts (sessions and two-factor log-in ask it, and accounts
# may not import this module: it sits above accounts in the layers); offered here too.
__all__ = [
    "acting_for",
    "is_admin",
    "is_any_staff",
    "manages",
    "may_see",
    "staff_members",
    "staff_of",
    "staff_organisations",
    "told_about",
]


def _logged_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def staff_of(session: Session, user: Any, organisation_id: int | None) -> bool:
    """Whether ``user`` works for the organisation, as coordinator or staff (admins do not,
    unless they work there too)."""
    if organisation_id is None or not _logged_in(user):
        return False
    return (
        session.scalar(
            select(User.id).where(
                User.id == user.id, User.memberships.any(organisation_id=organisation_id)
            )
        )
        is not None
    )


def staff_organisations(
    session: Session, user: Any, *, approved_only: bool = False
) -> list[Organisation]:
    """The organisations ``user`` works for, by name (``approved_only``: those an admin
    approved; otherwise whatever their status)."""
    if not _logged_in(user) or not user.memberships:  # most people work for none: no query
        return []
    query = select(Organisation).join(Membership).where(Membership.user_id == user.id)
    if approved_only:
        query = query.where(Organisation.status == OrganisationStatus.APPROVED)
    return list(session.scalars(query.order_by(Organisation.name, Organisation.id)))


def staff_members(
    session: Session, organisation_id: int | None, role: MembershipRole | None = None
) -> list[User]:
    """Everyone who works for the organisation (only its coordinators, or only its staff,
    with ``role``), by id; nobody for None."""
    if organisation_id is None:
        return []
    query = select(User).join(Membership).where(Membership.organisation_id == organisation_id)
    if role is not None:
        query = query.where(Membership.role == role)
    return list(session.scalars(query.order_by(User.id)))


def is_admin(user: Any) -> bool:
    return _logged_in(user) and user.has_role(Role.ADMIN)


def manages(session: Session, user: Any, posting: Posting, scope: Scope | None = None) -> bool:
    """The author, or for an organisation's posting anyone on that organisation's staff:
    colleagues take over each other's vacancies and client requests.

    A request posted for someone (``for_person_id``) is hers: she manages it, and so does a
    carer while her consent lasts and covers ``scope`` (``Scope.ACCEPT`` to accept a
    volunteer, ``Scope.RESPOND`` for the conversations; None: any consent). The carer who
    posted it loses it when the consent ends."""
    if not _logged_in(user):
        return False
    if posting.for_person_id is not None:
        if user.id == posting.for_person_id:
            return True
        return active_delegation(session, user.id, posting.for_person_id, scope) is not None
    return user.id == posting.author_id or staff_of(session, user, posting.organisation_id)


def acting_for(session: Session, user: Any, posting: Posting, scope: Scope | None = None) -> Any:
    """The consent under which ``user`` acts on a posting made for someone else, or None
    when she acts for herself (or may not act at all)."""
    if not _logged_in(user) or posting.for_person_id in (None, user.id):
        return None
    return active_delegation(session, user.id, posting.for_person_id, scope)


def told_about(posting: Posting) -> Any:
    """Who on the posting's side is told about it (new responses, messages, expiry): the
    author; for a request a carer posted for someone, the carer only while her consent runs,
    and after that the person herself (her own settings decide in-app and mail)."""
    if posting.for_person_id is None or posting.author_id == posting.for_person_id:
        return posting.author
    session = object_session(posting)
    if session is None or active_delegation(session, posting.author_id, posting.for_person_id):
        return posting.author
    return posting.for_person


def may_see(session: Session, posting: Posting, viewer: Any) -> bool:
    """Public postings for everyone; any status for the author, its organisation's staff,
    a client it was made for (with an own account) and moderators."""
    if posting.is_public:
        return True
    if not _logged_in(viewer):
        return False
    if posting.author_id == viewer.id or viewer.has_role(Role.MODERATOR):
        return True
    if posting.client is not None and posting.client.user_id == viewer.id:
        return True  # a client with an own account follows requests made for them
    if posting.for_person_id is not None and manages(session, viewer, posting):
        return True  # the person it was posted for, and her carers
    return staff_of(session, viewer, posting.organisation_id)

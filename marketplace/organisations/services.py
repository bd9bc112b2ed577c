"""Organisations: registration, approval by an admin, and the people who work for them.

Functions that change something check permissions, raise errors from
``marketplace.organisations.errors`` (or ``PermissionDenied``) and only ``flush()``; the view
commits. Functions ending in ``_query`` return a ``Select`` for the view to paginate.
"""

from __future__ import annotations

import csv
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.memberships import (
    Membership,
    MembershipRole,
    Organisation,
    OrganisationStatus,
)
from marketplace.accounts.models import User
from marketplace.accounts.permissions import PermissionDenied, require_confirmed
from marketplace.audit import record_audit
from marketplace.display_names import clean_display_name
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, notify_address, page_path
from marketplace.organisations.errors import (
    AlreadyStaff,
    InvitationExpired,
    InvitationForOtherAccount,
    InvitationInvalid,
    InvitationPending,
    LastCoordinator,
    NotStaff,
    OrganisationNotApproved,
    OrganisationNotPending,
)
from marketplace.organisations.models import Invitation
from marketplace.permissions import is_admin, staff_members, staff_of
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.models import Response
from marketplace.search import contains
from marketplace.security_log import log_security_event
from marketplace.timestamps import utcnow

# Words used by the organisation pages' own URLs: an organisation called "Mijn" must not
# hide /organisaties/mijn.
RESERVED_SLUGS = frozenset(
    {
        "mijn",
        "aanmelden",
        "wachtend",
        "vacatures",
        "mijn-aanmeldingen",
        "uitnodiging",
        "aanmeldingen",
    }
)
INVITATION_VALID_FOR = timedelta(days=14)
WIJK_CSV = Path(__file__).resolve().parent.parent / "geo" / "data" / "rotterdam_pc4_wijk.csv"
SLUG_BASE_LENGTH = 100  # leaves room for "-123" within the 120-character column


@dataclass
class OrganisationData:
    name: str
    description: str
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    neighbourhoods: list[str] = field(default_factory=list)


@cache
def rotterdam_neighbourhoods() -> tuple[str, ...]:
    """Rotterdam's neighbourhood names (wijken), sorted: the choices on the profile form."""
    with open(WIJK_CSV, encoding="utf-8", newline="") as f:
        names = {row["wijk"].strip() for row in csv.DictReader(f) if row["wijk"].strip()}
    return tuple(sorted(names, key=str.casefold))


def _clean_neighbourhoods(names: list[str]) -> str | None:
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    return ", ".join(cleaned) or None


# --- who may do what -------------------------------------------------------------------


def _membership(session: Session, user: Any, organisation: Organisation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.get(Membership, (organisation.id, user.id))


def is_coordinator(session: Session, user: Any, organisation: Organisation) -> bool:
    membership = _membership(session, user, organisation)
    return membership is not None and membership.role == MembershipRole.COORDINATOR


def can_manage(session: Session, user: Any, organisation: Organisation) -> bool:
    """Staff of the organisation and admins see its management page."""
    return staff_of(session, user, organisation.id) or is_admin(user)


def can_change_staff(session: Session, user: Any, organisation: Organisation) -> bool:
    """Coordinators of the organisation and admins add and remove staff."""
    return is_coordinator(session, user, organisation) or is_admin(user)


def user_memberships(session: Session, user: User) -> list[Membership]:
    """``user``'s memberships with their organisations, by organisation name."""
    return list(
        session.scalars(
            select(Membership)
            .join(Organisation)
            .options(joinedload(Membership.organisation))
            .where(Membership.user_id == user.id)
            .order_by(Organisation.name)
        )
    )


# --- finding organisations -------------------------------------------------------------


def approved_organisations_query(search: str = "") -> Select[Organisation]:
    """Approved organisations by name; ``search`` matches part of the name."""
    query = select(Organisation).where(Organisation.status == OrganisationStatus.APPROVED)
    if search:
        query = query.where(contains(Organisation.name, search))
    return query.order_by(Organisation.name, Organisation.id)


def pending_organisations_query() -> Select[Organisation]:
    """Organisations waiting for an admin, oldest first."""
    return (
        select(Organisation)
        .where(Organisation.status == OrganisationStatus.PENDING)
        .order_by(Organisation.created_at, Organisation.id)
    )


def count_pending_organisations(session: Session) -> int:
    return (
        session.scalar(
            select(func.count(Organisation.id)).where(
                Organisation.status == OrganisationStatus.PENDING
            )
        )
        or 0
    )


def visible_organisation(session: Session, slug: str, viewer: Any) -> Organisation | None:
    """The organisation at ``slug`` if ``viewer`` may see it: everyone sees approved ones,
    only its staff and admins see one that is pending or rejected."""
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        return None
    if organisation.is_approved or can_manage(session, viewer, organisation):
        return organisation
    return None


def manageable_organisation(
    session: Session, organisation_id: int, viewer: Any
) -> Organisation | None:
    """The organisation if ``viewer`` is its staff or an admin; otherwise None (a 404)."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not can_manage(session, viewer, organisation):
        return None
    return organisation


def staff_list(session: Session, organisation: Organisation) -> list[Membership]:
    """Coordinators first, then staff, each by when they joined."""
    return list(
        session.scalars(
            select(Membership)
            .options(joinedload(Membership.user).joinedload(User.profile))
            .where(Membership.organisation_id == organisation.id)
            .order_by(Membership.role, Membership.created_at, Membership.user_id)
        )
    )


# --- vacancies and applicants ----------------------------------------------------------


def open_vacancies_query(organisation: Organisation) -> Select[Posting]:
    """The organisation's published, visible vacancies, newest first."""
    return (
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(
            Posting.organisation_id == organisation.id,
            Posting.kind == PostingKind.VACANCY,
            Posting.status == PostingStatus.PUBLISHED,
            Posting.is_hidden.is_(False),
        )
        .order_by(Posting.published_at.desc(), Posting.id.desc())
    )


def organisation_vacancies_query(organisation: Organisation) -> Select[Posting]:
    """All the organisation's vacancies in every status, newest first (for its staff)."""
    return (
        select(Posting)
        .options(joinedload(Posting.category))
        .where(Posting.organisation_id == organisation.id, Posting.kind == PostingKind.VACANCY)
        .order_by(Posting.created_at.desc(), Posting.id.desc())
    )


def applicant_counts(session: Session, postings: list[Posting]) -> dict[int, int]:
    """Number of responses per posting id (0 for postings without any)."""
    ids = [posting.id for posting in postings]
    counts = {posting_id: 0 for posting_id in ids}
    if ids:
        rows = session.execute(
            select(Response.posting_id, func.count(Response.id))
            .where(Response.posting_id.in_(ids))
            .group_by(Response.posting_id)
        )
        counts.update({posting_id: count for posting_id, count in rows})
    return counts


def vacancy_for_staff(session: Session, posting_id: int, viewer: Any) -> Posting | None:
    """The vacancy if ``viewer`` works for the organisation that posted it; otherwise None."""
    posting = session.get(Posting, posting_id)
    if posting is None or posting.kind != PostingKind.VACANCY or posting.organisation is None:
        return None
    if not staff_of(session, viewer, posting.organisation_id):
        return None
    return posting


# --- registering and approving ---------------------------------------------------------


def slugify(name: str) -> str:
    """ "Stichting Buurt & Zorg" -> "stichting-buurt-zorg"; accents are dropped."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_BASE_LENGTH].strip("-") or "organisatie"


def unique_slug(session: Session, name: str) -> str:
    """A slug for ``name`` no other organisation has: "buurtwerk", "buurtwerk-2", ..."""
    base = slugify(name)
    taken = set(
        session.scalars(
            select(Organisation.slug).where(
                or_(Organisation.slug == base, Organisation.slug.startswith(f"{base}-"))
            )
        )
    )
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def register_organisation(session: Session, creator: User, data: OrganisationData) -> Organisation:
    """Register an organisation, pending until an admin approves it; ``creator`` becomes
    its coordinator.

    Raises EmailNotConfirmed or PermissionDenied (blocked) from accounts.permissions.
    """
    require_confirmed(creator)
    organisation = Organisation(
        name=clean_display_name(data.name),
        slug=unique_slug(session, data.name),
        description=data.description.strip(),
        website=data.website or None,
        email=data.email or None,
        phone=data.phone or None,
        neighbourhoods=_clean_neighbourhoods(data.neighbourhoods),
        status=OrganisationStatus.PENDING,
        created_by_id=creator.id,
        created_at=utcnow(),
    )
    organisation.memberships.append(Membership(user=creator, role=MembershipRole.COORDINATOR))
    session.add(organisation)
    session.flush()
    return organisation


def _check_admin_may_decide(admin: User, organisation: Organisation) -> None:
    if not is_admin(admin):
        raise PermissionDenied("only admins approve organisations")
    if organisation.status != OrganisationStatus.PENDING:
        raise OrganisationNotPending(organisation.id)


def coordinators(session: Session, organisation: Organisation) -> list[User]:
    return staff_members(session, organisation.id, MembershipRole.COORDINATOR)


def check_may_send_mail(organisation: Organisation | None) -> None:
    """Raises OrganisationNotApproved when ``organisation`` may not e-mail anyone yet.

    Every action of an organisation that makes Buurthulp send mail asks this first; None
    (a person acting for themselves) may.
    """
    if organisation is not None and not organisation.is_approved:
        raise OrganisationNotApproved(organisation.id)


def approve_organisation(session: Session, admin: User, organisation: Organisation) -> None:
    """Make a pending organisation public and tell its coordinators.

    Raises PermissionDenied (not an admin) or OrganisationNotPending.
    """
    _check_admin_may_decide(admin, organisation)
    organisation.status = OrganisationStatus.APPROVED
    organisation.approved_at = utcnow()
    organisation.rejection_reason = None
    for coordinator in coordinators(session, organisation):
        notify(
            session,
            coordinator,
            NotificationKind.ORGANISATION_APPROVED,
            f"organisation-approved:{organisation.id}:{coordinator.id}",
            link_path=page_path("organisations.manage", organisation_id=organisation.id),
            organisation=organisation,
        )
    record_audit(session, admin, "organisation.approve", organisation)
    session.flush()


def reject_organisation(
    session: Session, admin: User, organisation: Organisation, reason: str
) -> None:
    """Refuse a pending organisation; its coordinators see ``reason`` on their page.

    Raises PermissionDenied (not an admin) or OrganisationNotPending.
    """
    _check_admin_may_decide(admin, organisation)
    organisation.status = OrganisationStatus.REJECTED
    organisation.rejection_reason = reason.strip()
    record_audit(session, admin, "organisation.reject", organisation, reason.strip())
    session.flush()


# --- staff -----------------------------------------------------------------------------


def _membership_to_change(
    session: Session, actor: User, organisation: Organisation, user: User
) -> Membership:
    """``user``'s membership, which ``actor`` is about to change. Raises PermissionDenied
    (not a coordinator or admin) or NotStaff."""
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators change staff")
    membership = _membership(session, user, organisation)
    if membership is None:
        raise NotStaff(user.id)
    return membership


def remove_staff(session: Session, actor: User, organisation: Organisation, user: User) -> None:
    """Stop ``user`` working for ``organisation``; the last coordinator always stays.

    Raises PermissionDenied (not a coordinator or admin), NotStaff or LastCoordinator.
    """
    membership = _membership_to_change(session, actor, organisation, user)
    if (
        membership.role == MembershipRole.COORDINATOR
        and len(coordinators(session, organisation)) == 1
    ):
        raise LastCoordinator(organisation.id)
    session.delete(membership)
    record_audit(session, actor, "organisation.remove_staff", organisation, user_id=user.id)
    log_security_event(
        "role.revoked", user_id=user.id, by_user_id=actor.id, organisation_id=organisation.id
    )
    session.flush()


def change_role(
    session: Session,
    actor: User,
    organisation: Organisation,
    user: User,
    role: MembershipRole | str,
) -> Membership:
    """Make ``user`` coordinator or staff; the last coordinator cannot become staff.

    Raises PermissionDenied (not a coordinator or admin), NotStaff or LastCoordinator.
    """
    membership = _membership_to_change(session, actor, organisation, user)
    new_role = MembershipRole(role)
    if (
        membership.role == MembershipRole.COORDINATOR
        and new_role != MembershipRole.COORDINATOR
        and len(coordinators(session, organisation)) == 1
    ):
        raise LastCoordinator(organisation.id)
    if membership.role != new_role:
        record_audit(
            session,
            actor,
            "organisation.change_role",
            organisation,
            user_id=user.id,
            role=str(new_role),
        )
        log_security_event(
            "role.changed",
            user_id=user.id,
            by_user_id=actor.id,
            organisation_id=organisation.id,
            role=str(new_role),
        )
        membership.role = new_role
    session.flush()
    return membership


# --- the organisation's profile --------------------------------------------------------


def update_profile(
    session: Session, actor: User, organisation: Organisation, data: OrganisationData
) -> Organisation:
    """Coordinators (and admins) change the name, description, neighbourhoods and contact.

    The slug stays the same, so links to the page keep working. Raises PermissionDenied.
    """
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators edit the profile")
    organisation.name = clean_display_name(data.name)
    organisation.description = data.description.strip()
    organisation.website = data.website or None
    organisation.email = data.email or None
    organisation.phone = data.phone or None
    organisation.neighbourhoods = _clean_neighbourhoods(data.neighbourhoods)
    record_audit(session, actor, "organisation.edit_profile", organisation)
    session.flush()
    return organisation


# --- invitations -----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_path(token: str) -> str:
    return page_path("organisations.invitation", token=token)


def _user_with_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def pending_invitations(session: Session, organisation: Organisation) -> list[Invitation]:
    """Invitations not accepted, revoked or expired, newest first."""
    now = utcnow()
    return list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.organisation_id == organisation.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


def invite_staff(
    session: Session,
    actor: User,
    organisation: Organisation,
    email: str,
    role: MembershipRole | str = MembershipRole.STAFF,
) -> tuple[Invitation, str]:
    """Mail ``email`` a link to join ``organisation``; returns the invitation and its token.

    Works for people with and without an account. Raises PermissionDenied (not a
    coordinator or admin), AlreadyStaff or InvitationPending (an open one exists).
    """
    if not can_change_staff(session, actor, organisation):
        raise PermissionDenied("only coordinators invite staff")
    check_may_send_mail(organisation)
    email = email.strip()
    existing_user = _user_with_email(session, email)
    if existing_user is not None and staff_of(session, existing_user, organisation.id):
        raise AlreadyStaff(existing_user.id)
    now = utcnow()
    for invitation in pending_invitations(session, organisation):
        if invitation.email.lower() == email.lower():
            raise InvitationPending(invitation.id)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=MembershipRole(role),
        token_hash=_token_hash(token),
        invited_by_id=actor.id,
        created_at=now,
        expires_at=now + INVITATION_VALID_FOR,
    )
    session.add(invitation)
    session.flush()
    _mail_invitation(session, actor, invitation, token, existing_user)
    record_audit(session, actor, "organisation.invite", organisation, invitation_id=invitation.id)
    session.flush()
    return invitation, token


def _mail_invitation(
    session: Session, actor: User, invitation: Invitation, token: str, invitee: User | None
) -> None:
    context: dict[str, Any] = {
        "organisation": invitation.organisation,
        "inviter_name": actor.display_name,
        "expires_at": invitation.expires_at,
        "has_account": invitee is not None,
    }
    key = f"organisation_invitation:{invitation.id}"
    if invitee is not None:
        notify(
            session,
            invitee,
            NotificationKind.ORGANISATION_INVITATION,
            key,
            link_path=invitation_path(token),
            **context,
        )
        return
    notify_address(
        session,
        actor,
        invitation.email,
        NotificationKind.ORGANISATION_INVITATION,
        key,
        link_path=invitation_path(token),
        **context,
    )


def revoke_invitation(session: Session, actor: User, invitation: Invitation) -> None:
    """The link stops working. Raises PermissionDenied or InvitationInvalid (already used)."""
    if not can_change_staff(session, actor, invitation.organisation):
        raise PermissionDenied("only coordinators revoke invitations")
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationInvalid(invitation.id)
    invitation.revoked_at = utcnow()
    record_audit(
        session,
        actor,
        "organisation.revoke_invitation",
        invitation.organisation,
        invitation_id=invitation.id,
    )
    session.flush()


def invitation_for_token(session: Session, token: str) -> Invitation:
    """The open invitation behind ``token``.

    Raises InvitationInvalid (unknown, revoked or used) or InvitationExpired.
    """
    invitation = session.scalar(
        select(Invitation)
        .options(joinedload(Invitation.organisation))
        .where(Invitation.token_hash == _token_hash(token[:200]))
    )
    if invitation is None or invitation.accepted_at or invitation.revoked_at:
        raise InvitationInvalid()
    if invitation.expires_at <= utcnow():
        raise InvitationExpired(invitation.id)
    return invitation


def accept_invitation(session: Session, user: User, token: str) -> Membership:
    """``user`` joins the organisation with the invited role.

    Raises InvitationInvalid, InvitationExpired, InvitationForOtherAccount (logged in with
    another address than the invited one) or AlreadyStaff.
    """
    invitation = invitation_for_token(session, token)
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise InvitationForOtherAccount(invitation.email)
    organisation = invitation.organisation
    if staff_of(session, user, organisation.id):
        raise AlreadyStaff(user.id)
    now = utcnow()
    invitation.accepted_at = now
    invitation.accepted_by_id = user.id
    membership = Membership(
        organisation=organisation, user=user, role=MembershipRole(invitation.role), created_at=now
    )
    session.add(membership)
    record_audit(
        session, user, "organisation.accept_invitation", organisation, invitation_id=invitation.id
    )
    log_security_event(
        "role.granted",
        user_id=user.id,
        organisation_id=organisation.id,
        role=str(membership.role),
        invitation_id=invitation.id,
    )
    session.flush()
    return membership

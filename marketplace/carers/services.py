"""Rules for acting for someone: asking consent, giving it, recording it at the helpdesk,
and ending it. The consent (``accounts.delegations.Delegation``) is what
``permissions.manages`` asks when a carer acts on the person's request.

Services flush; the view commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.delegations import (
    ConsentVia,
    DelegatedAction,
    Delegation,
    DelegationStatus,
    Scope,
)
from marketplace.accounts.memberships import Membership
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import require_confirmed
from marketplace.audit import record_audit
from marketplace.carers.errors import (
    AlreadyDecided,
    DelegationNotFound,
    InvalidConsent,
    NotHelpdesk,
)
from marketplace.display_names import clean_display_name
from marketplace.email_addresses import InvalidEmail, normalise_email
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.timestamps import local_today, utcnow

# Consent is given for a while, then asked again: at most two years ahead.
LONGEST = timedelta(days=731)
OPEN = (DelegationStatus.REQUESTED, DelegationStatus.ACTIVE)


@dataclass(frozen=True)
class ConsentTerms:
    """What the person allows, and until when."""

    scopes: Sequence[str]
    ends_on: date | None
    relation: str | None = None


@dataclass(frozen=True)
class Overview:
    """The page "Namens iemand": both sides of every open consent, and the trail."""

    acting_for: list[Delegation]  # people the viewer acts for (or asked to)
    acted_for_by: list[Delegation]  # people who act for the viewer (or asked to)
    trail: list[DelegatedAction]  # what carers did for the viewer, newest first
    ended: list[Delegation]


def _clean_terms(terms: ConsentTerms, today: date) -> dict[str, object]:
    scopes = {str(scope) for scope in terms.scopes}
    if not scopes or not scopes <= {scope.value for scope in Scope}:
        raise InvalidConsent("scopes", _l("Kies ten minste één ding dat mag."))
    if terms.ends_on is None or terms.ends_on < today:
        raise InvalidConsent(
            "ends_on", _l("Kies een einddatum vanaf vandaag, bijvoorbeeld over een jaar.")
        )
    if terms.ends_on > today + LONGEST:
        raise InvalidConsent(
            "ends_on", _l("Toestemming geldt hooguit twee jaar. Kies een eerdere einddatum.")
        )
    relation = clean_display_name(terms.relation)[:60] or None
    return {
        "may_post": Scope.POST in scopes,
        "may_respond": Scope.RESPOND in scopes,
        "may_accept": Scope.ACCEPT in scopes,
        "ends_on": terms.ends_on,
        "relation": relation,
    }


def _account(session: Session, email: str) -> User | None:
    try:
        address = normalise_email(email)
    except InvalidEmail:
        return None
    user = session.scalar(select(User).where(func.lower(User.email) == address))
    return None if user is None or user.is_erased else user


def _open_between(session: Session, carer: User, person: User) -> Delegation | None:
    return session.scalar(
        select(Delegation)
        .where(
            Delegation.carer_id == carer.id,
            Delegation.person_id == person.id,
            Delegation.status.in_(OPEN),
        )
        .order_by(Delegation.id)
    )


def _tell(
    session: Session, recipient: User, kind: NotificationKind, d: Delegation, what: str, other: User
) -> None:
    notify(
        session,
        recipient,
        kind,
        f"{kind.value}:{d.id}:{recipient.id}:{what}",
        link_path=page_path("carers.overview_page"),
        what=what,
        other_name=other.display_name,
    )


def ask_consent(
    session: Session, carer: User, person_email: str, terms: ConsentTerms
) -> Delegation | None:
    """The carer asks the person with this address for consent; she confirms in her own
    account. Returns None, and tells nobody, when there is no such account or it is the
    carer's own: the page says the same either way, so nobody learns who has an account.
    An open request or consent between the two is changed to the new terms and asked again.

    Raises PermissionDenied (carer not confirmed or blocked), InvalidConsent."""
    require_confirmed(carer)
    values = _clean_terms(terms, local_today())
    person = _account(session, person_email)
    if person is None or person.id == carer.id:
        return None
    delegation = _open_between(session, carer, person)
    if delegation is None:
        delegation = Delegation(carer=carer, person=person, via=ConsentVia.ACCOUNT)
        session.add(delegation)
    for name, value in values.items():
        setattr(delegation, name, value)
    delegation.status = DelegationStatus.REQUESTED
    delegation.via = ConsentVia.ACCOUNT
    delegation.confirmed_at = None
    session.flush()
    _tell(
        session,
        person,
        NotificationKind.DELEGATION_REQUESTED,
        delegation,
        f"asked-{utcnow().isoformat()}",
        carer,
    )
    return delegation


def _get(session: Session, delegation_id: int, viewer: User) -> Delegation:
    delegation = session.get(Delegation, delegation_id)
    if delegation is None or viewer.id not in (delegation.carer_id, delegation.person_id):
        raise DelegationNotFound()
    return delegation


def give_consent(session: Session, person: User, delegation_id: int) -> Delegation:
    """The person says yes to a carer's request. Raises DelegationNotFound (not hers),
    AlreadyDecided."""
    delegation = _get(session, delegation_id, person)
    if delegation.person_id != person.id:
        raise DelegationNotFound()
    if delegation.status != DelegationStatus.REQUESTED:
        raise AlreadyDecided()
    delegation.status = DelegationStatus.ACTIVE
    delegation.confirmed_at = utcnow()
    session.flush()
    _tell(
        session, delegation.carer, NotificationKind.DELEGATION_CHANGED, delegation, "given", person
    )
    return delegation


def end_consent(session: Session, actor: User, delegation_id: int) -> Delegation:
    """Either side ends a consent (or says no to a request) in one click; from then on the
    carer cannot act for the person. The other side is told.

    Raises DelegationNotFound (neither side), AlreadyDecided (already ended)."""
    delegation = _get(session, delegation_id, actor)
    if delegation.status not in OPEN:
        raise AlreadyDecided()
    delegation.status = DelegationStatus.ENDED
    delegation.ended_at = utcnow()
    delegation.ended_by_id = actor.id
    session.flush()
    other = delegation.person if actor.id == delegation.carer_id else delegation.carer
    _tell(session, other, NotificationKind.DELEGATION_CHANGED, delegation, "ended", actor)
    return delegation


def is_helpdesk(session: Session, user: User) -> bool:
    """Moderators and staff of an organisation record consent given on paper or by phone."""
    if user.has_role(Role.MODERATOR):
        return True
    return (
        session.scalar(select(Membership.user_id).where(Membership.user_id == user.id).limit(1))
        is not None
    )


def record_consent(
    session: Session,
    staff: User,
    carer_email: str,
    person_email: str,
    via: str,
    terms: ConsentTerms,
) -> Delegation:
    """The helpdesk records consent the person gave on paper or by phone; it counts at
    once. Both are told, and the decision is in the audit trail.

    Raises NotHelpdesk, InvalidConsent (a field: no such account, same person, dates)."""
    if not is_helpdesk(session, staff):
        raise NotHelpdesk()
    if via not in (ConsentVia.PAPER, ConsentVia.PHONE):
        raise InvalidConsent("via", _l("Kies hoe de persoon toestemming gaf."))
    values = _clean_terms(terms, local_today())
    carer = _account(session, carer_email)
    if carer is None:
        raise InvalidConsent(
            "carer_email",
            _l("Er is geen account met dit adres. Vraag de mantelzorger er een te maken."),
        )
    person = _account(session, person_email)
    if person is None:
        raise InvalidConsent(
            "person_email",
            _l("Er is geen account met dit adres. Maak eerst een account voor deze persoon."),
        )
    if carer.id == person.id:
        raise InvalidConsent("carer_email", _l("De mantelzorger en de persoon zijn dezelfde."))
    delegation = _open_between(session, carer, person)
    if delegation is None:
        delegation = Delegation(carer=carer, person=person, via=via)
        session.add(delegation)
    for name, value in values.items():
        setattr(delegation, name, value)
    delegation.via = via
    delegation.status = DelegationStatus.ACTIVE
    delegation.confirmed_at = utcnow()
    delegation.recorded_by_id = staff.id
    session.flush()
    record_audit(session, staff, "delegation.record", delegation, via=via)
    for recipient, other in ((person, carer), (carer, person)):
        _tell(
            session,
            recipient,
            NotificationKind.DELEGATION_CHANGED,
            delegation,
            f"recorded-{delegation.confirmed_at.isoformat()}",
            other,
        )
    return delegation


def overview(session: Session, user: User) -> Overview:
    """Both sides of the viewer's consents and what was done for her. Reads only."""
    rows = (
        session.scalars(
            select(Delegation)
            .options(joinedload(Delegation.carer), joinedload(Delegation.person))
            .where(or_(Delegation.carer_id == user.id, Delegation.person_id == user.id))
            .order_by(Delegation.created_at.desc(), Delegation.id.desc())
        )
        .unique()
        .all()
    )
    today = local_today()
    still = [d for d in rows if d.status in OPEN and d.ends_on >= today]
    trail = session.scalars(
        select(DelegatedAction)
        .join(DelegatedAction.delegation)
        .options(joinedload(DelegatedAction.delegation).joinedload(Delegation.carer))
        .where(Delegation.person_id == user.id)
        .order_by(DelegatedAction.created_at.desc(), DelegatedAction.id.desc())
        .limit(100)
    ).all()
    return Overview(
        acting_for=[d for d in still if d.carer_id == user.id],
        acted_for_by=[d for d in still if d.person_id == user.id],
        trail=list(trail),
        ended=[d for d in rows if d not in still][:20],
    )

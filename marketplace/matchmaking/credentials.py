"""Volunteers' credentials (VOG, trainings), and which requests need one.

Staff of an organisation record them for volunteers; a request needs a credential when an
admin set a rule for its category (``credential_rules``, on ``/koppelen/beheer/bewijs-per-soort``)
or when staff flagged it. Matching then offers it only to volunteers holding a valid one
(``volunteer_candidates.register_requirement``), and says so among the reasons ("Heeft een
VOG, nodig voor deze oproep"). When what a request needs changes, ``events.requirements_changed``
tells matching to look again for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select, union
from sqlalchemy.orm import Session, joinedload

from marketplace import events
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.audit import record_audit
from marketplace.categories import Category
from marketplace.email_addresses import normalise_email
from marketplace.matchmaking.errors import CredentialNotFound, InvalidInput, RuleNotFound
from marketplace.matchmaking.models import (
    Credential,
    CredentialKind,
    CredentialRequirement,
    CredentialRule,
)
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.timestamps import local_today

# A VOG recorded without an end date counts this many years from its date.
VOG_YEARS = 3

KIND_LABELS = {
    CredentialKind.VOG: _l("VOG (Verklaring Omtrent het Gedrag)"),
    CredentialKind.HOME_VISITS: _l("Training huisbezoeken"),
    CredentialKind.DEMENTIA: _l("Training dementie"),
}


def holds_phrase(kind: str) -> str:
    """The reason in words, saying the request needs it: "Heeft een VOG, nodig voor deze
    oproep"."""
    phrases = {
        CredentialKind.VOG: _("Heeft een VOG, nodig voor deze oproep"),
        CredentialKind.HOME_VISITS: _("Heeft de training huisbezoeken, nodig voor deze oproep"),
        CredentialKind.DEMENTIA: _("Heeft de training dementie, nodig voor deze oproep"),
    }
    return phrases.get(kind, kind)  # type: ignore[call-overload]


def reason_words(reasons: Mapping[str, Any]) -> list[str]:
    return [holds_phrase(kind) for kind in reasons.get("credentials", []) if isinstance(kind, str)]


def needed_kinds(session: Session, posting: Posting) -> list[str]:
    """What a volunteer must hold for ``posting``: its category's rules and what staff
    flagged, sorted (none: []). One query."""
    by_rule = select(CredentialRule.kind).where(CredentialRule.category_id == posting.category_id)
    if posting.id is None:
        return sorted(set(session.scalars(by_rule)))
    flagged = select(CredentialRequirement.kind).where(
        CredentialRequirement.posting_id == posting.id
    )
    return sorted(set(session.scalars(union(by_rule, flagged))))


def flagged_kinds(session: Session, posting: Posting) -> list[tuple[str, Any]]:
    """What staff flagged this request as needing, with the labels: (kind, label)."""
    kinds = session.scalars(
        select(CredentialRequirement.kind)
        .where(CredentialRequirement.posting_id == posting.id)
        .order_by(CredentialRequirement.kind)
    ).all()
    return [(kind, KIND_LABELS.get(CredentialKind(kind), kind)) for kind in kinds]


def valid_on(today: date) -> Any:
    return or_(Credential.expires_on.is_(None), Credential.expires_on >= today)


def holders(
    session: Session, posting: Posting, user_ids: Sequence[int]
) -> dict[int, list[str]] | None:
    """Those of ``user_ids`` holding a valid credential of every kind ``posting`` needs, with
    those kinds; None when it needs none. One query for the lot."""
    needed = needed_kinds(session, posting)
    if not needed:
        return None
    ids = sorted({int(user_id) for user_id in user_ids})
    held: dict[int, set[str]] = {}
    for start in range(0, len(ids), 5000):
        for user_id, kind in session.execute(
            select(Credential.user_id, Credential.kind)
            .where(Credential.user_id.in_(ids[start : start + 5000]))
            .where(Credential.kind.in_(needed))
            .where(Credential.issued_on <= local_today())
            .where(valid_on(local_today()))
            .order_by(Credential.user_id, Credential.kind)
        ):
            held.setdefault(user_id, set()).add(kind)
    return {user_id: needed for user_id, kinds in held.items() if kinds >= set(needed)}


def record_credential(
    session: Session,
    actor: User,
    organisation: Organisation,
    email: str,
    kind: str,
    issued_on: date,
    expires_on: date | None,
) -> Credential:
    """Record a volunteer's VOG or training for ``organisation`` (the actor works there; the
    view checks). A VOG without an end date counts VOG_YEARS from its date.

    Raises InvalidInput: no volunteer with that address, a date in the future, an end date
    before the start.
    """
    volunteer = session.scalar(
        select(User)
        .join(Profile, Profile.user_id == User.id)
        .where(User.email == normalise_email(email))
        .where(Profile.wants_to_help.is_(True))
    )
    if volunteer is None:
        raise InvalidInput(
            "email",
            _l("Wij kennen geen vrijwilliger met dit e-mailadres. Kijk of het goed is getypt."),
        )
    if issued_on > local_today():
        raise InvalidInput(
            "issued_on",
            _l("Deze datum ligt in de toekomst. Vul de datum in die op het bewijs staat."),
        )
    if expires_on is None and kind == CredentialKind.VOG:
        expires_on = issued_on.replace(year=issued_on.year + VOG_YEARS)
    if expires_on is not None and expires_on < issued_on:
        raise InvalidInput(
            "expires_on", _l("De einddatum ligt voor de begindatum. Kijk de data na.")
        )
    credential = Credential(
        user_id=volunteer.id,
        organisation_id=organisation.id,
        kind=kind,
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by_id=actor.id,
    )
    session.add(credential)
    session.flush()
    record_audit(session, actor, "credential.record", credential, kind)
    return credential


def credentials_of(organisation_ids: Sequence[int]) -> Select[Credential]:
    """The credentials these organisations recorded, newest first."""
    return (
        select(Credential)
        .where(Credential.organisation_id.in_(list(organisation_ids)))
        .options(joinedload(Credential.user).joinedload(User.profile))
        .options(joinedload(Credential.recorded_by).joinedload(User.profile))
        .order_by(Credential.recorded_at.desc(), Credential.id.desc())
    )


def remove_credential(
    session: Session, actor: User, organisation_ids: Sequence[int], credential_id: int
) -> None:
    """Remove one recorded by the actor's organisations. Raises CredentialNotFound (404)."""
    credential = session.get(Credential, credential_id)
    if credential is None or credential.organisation_id not in organisation_ids:
        raise CredentialNotFound()
    record_audit(session, actor, "credential.remove", credential, credential.kind)
    session.delete(credential)
    session.flush()


def flag_request(
    session: Session, actor: User, posting: Posting, kind: str
) -> CredentialRequirement:
    """Staff say this request needs ``kind`` (the caller checked they may handle it); once
    per kind. Matching looks again, so only holders are offered it from now on."""
    existing = session.scalar(
        select(CredentialRequirement)
        .where(CredentialRequirement.posting_id == posting.id)
        .where(CredentialRequirement.kind == kind)
    )
    if existing is not None:
        return existing
    requirement = CredentialRequirement(posting_id=posting.id, kind=kind, flagged_by_id=actor.id)
    session.add(requirement)
    session.flush()
    record_audit(session, actor, "credential.require", posting, kind)
    events.requirements_changed.send(posting, session=session)
    return requirement


def unflag_request(session: Session, actor: User, posting: Posting, kind: str) -> None:
    """Staff say this request no longer needs ``kind``; matching looks again, so volunteers
    without it can be offered it."""
    requirement = session.scalar(
        select(CredentialRequirement)
        .where(CredentialRequirement.posting_id == posting.id)
        .where(CredentialRequirement.kind == kind)
    )
    if requirement is not None:
        record_audit(session, actor, "credential.unrequire", posting, kind)
        session.delete(requirement)
        session.flush()
        events.requirements_changed.send(posting, session=session)


# --- Rules per category (admins) ------------------------------------------------------------


def rules(session: Session) -> list[CredentialRule]:
    """Every rule, by category and kind."""
    return list(
        session.scalars(
            select(CredentialRule)
            .join(Category, Category.id == CredentialRule.category_id)
            .options(joinedload(CredentialRule.category))
            .order_by(Category.position, Category.id, CredentialRule.kind)
        )
    )


def add_rule(session: Session, actor: User, category_id: int, kind: str) -> CredentialRule:
    """From now on every request in this category needs ``kind`` (audited); the open ones
    are matched again. Raises InvalidInput for an unknown category or kind, or a rule that
    is already there. The caller checked the actor is an admin."""
    category = session.get(Category, category_id)
    if category is None:
        raise InvalidInput(
            "category", _l("Deze soort hulp kennen we niet. Kies er een uit de lijst.")
        )
    if kind not in set(CredentialKind):
        raise InvalidInput("kind", _l("Kies een VOG of een training."))
    existing = session.scalar(
        select(CredentialRule)
        .where(CredentialRule.category_id == category.id)
        .where(CredentialRule.kind == kind)
    )
    if existing is not None:
        raise InvalidInput(
            "kind",
            _l("Deze regel bestaat al. Kies een andere soort hulp of een ander bewijs."),
        )
    rule = CredentialRule(category_id=category.id, kind=kind)
    session.add(rule)
    session.flush()
    record_audit(session, actor, "credential_rule.add", rule, f"{category.slug}: {kind}")
    _requirements_changed_in(session, category.id)
    return rule


def remove_rule(session: Session, actor: User, rule_id: int) -> None:
    """Requests in the rule's category no longer need its credential (audited); the open
    ones are matched again. Raises RuleNotFound (404) for an unknown rule."""
    rule = session.get(CredentialRule, rule_id)
    if rule is None:
        raise RuleNotFound()
    category_id = rule.category_id
    record_audit(
        session, actor, "credential_rule.remove", rule, f"{rule.category.slug}: {rule.kind}"
    )
    session.delete(rule)
    session.flush()
    _requirements_changed_in(session, category_id)


def _requirements_changed_in(session: Session, category_id: int) -> None:
    """Tell matching about every open request in the category (``requirements_changed``)."""
    for posting in session.scalars(
        select(Posting)
        .where(Posting.category_id == category_id)
        .where(Posting.status == PostingStatus.PUBLISHED)
        .where(Posting.kind != PostingKind.OFFER)
        .order_by(Posting.id)
    ):
        events.requirements_changed.send(posting, session=session)

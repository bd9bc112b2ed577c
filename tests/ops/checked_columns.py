"""The status, kind and role columns the database checks, and one row in each of their tables.

Used by tests/ops/test_enum_columns.py (a database made from the models) and
tests/ops/test_migrations.py (a database made by the migrations).
"""

from __future__ import annotations

import re

from sqlalchemy import CheckConstraint, Enum, inspect

import marketplace.models  # noqa: F401  (every table, also when collecting tests)
from marketplace.accounts.delegations import DelegatedAction, Delegation
from marketplace.accounts.models import User
from marketplace.agenda.models import Activity
from marketplace.escalation.models import Escalation
from marketplace.extensions import db
from marketplace.followups.models import FollowUp
from marketplace.home_visits.models import HomeVisit
from marketplace.lasting_contact.models import CheckIn, LastingContact
from marketplace.matchmaking.models import (
    CaseNote,
    Credential,
    CredentialRequirement,
    CredentialRule,
    MatchmakerInvitation,
)
from marketplace.notifications.models import Notification
from marketplace.organisations.models import Application, Invitation
from marketplace.signals.models import Signal, SignalStatusChange
from marketplace.sociale_kaart.models import HsdsOrganization, Referral, Service, TaxonomyTerm
from marketplace.timestamps import utcnow
from tests.factories import MembershipFactory, PostingFactory, ResponseFactory, UserFactory, person


def checked_columns() -> list[tuple[str, str]]:
    """(table, column) of every enum column in the models, and the escalation step."""
    found = [
        (table.name, column.name)
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, Enum)
    ]
    return sorted([*found, ("escalations", "step")])


def unknown_value(table: str, column: str) -> str | int:
    return 9 if (table, column) == ("escalations", "step") else "verzonnen"


def _quoted_values(condition: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", condition))


def check_constraints_of_models() -> dict[str, set[str]]:
    """Name -> the quoted values in its condition, for every CHECK constraint of the models."""
    found = {}
    for table in db.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                condition = constraint.sqltext.compile(
                    dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
                )
                found[str(constraint.name)] = _quoted_values(str(condition))
    return found


def check_constraints_in_database() -> dict[str, set[str]]:
    """The same, read from the database (PostgreSQL writes the conditions its own way)."""
    inspector = inspect(db.engine)
    return {
        constraint["name"]: _quoted_values(constraint["sqltext"])
        for table in inspector.get_table_names()
        for constraint in inspector.get_check_constraints(table)
    }


def one_row_in_each_table() -> User:
    """A row in every table with a checked column; returns a user holding a role."""
    moderator = UserFactory(moderator=True)
    author = person()
    membership = MembershipFactory()
    posting = PostingFactory(
        published=True, kind="vacancy", author=author, organisation=membership.organisation
    )
    response = ResponseFactory(posting=posting)
    db.session.add_all(
        [
            Invitation(
                organisation=membership.organisation,
                email="nieuw@example.org",
                token_hash="a" * 64,
                expires_at=utcnow(),
            ),
            Application(response=response),
            FollowUp(response=response, user=response.responder, answer="yes"),
            Escalation(posting=posting, published_at=utcnow()),
            HomeVisit(
                organisation_id=membership.organisation.id,
                planned_on=utcnow().date(),
                daypart="morning",
            ),
            Signal(
                street="Hoogstraat",
                house_number="1",
                postcode="3011 AB",
                pc4="3011",
                wijk="Stadsdriehoek",
                address_key="k",
                first_contact_due_at=utcnow(),
                outcome="no_concern",
                visit_planned_on=utcnow().date(),
                visit_daypart="evening",
                history=[SignalStatusChange(from_status="new", to_status="new")],
            ),
            HsdsOrganization(id="org-1", name="Buurthuis"),
            TaxonomyTerm(id="term-1", code="eenzaam", name="Eenzaamheid", taxonomy="probleem"),
            Service(id="service-1", organization_id="org-1", name="Koffieochtend"),
            Referral(
                service_id="service-1",
                consent_at=utcnow(),
                ask_outcome_at=utcnow(),
                outcome="helped",
                subject_kind="signal",
                subject_id=1,
            ),
            Activity(
                kind="coffee",
                title="Koffie",
                place_name="Buurthuis",
                street="Hoogstraat 1",
                postcode="3011 AB",
                wijk="Stadsdriehoek",
                lat=51.92,
                lon=4.48,
                starts_on=utcnow().date(),
                start_time=utcnow().time(),
                end_time=utcnow().time(),
            ),
            MatchmakerInvitation(posting=posting, volunteer=author, kind="invited"),
            CaseNote(
                posting=posting,
                organisation_id=membership.organisation.id,
                kind="call",
                body="Gebeld",
            ),
            Credential(
                user=author,
                organisation_id=membership.organisation.id,
                kind="vog",
                issued_on=utcnow().date(),
            ),
            CredentialRequirement(posting_id=posting.id, kind="vog"),
            CredentialRule(category_id=posting.category_id, kind="vog"),
            LastingContact(
                posting=posting,
                response=response,
                volunteer_id=response.responder_id,
                end_reason="ended",
                check_ins=[CheckIn(week=1, user_id=response.responder_id, answer="good")],
            ),
            DelegatedAction(
                delegation=Delegation(
                    carer=moderator, person=author, via="paper", ends_on=utcnow().date()
                ),
                kind="posted",
            ),
            Notification(
                recipient=author,
                kind="new_response",
                idempotency_key="checked-columns",
                to_email=author.email,
                subject="Een reactie",
                body="Iemand reageerde.",
            ),
        ]
    )
    db.session.commit()
    return moderator

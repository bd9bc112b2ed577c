"""Statuses, kinds and roles hold only their enum's values: the ORM and the database refuse
others, the same on SQLite and PostgreSQL (marketplace.enum_columns)."""

from __future__ import annotations

import pytest
from flask import render_template_string
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from marketplace.accounts.models import RoleGrant
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import utcnow
from tests.factories import PostingFactory, ResponseFactory, UserFactory
from tests.ops.checked_columns import checked_columns, one_row_in_each_table, unknown_value


def test_every_status_kind_and_role_column_is_checked():
    assert checked_columns() == [
        ("activities", "kind"),
        ("activities", "status"),
        ("applications", "status"),
        ("case_notes", "kind"),
        ("credential_requirements", "kind"),
        ("credential_rules", "kind"),
        ("credentials", "kind"),
        ("delegated_actions", "kind"),
        ("delegations", "status"),
        ("delegations", "via"),
        ("escalations", "step"),
        ("follow_ups", "answer"),
        ("home_visits", "daypart"),
        ("home_visits", "status"),
        ("hsds_services", "cost_kind"),
        ("hsds_services", "delivery"),
        ("hsds_services", "frequency"),
        ("hsds_services", "publication"),
        ("hsds_services", "setting"),
        ("hsds_services", "status"),
        ("hsds_taxonomy_terms", "taxonomy"),
        ("lasting_check_ins", "answer"),
        ("lasting_contacts", "end_reason"),
        ("matchmaker_invitations", "kind"),
        ("matchmaker_invitations", "status"),
        ("memberships", "role"),
        ("notifications", "kind"),
        ("notifications", "status"),
        ("organisation_invitations", "role"),
        ("organisations", "status"),
        ("postings", "kind"),
        ("postings", "lasting"),
        ("postings", "status"),
        ("postings", "timing"),
        ("profiles", "notification_preference"),
        ("responses", "status"),
        ("role_grants", "role"),
        ("signal_status_changes", "from_status"),
        ("signal_status_changes", "to_status"),
        ("signals", "outcome"),
        ("signals", "since"),
        ("signals", "source"),
        ("signals", "status"),
        ("signals", "visit_daypart"),
        ("sociale_kaart_referrals", "outcome"),
        ("sociale_kaart_referrals", "subject_kind"),
    ]


@pytest.mark.parametrize(("table", "column"), checked_columns())
def test_the_database_refuses_an_unknown_value(session, table, column):
    one_row_in_each_table()
    with pytest.raises(IntegrityError):
        session.execute(
            text(f"UPDATE {table} SET {column} = :value"), {"value": unknown_value(table, column)}
        )
    session.rollback()


def test_a_row_inserted_with_an_unknown_role_is_refused(session):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        session.execute(
            text("INSERT INTO role_grants (user_id, role, granted_at) VALUES (:id, 'baas', :now)"),
            {"id": user.id, "now": utcnow()},
        )
    session.rollback()


def test_a_response_inserted_with_an_unknown_status_is_refused(session):
    posting = PostingFactory(published=True)
    responder = UserFactory()
    with pytest.raises(IntegrityError):
        session.execute(
            text(
                "INSERT INTO responses (posting_id, responder_id, message, status, created_at) "
                "VALUES (:posting, :responder, 'Ik help', 'misschien', :now)"
            ),
            {"posting": posting.id, "responder": responder.id, "now": utcnow()},
        )
    session.rollback()


def test_the_orm_refuses_an_unknown_status_before_the_database_sees_it(session):
    posting = PostingFactory()
    posting.status = "bijna"
    with pytest.raises(StatementError, match="not among the defined enum values"):
        session.flush()
    session.rollback()


def test_the_orm_refuses_an_unknown_role(session):
    user = UserFactory()
    session.add(RoleGrant(user_id=user.id, role="baas"))
    with pytest.raises(StatementError, match="not among the defined enum values"):
        session.flush()
    session.rollback()


def test_a_status_read_back_is_the_same_string_as_before(session):
    posting_id = PostingFactory(published=True).id
    session.expunge_all()
    posting = session.get(Posting, posting_id)
    assert posting.status == "published"
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.status in ("published", "matched")
    assert f"{posting.status}" == str(posting.status) == "published"
    assert render_template_string("{{ p.status }}|{{ 'x-' ~ p.status }}", p=posting) == (
        "published|x-published"
    )


def test_a_status_given_as_a_plain_string_is_stored_as_its_value(session):
    response = ResponseFactory(status="accepted", decided_at=utcnow())
    stored = session.execute(
        text("SELECT status FROM responses WHERE id = :id"), {"id": response.id}
    ).scalar_one()
    assert stored == "accepted"

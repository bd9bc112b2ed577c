"""Statuses, kinds and roles checked by the database: a CHECK constraint on each column

Each column keeps its VARCHAR and gets ``ck_<table>_<column>`` listing the values its enum
has today (the models make them with ``marketplace.enum_columns.enum_type``; the escalation
step is a number from 0 to 3).

Existing rows first:

- A value that differs from a known one only in upper/lower case or surrounding spaces
  (``" Published"``) is written the known way. A role granted twice that way keeps one row.
- Any other unknown value stops the upgrade before anything is changed, with a list of the
  tables, columns, values and row counts. Nothing is guessed or deleted: decide per row
  (usually set it to the nearest status by hand), then run the upgrade again.

Downgrade drops the constraints; the values stay as they are.

Revision ID: a11enums
Revises: a10abuse
Create Date: 2026-12-03 18:00:00.000000
"""

from alembic import op
from sqlalchemy import text

# revision identifiers, used by Alembic.
revision = "a11enums"
down_revision = "a10abuse"
branch_labels = None
depends_on = None

# The values as they are today, written out: a revision imports nothing from the app.
NOTIFICATION_KINDS = (
    "confirm_email",
    "reset_password",
    "new_match",
    "new_response",
    "response_accepted",
    "response_declined",
    "new_message",
    "posting_approved",
    "posting_rejected",
    "posting_expired",
    "posting_hidden",
    "organisation_approved",
    "request_widened",
    "request_listed",
    "request_claimed",
    "follow_up",
    "digest",
    "organisation_invitation",
    "client_invite",
    "application_status",
    "reference_written",
    "email_change",
    "email_changed",
    "password_changed",
    "two_factor_changed",
    "dormant_account",
)
MEMBERSHIP_ROLES = ("coordinator", "staff")

# (table, column): the values allowed
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("postings", "kind"): ("request", "offer", "vacancy"),
    ("postings", "status"): (
        "draft",
        "pending",
        "published",
        "matched",
        "closed",
        "expired",
        "rejected",
    ),
    ("postings", "timing"): ("once", "recurring", "flexible"),
    ("responses", "status"): ("pending", "accepted", "declined", "withdrawn"),
    ("notifications", "kind"): NOTIFICATION_KINDS,
    ("notifications", "status"): ("pending", "sending", "sent", "failed"),
    ("organisations", "status"): ("pending", "approved", "rejected"),
    ("memberships", "role"): MEMBERSHIP_ROLES,
    ("organisation_invitations", "role"): MEMBERSHIP_ROLES,
    ("applications", "status"): (
        "new",
        "contacted",
        "intake_planned",
        "placed",
        "not_suitable",
        "withdrawn",
    ),
    ("role_grants", "role"): ("moderator", "admin", "municipality"),
    ("follow_ups", "answer"): ("yes", "not_yet", "no"),
    ("profiles", "notification_preference"): ("instant", "daily", "weekly", "off"),
}
ESCALATION_STEPS = (0, 1, 2, 3)


def _in(values: tuple[str, ...] | tuple[int, ...]) -> str:
    return ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values)


def _condition(column: str, values: tuple[str, ...] | tuple[int, ...]) -> str:
    return f"{column} IN ({_in(values)})"


def upgrade() -> None:
    connection = op.get_bind()
    unknown = []
    for (table, column), values in CHOICES.items():
        rows = connection.execute(
            text(
                f"SELECT {column}, COUNT(*) FROM {table} "
                f"WHERE {column} IS NOT NULL AND lower(trim({column})) NOT IN ({_in(values)}) "
                f"GROUP BY {column} ORDER BY {column}"
            )
        )
        unknown += [f"{table}.{column} = {value!r}: {count} row(s)" for value, count in rows]
    rows = connection.execute(
        text(
            f"SELECT step, COUNT(*) FROM escalations WHERE step NOT IN ({_in(ESCALATION_STEPS)}) GROUP BY step"
        )
    )
    unknown += [f"escalations.step = {step}: {count} row(s)" for step, count in rows]
    if unknown:
        raise RuntimeError(
            "These rows have a value the application does not know; nothing was changed. "
            "Set each to a known value, then upgrade again:\n  " + "\n  ".join(unknown)
        )

    # Known values written another way.
    op.execute(
        "DELETE FROM role_grants WHERE role <> lower(trim(role)) AND EXISTS ("
        "SELECT 1 FROM role_grants same WHERE same.user_id = role_grants.user_id "
        "AND same.role = lower(trim(role_grants.role)))"
    )
    for (table, column), values in CHOICES.items():
        op.execute(
            f"UPDATE {table} SET {column} = lower(trim({column})) "
            f"WHERE {column} NOT IN ({_in(values)})"
        )

    for table in sorted({table for table, _ in CHOICES}):
        with op.batch_alter_table(table) as batch_op:
            for (of_table, column), values in CHOICES.items():
                if of_table == table:
                    batch_op.create_check_constraint(
                        op.f(f"ck_{table}_{column}"), _condition(column, values)
                    )
    with op.batch_alter_table("escalations") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_escalations_step"), _condition("step", ESCALATION_STEPS)
        )


def downgrade() -> None:
    with op.batch_alter_table("escalations") as batch_op:
        batch_op.drop_constraint(op.f("ck_escalations_step"), type_="check")
    for table in sorted({table for table, _ in CHOICES}, reverse=True):
        with op.batch_alter_table(table) as batch_op:
            for of_table, column in CHOICES:
                if of_table == table:
                    batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")

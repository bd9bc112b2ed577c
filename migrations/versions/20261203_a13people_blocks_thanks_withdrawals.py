"""People: "geen contact meer" (contact_blocks), thank-yous after help (thank_you_notes),
and the notification kinds for a withdrawn response and a thank-you

The responses' status already knows "withdrawn"; the notifications' kind gains
``response_withdrawn`` and ``thank_you``, so ``ck_notifications_kind`` is made again with
them. Downgrade drops the tables and puts the constraint back as it was (it fails while
notifications of the new kinds exist: delete those first).

Revision ID: a13people
Revises: a12notifykinds
Create Date: 2026-12-03 19:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a13people"
down_revision = "a12notifykinds"
branch_labels = None
depends_on = None

# The values before and after this revision, written out: a revision imports nothing from
# the app.
NOTIFICATION_KINDS_BEFORE = (
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
NOTIFICATION_KINDS_AFTER = (*NOTIFICATION_KINDS_BEFORE, "response_withdrawn", "thank_you")


def _kind_check(values: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade() -> None:
    op.create_table(
        "contact_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blocked_id"],
            ["users.id"],
            name=op.f("fk_contact_blocks_blocked_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["blocker_id"],
            ["users.id"],
            name=op.f("fk_contact_blocks_blocker_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_blocks")),
        sa.UniqueConstraint(
            "blocker_id", "blocked_id", name=op.f("uq_contact_blocks_blocker_id_blocked_id")
        ),
    )
    with op.batch_alter_table("contact_blocks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_blocks_blocked_id"), ["blocked_id"], unique=False
        )

    op.create_table(
        "thank_you_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("from_responder", sa.Boolean(), nullable=False),
        sa.Column("body", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_thank_you_notes_response_id_responses"),
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"], ["users.id"], name=op.f("fk_thank_you_notes_sender_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thank_you_notes")),
        sa.UniqueConstraint(
            "response_id",
            "from_responder",
            name=op.f("uq_thank_you_notes_response_id_from_responder"),
        ),
    )
    with op.batch_alter_table("thank_you_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thank_you_notes_response_id"), ["response_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thank_you_notes_sender_id"), ["sender_id"], unique=False
        )

    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_kind"), _kind_check(NOTIFICATION_KINDS_AFTER)
        )


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_notifications_kind"), _kind_check(NOTIFICATION_KINDS_BEFORE)
        )
    with op.batch_alter_table("thank_you_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thank_you_notes_sender_id"))
        batch_op.drop_index(batch_op.f("ix_thank_you_notes_response_id"))
    op.drop_table("thank_you_notes")
    with op.batch_alter_table("contact_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_blocks_blocked_id"))
    op.drop_table("contact_blocks")

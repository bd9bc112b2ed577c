"""Wijkagenda: one optional photo per activity (a file name) with its alt text; welfare
staff sign a client up (``activity_signups`` gets ``client_id`` and ``signed_up_by_id``,
and ``user_id`` may be empty); a "Ga je mee?" that found company is remembered as
reminded (``activity_companions.reminded_at``).

Revision ID: a21agenda
Revises: a20kaart
Create Date: 2026-12-04 02:10:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a21agenda"
down_revision = "a20kaart"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("photo_filename", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("photo_alt", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("activity_companions") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("activity_signups") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("client_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("signed_up_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_activity_signups_client_id_clients", "clients", ["client_id"], ["id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(
            "fk_activity_signups_signed_up_by_id_users", "users", ["signed_up_by_id"], ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_activity_signups_client_id", ["client_id"])
        batch.create_index("ix_activity_signups_signed_up_by_id", ["signed_up_by_id"])
        batch.create_unique_constraint(
            "uq_activity_client_signup", ["activity_id", "client_id", "occurs_on"]
        )


def downgrade() -> None:
    op.execute("DELETE FROM activity_signups WHERE user_id IS NULL")
    with op.batch_alter_table("activity_signups") as batch:
        batch.drop_constraint("uq_activity_client_signup", type_="unique")
        batch.drop_index("ix_activity_signups_signed_up_by_id")
        batch.drop_index("ix_activity_signups_client_id")
        batch.drop_constraint("fk_activity_signups_signed_up_by_id_users", type_="foreignkey")
        batch.drop_constraint("fk_activity_signups_client_id_clients", type_="foreignkey")
        batch.drop_column("signed_up_by_id")
        batch.drop_column("client_id")
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("activity_companions") as batch:
        batch.drop_column("reminded_at")
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("photo_alt")
        batch.drop_column("photo_filename")

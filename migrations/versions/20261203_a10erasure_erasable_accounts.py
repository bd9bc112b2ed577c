"""Erasable accounts: foreign keys that let a person go

An erased account keeps its ``users`` row as an empty tombstone (``erased_at`` set, a
placeholder address, no password, no profile): postings, responses and messages that other
people keep still point to it, so no foreign key has to change. Everything personal that
hangs off the account is deleted through the ON DELETE CASCADE / SET NULL rules the tables
already have (profiles, role grants, memberships, notifications, follow-ups, suggestions,
sessions; clients' hand-overs and invitations). See marketplace/my_data/erasure.py.

Revision ID: a10erasure
Revises: a10twofactor
Create Date: 2026-12-03 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a10erasure"
down_revision = "a10twofactor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("erased_at")

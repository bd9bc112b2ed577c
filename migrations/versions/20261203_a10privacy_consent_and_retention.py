"""Privacy: consent and retention fields

An intake records when the client agreed that the organisation keeps their details
(``clients.consent_at``), the retention task marks a posting whose personal content it
removed (``postings.anonymised_at``), so it never does that work twice, and a person
chooses whether their profile shows their wijk (``profiles.shows_neighbourhood``, off
until they choose it).

Revision ID: a10privacy
Revises: a10erasure
Create Date: 2026-12-03 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a10privacy"
down_revision = "a10erasure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "shows_neighbourhood", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("shows_neighbourhood")
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("consent_at")

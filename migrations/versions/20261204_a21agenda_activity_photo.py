"""Wijkagenda: one optional photo per activity (a file name) with its alt text.

Revision ID: a21agenda
Revises: a19agenda
Create Date: 2026-12-04 02:10:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a21agenda"
down_revision = "a19agenda"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.add_column(sa.Column("photo_filename", sa.String(length=40), nullable=True))
        batch.add_column(
            sa.Column("photo_alt", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("activities") as batch:
        batch.drop_column("photo_alt")
        batch.drop_column("photo_filename")

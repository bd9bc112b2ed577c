"""Abuse limits and tokens kept out of readable storage

Revision ID: a10abuse
Revises: a10privacy
Create Date: 2026-12-03 17:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a10abuse"
down_revision = "a10privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Signed into unsubscribe links; changing it makes every earlier link stop working.
    with op.batch_alter_table("profiles") as batch_op:
        batch_op.add_column(
            sa.Column("unsubscribe_nonce", sa.String(length=32), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch_op:
        batch_op.drop_column("unsubscribe_nonce")

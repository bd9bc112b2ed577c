"""Per kind of message an e-mail switch, and urgent alerts on a digest

Revision ID: a12notifykinds
Revises: a11enums
Create Date: 2026-12-03

Existing people keep what they chose: every kind stays on (as all mail was) and nobody
already on a digest suddenly gets instant mail (urgent_alerts starts off for them; new
accounts get it from the app).
"""

import sqlalchemy as sa
from alembic import op

revision = "a12notifykinds"
down_revision = "a11enums"
branch_labels = None
depends_on = None

SWITCHES = ("mail_matches", "mail_messages", "mail_reminders", "mail_organisations")


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch_op:
        batch_op.add_column(
            sa.Column("urgent_alerts", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        for name in SWITCHES:
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.true(), nullable=False)
            )


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch_op:
        for name in (*reversed(SWITCHES), "urgent_alerts"):
            batch_op.drop_column(name)

"""Posting milestones for the dashboard: first response and help done, kept on the posting

Revision ID: b98d739a4f1b
Revises: 5eb4c09511b5
Create Date: 2026-12-03 02:08:06.190196
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b98d739a4f1b"
down_revision = "5eb4c09511b5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_response_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("helped_at", sa.DateTime(), nullable=True))

    # From here on responses/milestones.py keeps them; existing postings get them from
    # their responses, as the dashboard used to compute them on every view.
    op.execute(
        """
        UPDATE postings SET
            first_response_at = (SELECT min(r.created_at) FROM responses r
                                 WHERE r.posting_id = postings.id),
            helped_at = (SELECT min(r.completed_at) FROM responses r
                         WHERE r.posting_id = postings.id)
        """
    )
    op.execute(
        """
        UPDATE postings SET helped_at = closed_at
        WHERE matched_at IS NOT NULL AND closed_at IS NOT NULL
          AND (helped_at IS NULL OR closed_at < helped_at)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_column("helped_at")
        batch_op.drop_column("first_response_at")

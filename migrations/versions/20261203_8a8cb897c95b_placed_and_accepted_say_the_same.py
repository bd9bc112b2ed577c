"""A vacancy answer accepted in the conversation and an application placed in the pipeline
now say the same; make existing ones agree

Revision ID: 8a8cb897c95b
Revises: ea1648cd81d6
Create Date: 2026-12-03 03:05:12.000000
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "8a8cb897c95b"
down_revision = "ea1648cd81d6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Accepted in the conversation, still earlier in the pipeline: placed when accepted.
    op.execute(
        """
        UPDATE applications SET
            status = 'placed',
            placed_at = (SELECT r.decided_at FROM responses r
                         WHERE r.id = applications.response_id),
            status_changed_at = (SELECT r.decided_at FROM responses r
                                 WHERE r.id = applications.response_id)
        WHERE status IN ('new', 'contacted', 'intake_planned')
          AND EXISTS (SELECT 1 FROM responses r WHERE r.id = applications.response_id
                      AND r.status = 'accepted' AND r.decided_at IS NOT NULL)
        """
    )
    # Placed in the pipeline, the conversation still waiting for an answer: accepted.
    op.execute(
        """
        UPDATE responses SET
            status = 'accepted',
            decided_at = (SELECT a.placed_at FROM applications a
                          WHERE a.response_id = responses.id)
        WHERE status = 'pending'
          AND EXISTS (SELECT 1 FROM applications a WHERE a.response_id = responses.id
                      AND a.status = 'placed' AND a.placed_at IS NOT NULL)
        """
    )


def downgrade() -> None:
    pass  # the statuses stay as they were made to agree; nothing to take back

"""Indexes for the public list of postings: the wijk filter's choices, and the distance
filter's box, each among the open postings only (issue 17, ``bench.web``).

Revision ID: a25pagespeed
Revises: a24credentialrules
Create Date: 2026-12-04 09:15:00.000000
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "a25pagespeed"
down_revision = "a24credentialrules"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_postings_status_neighbourhood", ["status", "neighbourhood"], unique=False
        )
        batch_op.create_index("ix_postings_status_lat_lon", ["status", "lat", "lon"], unique=False)


def downgrade():
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_index("ix_postings_status_lat_lon")
        batch_op.drop_index("ix_postings_status_neighbourhood")

"""A posting can name a language ("ik spreek Turks"); matching knows who speaks it

Revision ID: a14volunteers
Revises: a13people
Create Date: 2026-12-03 20:00:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a14volunteers"
down_revision = "a13people"
branch_labels = None
depends_on = None

# profiles.services.LANGUAGES as it was when this ran: bit i is the i-th code.
LANGUAGE_CODES = ("nl", "en", "ar", "tr", "pl", "ber", "pap", "uk", "de", "fr", "es", "pt")

LOOKUP_BEFORE = [
    "category_bit",
    "radius_km",
    "lat",
    "lon",
    "is_active",
    "availability_mask",
    "interest_count",
    "dismissals",
    "comfort_km",
    "user_id",
]
LOOKUP_AFTER = [*LOOKUP_BEFORE[:-1], "language_mask", "user_id"]

profiles = sa.table("profiles", sa.column("user_id", sa.Integer), sa.column("languages", sa.String))
reach = sa.table(
    "volunteer_reach", sa.column("user_id", sa.Integer), sa.column("language_mask", sa.Integer)
)


def _mask(languages: str | None) -> int:
    spoken = set((languages or "").split(","))
    return sum(1 << bit for bit, code in enumerate(LANGUAGE_CODES) if code in spoken)


def upgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=3), nullable=True))

    with op.batch_alter_table("volunteer_reach", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language_mask", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.drop_index("ix_volunteer_reach_lookup")
        batch_op.create_index("ix_volunteer_reach_lookup", LOOKUP_AFTER, unique=False)

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(profiles.c.user_id, profiles.c.languages).where(profiles.c.languages.is_not(None))
    ).all()
    for user_id, languages in rows:
        mask = _mask(languages)
        if mask:
            connection.execute(
                reach.update().where(reach.c.user_id == user_id).values(language_mask=mask)
            )


def downgrade() -> None:
    with op.batch_alter_table("volunteer_reach", schema=None) as batch_op:
        batch_op.drop_index("ix_volunteer_reach_lookup")
        batch_op.create_index("ix_volunteer_reach_lookup", LOOKUP_BEFORE, unique=False)
        batch_op.drop_column("language_mask")

    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_column("language")

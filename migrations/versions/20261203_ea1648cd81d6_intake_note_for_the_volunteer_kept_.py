"""Intake note for the volunteer kept apart from the (public) description

Revision ID: ea1648cd81d6
Revises: b98d739a4f1b
Create Date: 2026-12-03 02:49:30.516160
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ea1648cd81d6"
down_revision = "b98d739a4f1b"
branch_labels = None
depends_on = None

# How the phone intake used to add the note below the description, in either language.
NOTE_PREFIXES = ("\n\nNoot voor de vrijwilliger: ", "\n\nNote for the volunteer: ")

postings = sa.table(
    "postings",
    sa.column("id", sa.Integer),
    sa.column("client_id", sa.Integer),
    sa.column("description", sa.Text),
    sa.column("volunteer_note", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("volunteer_note", sa.Text(), nullable=True))

    # Earlier intakes put the note in the description, where everyone could read it.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(postings.c.id, postings.c.description).where(postings.c.client_id.is_not(None))
    )
    for posting_id, description in rows.all():
        for prefix in NOTE_PREFIXES:
            if prefix in description:
                text, note = description.rsplit(prefix, 1)
                connection.execute(
                    postings.update()
                    .where(postings.c.id == posting_id)
                    .values(description=text, volunteer_note=note)
                )
                break


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(postings.c.id, postings.c.description, postings.c.volunteer_note).where(
            postings.c.volunteer_note.is_not(None)
        )
    )
    for posting_id, description, note in rows.all():
        connection.execute(
            postings.update()
            .where(postings.c.id == posting_id)
            .values(description=description + NOTE_PREFIXES[0] + note)
        )
    with op.batch_alter_table("postings", schema=None) as batch_op:
        batch_op.drop_column("volunteer_note")

"""SQLite's search index keeps only the published postings (``register_fulltext(...,
only_when=...)``): take the others out. PostgreSQL's index is unchanged.

After a downgrade, ``flask reindex-search`` puts every posting back in SQLite's index.

Revision ID: a26searchopen
Revises: a25pagespeed
Create Date: 2026-12-04 14:30:00.000000
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "a26searchopen"
down_revision = "a25pagespeed"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "DELETE FROM fulltext_postings WHERE rowid NOT IN "
        "(SELECT id FROM postings WHERE status = 'published')"
    )


def downgrade():
    pass  # the extra rows only made searches slower; reindex-search restores them

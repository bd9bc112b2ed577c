"""The postings' search index covers only the published postings (``register_fulltext(...,
only_when=...)``, the only ones the list shows): SQLite's FTS5 table loses the others, and
PostgreSQL's GIN index becomes a partial one (``postgresql_index_statements``).

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


PG_INDEX = "CREATE INDEX ix_fulltext_postings ON postings USING gin (fulltext_vector)"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fulltext_postings")
        op.execute(PG_INDEX + " WHERE status = 'published'")
        return
    op.execute(
        "DELETE FROM fulltext_postings WHERE rowid NOT IN "
        "(SELECT id FROM postings WHERE status = 'published')"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_fulltext_postings")
        op.execute(PG_INDEX)
    # SQLite: the extra rows only made searches slower; reindex-search restores them

"""Dutch full-text search for postings: title (weight A) and description (weight B)

PostgreSQL: the text search configuration ``buurthulp_dutch`` (a copy of ``dutch`` with
``unaccent`` in front when the server has that extension and we may install it; without
it otherwise), a stored generated column ``fulltext_vector`` (the weighted vector; not in
the model: marketplace/search/fulltext.py keeps the same SQL) and its GIN index
``ix_fulltext_postings``.

SQLite: the FTS5 table ``fulltext_postings`` (stems made in Python, rowid = posting id)
and two triggers that drop a posting's row when it is deleted or its text changed. The
table starts empty: run ``flask reindex-search`` after this upgrade on SQLite.

Revision ID: a17search
Revises: a15signals
Create Date: 2026-12-04 00:20:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a17search"
down_revision = "a15signals"
branch_labels = None
depends_on = None

CONFIG = "buurthulp_dutch"
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(description, '')), 'B')"
)
SQLITE_UP = [
    "CREATE VIRTUAL TABLE fulltext_postings USING fts5(title, description, tokenize='unicode61')",
    "CREATE TRIGGER fulltext_postings_deleted AFTER DELETE ON postings "
    "BEGIN DELETE FROM fulltext_postings WHERE rowid = old.id; END",
    "CREATE TRIGGER fulltext_postings_changed AFTER UPDATE OF title, description ON postings "
    "BEGIN DELETE FROM fulltext_postings WHERE rowid = old.id; END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS fulltext_postings_changed",
    "DROP TRIGGER IF EXISTS fulltext_postings_deleted",
    "DROP TABLE IF EXISTS fulltext_postings",
]


def _unaccent_schema(bind):
    """Install unaccent when the server has it and we may; its schema, or None."""
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).scalar()
    if available:
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        except sa.exc.DBAPIError:
            print("unaccent could not be installed: searching folds accents in the query only")
    return bind.execute(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
    ).scalar()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    schema = _unaccent_schema(bind)
    exists = bind.execute(
        sa.text(
            "SELECT 1 FROM pg_ts_config WHERE cfgname = :name AND pg_ts_config_is_visible(oid)"
        ),
        {"name": CONFIG},
    ).scalar()
    if not exists:
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.dutch)")
        if schema:
            op.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
                f'hword, hword_part, word WITH "{schema}".unaccent, dutch_stem'
            )
    op.execute(
        f"ALTER TABLE postings ADD COLUMN fulltext_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    op.execute("CREATE INDEX ix_fulltext_postings ON postings USING gin (fulltext_vector)")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_fulltext_postings")
    op.execute("ALTER TABLE postings DROP COLUMN IF EXISTS fulltext_vector")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")

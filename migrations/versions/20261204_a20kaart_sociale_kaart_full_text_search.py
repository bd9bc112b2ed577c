"""Sociale kaart: Dutch full-text search for services (name and other name A, description B,
conditions C), as the postings have since a17search.

PostgreSQL: a stored generated column ``fulltext_vector`` on ``hsds_services`` (not in the
model: marketplace/search/fulltext.py keeps the same SQL) and its GIN index
``ix_fulltext_hsds_services``; the ``buurthulp_dutch`` configuration is a17search's.

SQLite: HSDS ids are text and FTS5 rowids integers, so a key table
``fulltext_hsds_services_keys`` gives each service id an integer rowid, and the FTS5 table
``fulltext_hsds_services`` uses that rowid; two triggers drop a service's rows when it is
deleted or its text (or id) changed. The index starts empty: run ``flask reindex-search``
after this upgrade on SQLite.

Referrals: ``subject_kind`` and ``subject_id`` on ``sociale_kaart_referrals``, the request,
concern signal or home visit a referral was made from (none: from the service page).

Revision ID: a20kaart
Revises: a19agenda
Create Date: 2026-12-04 02:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a20kaart"
down_revision = "a19agenda"
branch_labels = None
depends_on = None

CONFIG = "buurthulp_dutch"
VECTOR = (
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(name, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(alternate_name, '')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(description, '')), 'B') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(eligibility_description, '')), 'C')"
)
DROP_ROWS = (
    "DELETE FROM fulltext_hsds_services WHERE rowid = "
    "(SELECT rowid FROM fulltext_hsds_services_keys WHERE key = old.id); "
    "DELETE FROM fulltext_hsds_services_keys WHERE key = old.id;"
)
SQLITE_UP = [
    "CREATE TABLE fulltext_hsds_services_keys (rowid INTEGER PRIMARY KEY, key TEXT NOT NULL "
    "UNIQUE)",
    "CREATE VIRTUAL TABLE fulltext_hsds_services USING fts5(name, alternate_name, description, "
    "eligibility_description, tokenize='unicode61')",
    f"CREATE TRIGGER fulltext_hsds_services_deleted AFTER DELETE ON hsds_services "
    f"BEGIN {DROP_ROWS} END",
    f"CREATE TRIGGER fulltext_hsds_services_changed AFTER UPDATE OF id, name, alternate_name, "
    f"description, eligibility_description ON hsds_services BEGIN {DROP_ROWS} END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS fulltext_hsds_services_changed",
    "DROP TRIGGER IF EXISTS fulltext_hsds_services_deleted",
    "DROP TABLE IF EXISTS fulltext_hsds_services",
    "DROP TABLE IF EXISTS fulltext_hsds_services_keys",
]


def upgrade():
    with op.batch_alter_table("sociale_kaart_referrals", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "subject_kind",
                sa.Enum(
                    "posting",
                    "signal",
                    "home_visit",
                    name="subject_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=12,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    op.execute(
        f"ALTER TABLE hsds_services ADD COLUMN fulltext_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    op.execute(
        "CREATE INDEX ix_fulltext_hsds_services ON hsds_services USING gin (fulltext_vector)"
    )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_fulltext_hsds_services")
        op.execute("ALTER TABLE hsds_services DROP COLUMN IF EXISTS fulltext_vector")
    with op.batch_alter_table("sociale_kaart_referrals", schema=None) as batch_op:
        batch_op.drop_constraint("subject_kind", type_="check")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("subject_kind")

"""Credentials per category, set by admins: ``credential_rules`` (category -> the credential
kind every request in it needs). Until now a ``CREDENTIALS_BY_CATEGORY`` setting held these
(e.g. ``{"gezelschap": ["vog"]}``); whatever the running app's config still holds there is
copied into the table, so behaviour stays the same. After this the setting is not read.

Revision ID: a24credentialrules
Revises: a23carers
Create Date: 2026-12-04 09:10:00.000000
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

# revision identifiers, used by Alembic.
revision = "a24credentialrules"
down_revision = "a23carers"
branch_labels = None
depends_on = None

KINDS = ("vog", "home_visits", "dementia")


def _old_setting() -> dict[str, list[str]]:
    if not has_app_context():
        return {}
    return dict(current_app.config.get("CREDENTIALS_BY_CATEGORY") or {})


def upgrade() -> None:
    rules = op.create_table(
        "credential_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="kind", native_enum=False, create_constraint=True, length=12),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_credential_rules_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_rules")),
        sa.UniqueConstraint(
            "category_id", "kind", name=op.f("uq_credential_rules_category_id_kind")
        ),
    )
    setting = _old_setting()
    if not setting:
        return
    connection = op.get_bind()
    categories = dict(connection.execute(sa.text("SELECT slug, id FROM categories")).all())
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, as UTCDateTime does
    rows = []
    for slug, kinds in sorted(setting.items()):
        if slug not in categories:
            continue
        for kind in sorted(set(kinds)):
            if kind in KINDS:
                rows.append({"category_id": categories[slug], "kind": kind})
    for row in rows:
        connection.execute(
            rules.insert().values(category_id=row["category_id"], kind=row["kind"], created_at=now)
        )


def downgrade() -> None:
    op.drop_table("credential_rules")

"""Two-factor secrets are encrypted at rest, like a client's notes (see a15encrypt)

The column becomes Text (a Fernet token is longer than the 32-character secret).

Revision ID: a15totp
Revises: a15encrypt
Create Date: 2026-12-03 23:20:00
"""

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

# revision identifiers, used by Alembic.
revision = "a15totp"
down_revision = "a15encrypt"
branch_labels = None
depends_on = None

two_factor = sa.table(
    "two_factor", sa.column("user_id", sa.Integer), sa.column("secret", sa.Text)
)


def _keys() -> MultiFernet:
    setting = current_app.config["DATA_ENCRYPTION_KEYS"]
    keys = setting.split(",") if isinstance(setting, str) else list(setting)
    return MultiFernet([Fernet(key.strip()) for key in keys if key.strip()])


def _rewrite(change) -> None:
    # Few rows (staff and some residents): one pass, no batches.
    connection = op.get_bind()
    for user_id, secret in connection.execute(sa.select(two_factor)).all():
        connection.execute(
            two_factor.update()
            .where(two_factor.c.user_id == user_id)
            .values(secret=change(secret))
        )


def upgrade() -> None:
    with op.batch_alter_table("two_factor") as batch:
        batch.alter_column("secret", type_=sa.Text(), existing_nullable=False)
    keys = _keys()
    # A base32 secret is never a Fernet token (those start "gAAAAA"): a second run skips.
    _rewrite(
        lambda secret: secret
        if secret.startswith("gAAAAA")
        else keys.encrypt(secret.encode("ascii")).decode("ascii")
    )


def downgrade() -> None:
    keys = _keys()
    _rewrite(
        lambda secret: keys.decrypt(secret.encode("ascii")).decode("ascii")
        if secret.startswith("gAAAAA")
        else secret
    )
    with op.batch_alter_table("two_factor") as batch:
        batch.alter_column("secret", type_=sa.String(64), existing_nullable=False)

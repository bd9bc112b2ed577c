"""A client's notes are encrypted at rest (Fernet, the keys of DATA_ENCRYPTION_KEYS)

The column stays Text; its values become Fernet tokens. The keys are read as the app reads
them: the app's config (this runs inside ``flask db upgrade``), comma-separated, newest
first; the first key encrypts.

Revision ID: a15encrypt
Revises: a14volunteers
Create Date: 2026-12-03 23:00:00
"""

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

from marketplace.progress import counter

# revision identifiers, used by Alembic.
revision = "a15encrypt"
down_revision = "a14volunteers"
branch_labels = None
depends_on = None

clients = sa.table("clients", sa.column("id", sa.Integer), sa.column("notes", sa.Text))
BATCH_SIZE = 500


def _keys() -> MultiFernet:
    setting = current_app.config["DATA_ENCRYPTION_KEYS"]
    keys = setting.split(",") if isinstance(setting, str) else list(setting)
    return MultiFernet([Fernet(key.strip()) for key in keys if key.strip()])


def _is_token(keys: MultiFernet, value: str) -> bool:
    try:
        keys.decrypt(value.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def _rewrite(change) -> None:
    """Apply ``change(value) -> new value or None (leave it)`` to every note, in batches."""
    connection = op.get_bind()
    total = connection.scalar(
        sa.select(sa.func.count()).select_from(clients).where(clients.c.notes.is_not(None))
    )
    last = 0
    with counter("a15encrypt: notities van cliënten", total=total) as bar:
        while True:
            rows = connection.execute(
                sa.select(clients.c.id, clients.c.notes)
                .where(clients.c.notes.is_not(None), clients.c.id > last)
                .order_by(clients.c.id)
                .limit(BATCH_SIZE)
            ).all()
            if not rows:
                return
            for client_id, notes in rows:
                new = change(notes)
                if new is not None:
                    connection.execute(
                        clients.update().where(clients.c.id == client_id).values(notes=new)
                    )
            last = rows[-1][0]
            bar.update(len(rows))


def upgrade() -> None:
    keys = _keys()

    def encrypt(notes: str) -> str | None:
        if _is_token(keys, notes):  # already encrypted (a second run)
            return None
        return keys.encrypt(notes.encode("utf-8")).decode("ascii")

    _rewrite(encrypt)


def downgrade() -> None:
    keys = _keys()

    def decrypt(notes: str) -> str | None:
        try:
            return keys.decrypt(notes.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError):
            if notes.startswith("gAAAAA"):  # a Fernet token under a key no longer listed
                raise RuntimeError(
                    "A client's notes cannot be decrypted with any key in DATA_ENCRYPTION_KEYS."
                ) from None
            return None  # never encrypted: leave it as it is

    _rewrite(decrypt)

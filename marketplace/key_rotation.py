"""``flask new-encryption-key`` and ``flask rotate-encryption-key``.

Rotating: put a new key first in ``DATA_ENCRYPTION_KEYS`` (the old one stays behind it, so
everything stays readable), restart, run ``flask rotate-encryption-key`` (every encrypted
value is re-encrypted with the first key), then remove the old key and restart again.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask
from sqlalchemy.orm import Session

from marketplace.encryption import SETTING, EncryptedText, EncryptionKeyError, fernet
from marketplace.extensions import db
from marketplace.progress import counter

BATCH_SIZE = 500


def encrypted_columns() -> Iterator[sa.Column[str]]:
    """Every EncryptedText column of every table the app knows, table by table."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                yield column


def rotate_column(
    session: Session, column: sa.Column[str], keys: MultiFernet, batch_size: int = BATCH_SIZE
) -> int:
    """Re-encrypt the column's values with the first key, a batch per transaction.

    Works on the stored tokens (``MultiFernet.rotate``), so no plaintext is held. A row
    changed by the app meanwhile is skipped: the app wrote it with the first key already.
    Returns how many values were re-encrypted. Raises EncryptionKeyError for a value none of
    the keys opens (earlier batches stay committed; running again continues).
    """
    table = column.table
    primary_key = list(table.primary_key.columns)
    # The raw token, as a plain Text: the type's own decryption is not wanted here.
    stored = sa.type_coerce(column, sa.Text)
    done = 0
    last: tuple[object, ...] | None = None
    total = session.scalar(sa.select(sa.func.count()).select_from(table).where(column.is_not(None)))
    with counter(f"{table.name}.{column.name}", total=total) as bar:
        while True:
            query = sa.select(*primary_key, stored).where(column.is_not(None))
            if last is not None:
                query = query.where(sa.tuple_(*primary_key) > sa.tuple_(*last))
            rows = session.execute(query.order_by(*primary_key).limit(batch_size)).all()
            if not rows:
                return done
            for *ids, token in rows:
                try:
                    rotated = keys.rotate(token.encode("ascii")).decode("ascii")
                except InvalidToken:
                    raise EncryptionKeyError(
                        f"{table.name}.{column.name} holds a value that no key in {SETTING} "
                        f"opens (row {', '.join(map(str, ids))}); nothing in that row was changed."
                    ) from None
                match = [pk == value for pk, value in zip(primary_key, ids, strict=True)]
                session.execute(
                    sa.update(table)
                    .where(*match, stored == token)
                    .values({column.name: sa.type_coerce(rotated, sa.Text)})
                )
                done += 1
            session.commit()
            last = tuple(rows[-1][: len(primary_key)])
            bar.update(len(rows))


@click.command("rotate-encryption-key")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1))
def rotate_encryption_key_command(batch_size: int) -> None:
    """Re-encrypt every encrypted value with the first key of DATA_ENCRYPTION_KEYS."""
    keys = fernet()
    for column in encrypted_columns():
        try:
            count = rotate_column(db.session, column, keys, batch_size)
        except EncryptionKeyError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        click.echo(f"{column.table.name}.{column.name}: {count} re-encrypted")
    click.echo(f"Done. Keys after the first can now be removed from {SETTING}.")


@click.command("new-encryption-key")
def new_encryption_key_command() -> None:
    """Print a new random key for DATA_ENCRYPTION_KEYS (put it first in the list)."""
    click.echo(Fernet.generate_key().decode("ascii"))


def register(app: Flask) -> None:
    app.cli.add_command(rotate_encryption_key_command)
    app.cli.add_command(new_encryption_key_command)

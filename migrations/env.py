"""Alembic environment, run inside the Flask app (``flask db ...``).

The engine and the metadata come from the app, so migrations always run against the
database the app is configured for (``DATABASE_URL``, SQLite by default).
"""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any

from alembic import context
from flask import current_app

from marketplace.encryption import EncryptedText
from marketplace.search.fulltext import is_search_object
from marketplace.timestamps import UTCDateTime

config = context.config
if config.config_file_name:
    # Keep the app's loggers (the security log among them) working after a migration.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")

migrate = current_app.extensions["migrate"]
engine = migrate.db.engine
target_metadata = migrate.db.metadata
# The URL is used by offline mode (``flask db upgrade --sql``); escape % for configparser.
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our column types as the plain DateTime and Text they store, so revisions import
    nothing from the app (a revision must keep working after the app's code has moved on)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if type_ == "type" and isinstance(obj, EncryptedText):
        return "sa.Text()"
    return False


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Leave the full-text index (kept by marketplace/search, not the models) alone."""
    return not is_search_object(name)


def skip_empty_revision(context: Any, revision: Any, directives: list[Any]) -> None:
    """`flask db migrate` with no model changes writes no empty revision."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # Flask-Migrate passes render_as_batch=True (see marketplace.extensions): SQLite can
    # only alter a table by copying it, which batch mode does for us.
    options = dict(migrate.configure_args)
    options.setdefault("process_revision_directives", skip_empty_revision)
    options.setdefault("render_item", render_item)
    options.setdefault("compare_type", True)
    options.setdefault("include_name", include_name)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table, drops the old one and renames the copy; with foreign
            # keys enforced, dropping a table other rows point at fails.
            _foreign_keys(connection, "OFF")
        try:
            context.configure(connection=connection, target_metadata=target_metadata, **options)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:  # the connection goes back to the app's pool
                _foreign_keys(connection, "ON")


def _foreign_keys(connection: Any, setting: str) -> None:
    # The pragma only works outside a transaction: end the one the statement began.
    connection.exec_driver_sql(f"PRAGMA foreign_keys={setting}")
    connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

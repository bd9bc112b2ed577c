"""``flask reindex-search``: rebuild the full-text index (after a bulk change or a restore;
on SQLite also after the migration that adds a searchable model)."""

from __future__ import annotations

import click
from flask import Flask

from marketplace.extensions import db
from marketplace.search.fulltext import reindex


@click.command("reindex-search")
def reindex_search_command() -> None:
    """Rebuild the full-text search index of every searchable table."""
    counts = reindex(db.session)
    db.session.commit()
    for table_name, count in counts.items():
        click.echo(f"{table_name}: {count} indexed")


def register(app: Flask) -> None:
    app.cli.add_command(reindex_search_command)

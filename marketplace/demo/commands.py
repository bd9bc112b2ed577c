"""``flask demo-data`` fills an empty database with a demo town; ``flask demo-logins`` prints
how to log in to it. `make run` calls both."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from marketplace.demo.data import DEFAULT_SEED, DEMO_LOGINS, DEMO_PASSWORD, load_demo_data
from marketplace.extensions import db


@click.command("demo-data")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, help="Same seed, same town.")
@with_appcontext
def demo_data_command(seed: int) -> None:
    """Load demo people and postings in Rotterdam (only once: existing data is kept)."""
    summary = load_demo_data(db.session(), seed=seed)
    if summary is None:
        click.echo("demo data already present")
        return
    db.session.commit()
    click.echo(
        f"demo data loaded: {summary.people} people, {summary.postings} postings, "
        f"{summary.responses} responses, {summary.messages} messages; "
        f"{summary.match_requests} postings wait for the worker to match them"
    )


@click.command("demo-logins")
def demo_logins_command() -> None:
    """Print one demo log-in per role."""
    click.echo(f"  Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        click.echo(f"    {role:<28} {email}")


def register(app: Flask) -> None:
    app.cli.add_command(demo_data_command)
    app.cli.add_command(demo_logins_command)

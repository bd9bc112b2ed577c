"""``flask demo-data`` fills an empty database with a demo town; ``flask demo-logins`` prints
how to log in to it. `make run` calls both."""

from __future__ import annotations

import click
import pyotp
from flask import Flask, current_app
from flask.cli import with_appcontext

from marketplace.config import development_tools_enabled
from marketplace.demo.data import (
    DEFAULT_SEED,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    load_demo_data,
)
from marketplace.extensions import db


def _refuse_outside_development() -> None:
    """Demo people share one known password: never in a production database."""
    if not development_tools_enabled(current_app.config):
        raise click.ClickException(
            "demo data is for development only; this app runs with APP_ENV="
            f"{current_app.config.get('APP_ENV')}"
        )


@click.command("demo-data")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, help="Same seed, same town.")
@with_appcontext
def demo_data_command(seed: int) -> None:
    """Load demo people and postings in Rotterdam (only once: existing data is kept)."""
    _refuse_outside_development()
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
@with_appcontext
def demo_logins_command() -> None:
    """Print one demo log-in per role."""
    _refuse_outside_development()
    click.echo(f"  Demo log-ins (password for all: {DEMO_PASSWORD}):")
    for role, email in DEMO_LOGINS:
        click.echo(f"    {role:<28} {email}")
    click.echo(
        "  Every role but hulpvrager and vrijwilliger also asks for a code. Add this key to an"
        f" authenticator app: {DEMO_TOTP_SECRET}\n"
        f"  (or type the code of now: {pyotp.TOTP(DEMO_TOTP_SECRET).now()}, valid for 30 seconds)"
    )


def register(app: Flask) -> None:
    app.cli.add_command(demo_data_command)
    app.cli.add_command(demo_logins_command)

"""``flask create-user``, ``flask grant-role`` and ``flask revoke-role``.

Whoever runs these controls the server, so they act without a logged-in admin; role
changes are still audited (with no actor).
"""

from __future__ import annotations

import click
from flask import Flask

from marketplace.accounts.errors import (
    EmailAlreadyRegistered,
    InvalidEmail,
    WeakPassword,
)
from marketplace.accounts.models import Role, User
from marketplace.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from marketplace.accounts.services import (
    create_confirmed_user,
    find_user_by_email,
    grant_role,
    revoke_role,
)
from marketplace.extensions import db

ROLE_CHOICE = click.Choice([str(role) for role in Role])


def _existing_user(email: str) -> User:
    user = find_user_by_email(db.session, email)
    if user is None:
        raise click.ClickException(f"No account with e-mail address {email}.")
    return user


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Display name other people see.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when left out, so it stays out of the shell history.",
)
def create_user_command(email: str, name: str, password: str) -> None:
    """Create an account whose e-mail address counts as confirmed."""
    try:
        user = create_confirmed_user(db.session, email, password, name)
    except InvalidEmail as error:
        raise click.ClickException(f"Not a valid e-mail address: {error}") from error
    except WeakPassword as error:
        raise click.ClickException(
            f"The password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters."
        ) from error
    except EmailAlreadyRegistered as error:
        raise click.ClickException(f"An account with {email} exists already.") from error
    db.session.commit()
    click.echo(f"Created account {user.id} for {user.email}.")


@click.command("grant-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def grant_role_command(email: str, role: str) -> None:
    """Give the account with EMAIL a ROLE."""
    user = _existing_user(email)
    changed = grant_role(db.session, None, user, role)  # click.Choice has checked the role
    db.session.commit()
    click.echo(f"{user.email} is now {role}." if changed else f"{user.email} was {role} already.")


@click.command("revoke-role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
def revoke_role_command(email: str, role: str) -> None:
    """Take ROLE away from the account with EMAIL."""
    user = _existing_user(email)
    changed = revoke_role(db.session, None, user, role)  # click.Choice has checked the role
    db.session.commit()
    click.echo(f"{user.email} is no longer {role}." if changed else f"{user.email} was not {role}.")


def register(app: Flask) -> None:
    for command in (create_user_command, grant_role_command, revoke_role_command):
        app.cli.add_command(command)

"""``flask create-user``, ``flask grant-role`` and ``flask revoke-role``.

Whoever runs these controls the server, so they act without a logged-in admin; role
changes are still audited (with no actor).
"""

from __future__ import annotations

from collections.abc import Callable

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
        message = _WEAK_PASSWORD.get(error.problem, _WEAK_PASSWORD["too_short"])
        raise click.ClickException(message) from error
    except EmailAlreadyRegistered as error:
        raise click.ClickException(f"An account with {email} exists already.") from error
    db.session.commit()
    click.echo(f"Created account {user.id} for {user.email}.")


_WEAK_PASSWORD = {
    "too_short": f"The password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
    "too_long": f"The password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters.",
    "common": "This password is common and easy to guess. Choose another.",
    "personal": "The password may not contain the e-mail address or the name.",
    "predictable": "The password may not be one repeated character or a row like 1234567890.",
}


def _role_command(
    name: str, change: Callable[..., bool], summary: str, done: str, unchanged: str
) -> click.Command:
    """A command that ``change``s (grant_role, revoke_role) one ROLE of the account with
    EMAIL and says what happened: ``done`` or ``unchanged``, with {email} and {role}."""

    @click.command(name, help=summary)
    @click.argument("email")
    @click.argument("role", type=ROLE_CHOICE)
    def command(email: str, role: str) -> None:
        user = _existing_user(email)
        changed = change(db.session, None, user, role)  # click.Choice has checked the role
        db.session.commit()
        click.echo((done if changed else unchanged).format(email=user.email, role=role))

    return command


grant_role_command = _role_command(
    "grant-role",
    grant_role,
    "Give the account with EMAIL a ROLE.",
    "{email} is now {role}.",
    "{email} was {role} already.",
)
revoke_role_command = _role_command(
    "revoke-role",
    revoke_role,
    "Take ROLE away from the account with EMAIL.",
    "{email} is no longer {role}.",
    "{email} was not {role}.",
)


def register(app: Flask) -> None:
    for command in (create_user_command, grant_role_command, revoke_role_command):
        app.cli.add_command(command)

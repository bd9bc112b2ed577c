from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import verify_password
from marketplace.extensions import db
from tests.factories import UserFactory


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def _user(email):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_create_user_makes_a_confirmed_account_with_a_profile(cli):
    result = cli.invoke(
        args=["create-user", "Mod@Example.org", "--password", "lang genoeg!", "--name", "Mo"]
    )
    assert result.exit_code == 0, result.output
    user = _user("mod@example.org")
    assert user.is_email_confirmed
    assert user.profile.display_name == "Mo"
    assert verify_password(user.password_hash, "lang genoeg!")


def test_create_user_asks_for_the_password_when_left_out(cli):
    result = cli.invoke(
        args=["create-user", "mod@example.org", "--name", "Mo"],
        input="lang genoeg!\nlang genoeg!\n",
    )
    assert result.exit_code == 0, result.output
    assert _user("mod@example.org") is not None


def test_create_user_refuses_a_short_password(cli):
    result = cli.invoke(
        args=["create-user", "mod@example.org", "--password", "kort", "--name", "Mo"]
    )
    assert result.exit_code == 1
    assert "10 to 200 characters" in result.output
    assert _user("mod@example.org") is None


def test_create_user_refuses_an_address_in_use(cli):
    UserFactory(email="mod@example.org")
    result = cli.invoke(
        args=["create-user", "mod@example.org", "--password", "lang genoeg!", "--name", "Mo"]
    )
    assert result.exit_code == 1
    assert "exists already" in result.output


def test_create_user_refuses_a_malformed_address(cli):
    result = cli.invoke(args=["create-user", "mod", "--password", "lang genoeg!", "--name", "M"])
    assert result.exit_code == 1
    assert "Not a valid e-mail address" in result.output


def test_grant_role_gives_the_role(cli):
    UserFactory(email="mod@example.org")
    result = cli.invoke(args=["grant-role", "mod@example.org", "moderator"])
    assert result.exit_code == 0, result.output
    assert _user("mod@example.org").has_role("moderator")


def test_grant_role_refuses_an_unknown_role(cli):
    UserFactory(email="mod@example.org")
    result = cli.invoke(args=["grant-role", "mod@example.org", "koning"])
    assert result.exit_code == 2
    assert not _user("mod@example.org").roles


def test_grant_role_to_an_unknown_address_says_so(cli):
    result = cli.invoke(args=["grant-role", "niemand@example.org", "admin"])
    assert result.exit_code == 1
    assert "No account" in result.output


def test_revoke_role_takes_the_role_away(cli):
    UserFactory(email="mod@example.org", admin=True)
    result = cli.invoke(args=["revoke-role", "mod@example.org", "admin"])
    assert result.exit_code == 0, result.output
    assert not _user("mod@example.org").roles


def test_revoke_role_someone_does_not_have_says_so(cli):
    UserFactory(email="mod@example.org")
    result = cli.invoke(args=["revoke-role", "mod@example.org", "moderator"])
    assert result.exit_code == 0
    assert "was not moderator" in result.output

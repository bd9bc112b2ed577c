"""Encrypted columns (marketplace.encryption): a copy of the database alone reveals nothing.

Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL set, like every test here.
"""

from __future__ import annotations

import flask_migrate
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from marketplace import create_app
from marketplace.accounts import two_factor
from marketplace.accounts.models import TwoFactor
from marketplace.config import ConfigError, development_encryption_key, load_config
from marketplace.encryption import EncryptionKeyError, decrypt, encrypt, lookup_key
from marketplace.extensions import db
from marketplace.intake.models import Client
from marketplace.key_rotation import encrypted_columns
from tests.conftest import test_config as base_test_config
from tests.factories import UserFactory
from tests.intake.helpers import ClientFactory
from tests.ops.test_migrations import DIALECTS, empty_database

NOTES = "Woont alleen sinds haar man overleed; de deur klemt, goed duwen."
OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def stored_notes(client_id: int) -> str | None:
    """What a copy of the database shows: the column read with plain SQL."""
    return db.session.execute(
        text("SELECT notes FROM clients WHERE id = :id"), {"id": client_id}
    ).scalar_one()


def notes_read_by_the_app(client_id: int) -> str | None:
    db.session.expire_all()
    return db.session.get(Client, client_id).notes  # type: ignore[union-attr]


def client_written_with(monkeypatch, app, keys: str, notes: str = NOTES) -> int:
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", keys)
    client_id = ClientFactory(notes=notes).id
    db.session.commit()
    return client_id


def test_notes_read_back_as_they_were_written(session):
    client_id = ClientFactory(notes=NOTES).id
    session.commit()
    assert notes_read_by_the_app(client_id) == NOTES


def test_the_database_holds_a_token_not_the_notes(session):
    client_id = ClientFactory(notes=NOTES).id
    session.commit()
    stored = stored_notes(client_id)
    assert stored is not None
    assert "alleen" not in stored and "deur" not in stored
    assert stored.startswith("gAAAAA")  # a Fernet token


def test_the_same_text_is_stored_differently_each_time(session):
    first, second = ClientFactory(notes=NOTES).id, ClientFactory(notes=NOTES).id
    session.commit()
    assert stored_notes(first) != stored_notes(second)


def test_no_notes_stay_null_in_the_database(session):
    client_id = ClientFactory(notes=None).id
    session.commit()
    assert stored_notes(client_id) is None
    assert notes_read_by_the_app(client_id) is None


def test_values_under_the_old_key_are_read_once_a_new_key_goes_first(app, monkeypatch):
    client_id = client_written_with(monkeypatch, app, OLD)
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    assert notes_read_by_the_app(client_id) == NOTES


def test_the_first_key_encrypts(app, monkeypatch):
    client_id = client_written_with(monkeypatch, app, f"{NEW},{OLD}")
    stored = stored_notes(client_id)
    assert Fernet(NEW).decrypt(stored.encode()).decode() == NOTES  # type: ignore[union-attr]


def test_rotation_moves_every_value_to_the_new_key_so_the_old_key_can_go(app, monkeypatch):
    client_id = client_written_with(monkeypatch, app, OLD)
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "clients.notes: 1 re-encrypted" in result.output

    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", NEW)
    assert notes_read_by_the_app(client_id) == NOTES


def test_rotation_goes_through_every_row_in_batches(app, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", OLD)
    ids = [ClientFactory(notes=f"{NOTES} ({n})").id for n in range(5)]
    ClientFactory(notes=None)
    db.session.commit()
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key", "--batch-size", "2"])
    assert "clients.notes: 5 re-encrypted" in result.output

    tokens = [stored_notes(client_id) for client_id in ids]
    opened = [Fernet(NEW).decrypt(token.encode()).decode() for token in tokens]  # type: ignore[union-attr]
    assert opened == [f"{NOTES} ({n})" for n in range(5)]


def test_rotation_finds_the_encrypted_columns_in_the_models():
    assert "clients.notes" in {f"{c.table.name}.{c.name}" for c in encrypted_columns()}


def test_a_value_no_key_opens_gives_an_error_naming_the_setting(app, monkeypatch):
    client_id = client_written_with(monkeypatch, app, OLD)
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", NEW)
    with pytest.raises(EncryptionKeyError, match="DATA_ENCRYPTION_KEYS") as error:
        notes_read_by_the_app(client_id)
    assert "deur" not in str(error.value) and "gAAAAA" not in str(error.value)


def test_rotation_stops_with_a_clear_message_at_a_value_no_key_opens(app, monkeypatch):
    client_written_with(monkeypatch, app, OLD)
    monkeypatch.setitem(app.config, "DATA_ENCRYPTION_KEYS", NEW)
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code != 0
    assert "DATA_ENCRYPTION_KEYS" in result.output
    assert "clients.notes" in result.output


def test_something_that_is_not_a_token_is_refused_not_returned():
    with pytest.raises(EncryptionKeyError):
        decrypt("Woont alleen")


def test_a_new_encryption_key_is_printed_ready_to_use(app):
    result = app.test_cli_runner().invoke(args=["new-encryption-key"])
    key = result.output.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"x")) == b"x"


def test_encrypt_and_decrypt_keep_any_text():
    assert decrypt(encrypt("Zoë – 🙂")) == "Zoë – 🙂"


# Configuration -----------------------------------------------------------------------------


def production(**env: str) -> dict[str, str]:
    base = {
        "APP_ENV": "production",
        "SECRET_KEY": "k" * 32,
        "RATELIMIT_STORAGE_URI": "redis://redis:6379/1",
        "SMTP_URL": "smtp://smtp.example.nl:587?tls=starttls",
        "DATA_ENCRYPTION_KEYS": f"{NEW},{OLD}",
    }
    return {key: value for key, value in {**base, **env}.items() if value != ""}


def test_production_accepts_a_list_of_keys():
    assert load_config(production())["DATA_ENCRYPTION_KEYS"] == f"{NEW},{OLD}"


def test_production_without_encryption_keys_is_refused_with_a_clear_message():
    with pytest.raises(ConfigError, match=r"DATA_ENCRYPTION_KEYS.*new-encryption-key"):
        load_config(production(DATA_ENCRYPTION_KEYS=""))


def test_production_with_a_malformed_key_is_refused_without_showing_it():
    with pytest.raises(ConfigError, match="key 2 of 2 is not a Fernet key") as error:
        load_config(production(DATA_ENCRYPTION_KEYS=f"{NEW},not-a-key-at-all"))
    assert "not-a-key-at-all" not in str(error.value)


def test_create_app_in_production_without_encryption_keys_raises(monkeypatch):
    for name, value in production(DATA_ENCRYPTION_KEYS="").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DATA_ENCRYPTION_KEYS", raising=False)
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS"):
        create_app()


def test_a_malformed_key_stops_the_app_in_development_too(tmp_path):
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEYS"):
        create_app({**base_test_config(tmp_path), "DATA_ENCRYPTION_KEYS": "geheim"})


def test_development_makes_a_key_once_in_its_instance_and_keeps_it(tmp_path):
    first = load_config({"INSTANCE_PATH": str(tmp_path / "a")})["DATA_ENCRYPTION_KEYS"]
    again = load_config({"INSTANCE_PATH": str(tmp_path / "a")})["DATA_ENCRYPTION_KEYS"]
    other = development_encryption_key(tmp_path / "b")
    assert first == again != other
    Fernet(first)  # a real key
    assert (tmp_path / "a" / "dev-encryption-key").stat().st_mode & 0o077 == 0


def test_development_takes_the_keys_from_the_environment_when_given(tmp_path):
    config = load_config({"INSTANCE_PATH": str(tmp_path), "DATA_ENCRYPTION_KEYS": NEW})
    assert config["DATA_ENCRYPTION_KEYS"] == NEW
    assert not (tmp_path / "dev-encryption-key").exists()


# The migration that encrypts the notes already there -------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_migration_encrypts_existing_notes_and_going_back_decrypts_them(tmp_path, dialect):
    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        client_id = ClientFactory(notes=NOTES).id
        empty_id = ClientFactory(notes=None).id
        db.session.commit()
        db.session.remove()
        flask_migrate.downgrade(revision="a14volunteers")
        assert stored_notes(client_id) == NOTES  # as earlier versions stored them
        db.session.remove()

        flask_migrate.upgrade()
        stored = stored_notes(client_id)
        assert stored is not None and "deur" not in stored
        assert stored_notes(empty_id) is None
        assert notes_read_by_the_app(client_id) == NOTES


@pytest.mark.parametrize("dialect", DIALECTS)
def test_two_factor_secrets_are_encrypted_and_going_back_decrypts_them(tmp_path, dialect):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

    def stored_secret(user_id: int) -> str:
        return db.session.execute(
            text("SELECT secret FROM two_factor WHERE user_id = :id"), {"id": user_id}
        ).scalar_one()

    with empty_database(tmp_path, dialect):
        flask_migrate.upgrade()
        user = UserFactory()
        db.session.flush()
        two_factor.enable_with_secret(db.session, user, secret)
        db.session.commit()
        user_id = user.id
        assert secret not in stored_secret(user_id)
        db.session.remove()

        flask_migrate.downgrade(revision="a15encrypt")
        assert stored_secret(user_id) == secret  # as earlier versions stored it
        db.session.remove()

        flask_migrate.upgrade()
        assert secret not in stored_secret(user_id)
        db.session.expire_all()
        assert db.session.get(TwoFactor, user_id).secret == secret  # type: ignore[union-attr]


def test_a_lookup_key_is_the_same_for_the_same_address_however_it_is_typed():
    assert lookup_key("Hoofdstraat 12A, 3011 AB") == lookup_key("hoofdstraat  12 a,3011ab")
    assert lookup_key("Hoofdstraat 12A, 3011 AB") != lookup_key("Hoofdstraat 14A, 3011 AB")


def test_a_lookup_key_does_not_show_the_address_and_depends_on_the_secret_key(app, monkeypatch):
    key = lookup_key("Hoofdstraat 12")
    assert "hoofdstraat" not in key.lower()
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-secret-key-that-is-long-enough")
    assert lookup_key("Hoofdstraat 12") != key

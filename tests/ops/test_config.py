"""Settings come from environment variables only; production refuses unsafe ones."""

from __future__ import annotations

import concurrent.futures

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.config import (
    DEV_SECRET_KEY,
    ConfigError,
    development_secret_key,
    development_tools_enabled,
    load_config,
)

REAL_KEY = "k" * 32
ENCRYPTION_KEY = "TjXS4DtFlXB2YaZLOI8wsKal7Hi7iKwdcIppZ1aFXtI="


def production(**env: str) -> dict[str, str]:
    """The least production accepts; a test overrides or drops (value "") what it checks."""
    base = {
        "APP_ENV": "production",
        "SECRET_KEY": REAL_KEY,
        "DATA_ENCRYPTION_KEYS": ENCRYPTION_KEY,
        "RATELIMIT_STORAGE_URI": "redis://redis:6379/1",
    }
    if "SMTP_HOST" not in env:
        base["SMTP_URL"] = "smtp://smtp.example.nl:587?tls=starttls"
    return {key: value for key, value in {**base, **env}.items() if value != ""}


def test_production_without_secret_key_is_refused():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config({"APP_ENV": "production"})


def test_production_with_a_short_secret_key_is_refused():
    with pytest.raises(ConfigError):
        load_config(production(SECRET_KEY="k" * 31))


def test_production_with_the_development_key_is_refused():
    with pytest.raises(ConfigError):
        load_config(production(SECRET_KEY=DEV_SECRET_KEY))


def test_production_accepts_a_key_of_32_characters():
    config = load_config(production())
    assert config["APP_ENV"] == "production"
    assert config["SECRET_KEY"] == REAL_KEY


def test_create_app_in_production_without_secret_key_raises(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_development_runs_without_any_environment(tmp_path):
    config = load_config({"INSTANCE_PATH": str(tmp_path)})
    assert config["APP_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'buurthulp.db'}"
    assert config["CELERY_BROKER_URL"] == f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    assert config["MAIL_OUTBOX_DIR"] == str(tmp_path / "outbox")
    assert config["SMTP"] is None


def test_heroku_style_postgres_url_is_rewritten_for_psycopg():
    config = load_config(production(DATABASE_URL="postgres://u:p@db:5432/buurthulp"))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db:5432/buurthulp"


def test_postgresql_url_uses_the_psycopg_driver():
    config = load_config(production(DATABASE_URL="postgresql://db/buurthulp"))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/buurthulp"


def test_broker_url_comes_from_the_environment():
    config = load_config(production(CELERY_BROKER_URL="redis://redis:6379/0"))
    assert config["CELERY_BROKER_URL"] == "redis://redis:6379/0"


def test_smtp_url_gives_host_port_login_and_tls():
    config = load_config(
        production(SMTP_URL="smtp://mail%40buurthulp.nl:geheim%21@smtp.example.nl:587?tls=starttls")
    )
    assert config["SMTP"] == {
        "host": "smtp.example.nl",
        "port": 587,
        "username": "mail@buurthulp.nl",
        "password": "geheim!",
        "tls": "starttls",
    }
    assert config["MAIL_OUTBOX_DIR"] is None


def test_smtps_url_means_ssl_on_port_465():
    config = load_config(production(SMTP_URL="smtps://smtp.example.nl"))
    assert config["SMTP"]["tls"] == "ssl"
    assert config["SMTP"]["port"] == 465


def test_smtp_url_without_login_or_tls_sends_plainly():
    config = load_config(production(SMTP_URL="smtp://mailcatcher:1025"))
    assert config["SMTP"] == {
        "host": "mailcatcher",
        "port": 1025,
        "username": None,
        "password": None,
        "tls": "none",
    }


def test_smtp_can_be_set_with_separate_variables():
    config = load_config(
        production(
            SMTP_HOST="smtp.example.nl",
            SMTP_PORT="2525",
            SMTP_USER="buurthulp",
            SMTP_PASSWORD="geheim",
            SMTP_TLS="starttls",
        )
    )
    assert config["SMTP"] == {
        "host": "smtp.example.nl",
        "port": 2525,
        "username": "buurthulp",
        "password": "geheim",
        "tls": "starttls",
    }


def test_cookies_are_secure_only_in_production(tmp_path):
    development = load_config({"INSTANCE_PATH": str(tmp_path)})
    live = load_config(production())
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["REMEMBER_COOKIE_SECURE"] is False
    assert live["SESSION_COOKIE_SECURE"] is True
    assert live["REMEMBER_COOKIE_SECURE"] is True


def test_cookies_are_http_only_and_same_site_everywhere(tmp_path):
    for config in (load_config({"INSTANCE_PATH": str(tmp_path)}), load_config(production())):
        assert config["SESSION_COOKIE_HTTPONLY"] is True
        assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
        assert config["REMEMBER_COOKIE_HTTPONLY"] is True


def test_base_url_loses_its_trailing_slash():
    config = load_config(production(BASE_URL="https://buurthulp.nl/"))
    assert config["BASE_URL"] == "https://buurthulp.nl"


# --- nothing developer-only in production --------------------------------------------------


def test_production_without_a_mail_server_is_refused_with_a_clear_message():
    with pytest.raises(ConfigError, match="needs a mail server: set SMTP_URL"):
        load_config(production(SMTP_URL=""))


def test_create_app_in_production_without_a_mail_server_raises(monkeypatch):
    for name, value in production(SMTP_URL="").items():
        monkeypatch.setenv(name, value)
    for name in ("SMTP_URL", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="SMTP_URL"):
        create_app()


@pytest.mark.parametrize("storage", ["", "memory://", "memory:///"])
def test_production_refuses_rate_limit_counters_in_one_process_memory(storage):
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        load_config(production(RATELIMIT_STORAGE_URI=storage))


def test_production_accepts_shared_rate_limit_storage():
    config = load_config(production(RATELIMIT_STORAGE_URI="redis://redis:6379/1"))
    assert config["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/1"


@pytest.mark.parametrize("value", ["prod", "Production", "live", "staging"])
def test_an_unknown_app_env_is_refused_rather_than_taken_for_development(value):
    with pytest.raises(ConfigError, match="APP_ENV"):
        load_config({"APP_ENV": value})


def test_production_never_writes_mail_to_files():
    assert load_config(production())["MAIL_OUTBOX_DIR"] is None


def test_development_tools_follow_app_env_not_the_mail_settings(tmp_path):
    development = load_config({"INSTANCE_PATH": str(tmp_path), "SMTP_URL": "smtp://mail:25"})
    assert development_tools_enabled(development)
    assert not development_tools_enabled(load_config(production()))
    assert not development_tools_enabled({"APP_ENV": "production", "MAIL_OUTBOX_DIR": "/x"})


@pytest.fixture
def production_mode(app, tmp_path, monkeypatch):
    """The test app as production would run it, but still with mail written to files: the
    development tools must stay closed even when a mail folder happens to exist."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "20260101-1.eml").write_bytes(
        b"To: admin@example.org\r\nSubject: Nieuw wachtwoord\r\n\r\nhttp://x/reset/token\r\n"
    )
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(outbox))
    return app


@pytest.mark.parametrize("path", ["/demo/e-mails", "/demo/e-mails/20260101-1"])
def test_the_mail_viewer_does_not_exist_in_production(client, production_mode, path):
    assert client.get(path).status_code == 404


def test_production_pages_do_not_link_to_the_mail_viewer(client, production_mode):
    assert "/demo/e-mails" not in client.get("/").text


def test_the_mail_viewer_works_in_development(client, app, tmp_path, monkeypatch):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "20260101-1.eml").write_bytes(b"To: a@example.org\r\nSubject: Welkom\r\n\r\nHoi\r\n")
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_DIR", str(outbox))
    assert app.config["APP_ENV"] == "development"
    assert "Welkom" in client.get("/demo/e-mails").text
    assert "/demo/e-mails" in client.get("/").text


@pytest.mark.parametrize("command", [["demo-data"], ["demo-logins"]])
def test_demo_commands_refuse_to_run_in_production(production_mode, session, command):
    result = production_mode.test_cli_runner().invoke(args=command)
    assert result.exit_code != 0
    assert "development only" in result.output
    assert "demo" not in " ".join(user.email for user in session.scalars(select(User)).all())


def test_development_signs_with_a_random_key_kept_in_its_instance(tmp_path):
    first = load_config({"INSTANCE_PATH": str(tmp_path / "a")})["SECRET_KEY"]
    again = load_config({"INSTANCE_PATH": str(tmp_path / "a")})["SECRET_KEY"]
    other = load_config({"INSTANCE_PATH": str(tmp_path / "b")})["SECRET_KEY"]
    assert first == again != other
    assert first != DEV_SECRET_KEY and len(first) >= 32
    assert (tmp_path / "a" / "dev-secret-key").stat().st_mode & 0o077 == 0


def test_processes_starting_together_share_one_whole_development_key(tmp_path):
    # Two test workers (or web and worker) start at the same moment on a fresh checkout:
    # none may read the key file before it is written whole.
    with concurrent.futures.ProcessPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(development_secret_key, [tmp_path / "fresh"] * 32))
    assert len(keys) == 1
    (key,) = keys
    assert len(key) >= 32
    assert [p.name for p in (tmp_path / "fresh").iterdir()] == ["dev-secret-key"]


def test_production_cookies_carry_the_host_prefix(tmp_path):
    live = load_config(production())
    assert live["SESSION_COOKIE_NAME"] == "__Host-session"
    assert live["REMEMBER_COOKIE_NAME"] == "__Host-remember"
    assert load_config({"INSTANCE_PATH": str(tmp_path)})["SESSION_COOKIE_NAME"] == "session"


def test_production_refuses_to_run_with_rate_limiting_off():
    with pytest.raises(ConfigError, match="RATELIMIT_ENABLED"):
        load_config(production(RATELIMIT_ENABLED="false"))

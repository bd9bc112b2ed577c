"""Settings come from environment variables only; production refuses unsafe ones."""

from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.config import DEV_SECRET_KEY, ConfigError, load_config

REAL_KEY = "k" * 32


def production(**env: str) -> dict[str, str]:
    return {"APP_ENV": "production", "SECRET_KEY": REAL_KEY, **env}


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

"""Settings, read once from environment variables.

With no environment set the app runs "embedded": SQLite under ``instance/``, Celery over a
SQLite broker and mail written to files. Production sets ``APP_ENV=production`` and real
services through ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SMTP_URL`` and friends.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"


class ConfigError(RuntimeError):
    """The environment describes a configuration the app must not run with."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def smtp_settings(env: Mapping[str, str]) -> dict[str, Any] | None:
    """SMTP from ``SMTP_URL`` (smtp://user:pass@host:port?tls=starttls|ssl) or SMTP_* parts."""
    url = env.get("SMTP_URL")
    if url:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        tls = (query.get("tls") or ["ssl" if parts.scheme == "smtps" else "none"])[0]
        return {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if tls == "ssl" else 25),
            "username": unquote(parts.username) if parts.username else None,
            "password": unquote(parts.password) if parts.password else None,
            "tls": tls,
        }
    if env.get("SMTP_HOST"):
        return {
            "host": env["SMTP_HOST"],
            "port": int(env.get("SMTP_PORT", "25")),
            "username": env.get("SMTP_USER") or None,
            "password": env.get("SMTP_PASSWORD") or None,
            "tls": env.get("SMTP_TLS", "none"),
        }
    return None


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables.

    Raises ConfigError when production mode lacks a real SECRET_KEY.
    """
    env = os.environ if env is None else env
    is_production = env.get("APP_ENV", "development") == "production"
    instance = Path(env.get("INSTANCE_PATH", str(DEFAULT_INSTANCE)))

    secret_key = env.get("SECRET_KEY", "")
    if is_production and (len(secret_key) < 32 or secret_key == DEV_SECRET_KEY):
        raise ConfigError(
            "APP_ENV=production needs SECRET_KEY: a random value of at least 32 characters."
        )

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'buurthulp.db'}"
    if database_url.startswith("postgres://"):  # the old Heroku-style scheme
        database_url = "postgresql://" + database_url.removeprefix("postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    smtp = smtp_settings(env)
    broker_url = env.get("CELERY_BROKER_URL") or f"sqla+sqlite:///{instance / 'broker.db'}"

    return {
        "APP_ENV": "production" if is_production else "development",
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret_key or DEV_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CELERY_BROKER_URL": broker_url,
        # The web app publishes work only through the outbox relay; this switch lets tests
        # that do not run a worker leave the rows for the sweep instead of a broker.
        "OUTBOX_RELAY_ENABLED": _bool(env.get("OUTBOX_RELAY_ENABLED"), True),
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_FROM": env.get("MAIL_FROM", "Buurthulp <noreply@buurthulp.local>"),
        "SMTP": smtp,
        # No SMTP configured: mail goes to files an admin (and a demo visitor) can read.
        "MAIL_OUTBOX_DIR": None if smtp else str(instance / "outbox"),
        "HELP_PHONE": env.get("HELP_PHONE", "010 - 123 45 67"),
        # Map tiles (the /kaart page). The page works without them: the list comes first.
        "MAP_TILE_URL": env.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_TILE_ATTRIBUTION": env.get(
            "MAP_TILE_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": is_production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": is_production,
        "WTF_CSRF_TIME_LIMIT": None,  # a slow typist must not lose a long request to a timeout
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ["nl", "en"],
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "MATCH_NOTIFY_TOP_N": int(env.get("MATCH_NOTIFY_TOP_N", "10")),
        "PAGE_SIZE": 20,
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
    }

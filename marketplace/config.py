"""Settings, read once from environment variables.

With no environment set the app runs "embedded": SQLite under ``instance/``, Celery over a
SQLite broker and mail written to files. Production sets ``APP_ENV=production`` and real
services through ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``SMTP_URL`` and friends.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.fernet import Fernet

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # never used to sign: refused in production
DEV_SECRET_KEY_FILE = "dev-secret-key"
DEV_ENCRYPTION_KEY_FILE = "dev-encryption-key"


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


def development_tools_enabled(config: Mapping[str, Any]) -> bool:
    """The mail viewer, ``flask demo-data`` and friends: on a developer's machine only.

    Tied to ``APP_ENV`` alone, never to whether SMTP happens to be configured.
    """
    return config.get("APP_ENV") == "development"


def _refuse_unsafe_production(env: Mapping[str, str], smtp: dict[str, Any] | None) -> None:
    """Production must not fall back to a development default. Raises ConfigError."""
    secret_key = env.get("SECRET_KEY", "")
    if len(secret_key) < 32 or secret_key == DEV_SECRET_KEY:
        raise ConfigError(
            "APP_ENV=production needs SECRET_KEY: a random value of at least 32 characters."
        )
    if smtp is None:
        raise ConfigError(
            "APP_ENV=production needs a mail server: set SMTP_URL "
            "(smtp://user:password@host:587?tls=starttls) or SMTP_HOST. "
            "Without one, mail would be written to files, which is for development only."
        )
    if not _bool(env.get("RATELIMIT_ENABLED"), True):
        raise ConfigError(
            "APP_ENV=production does not run with RATELIMIT_ENABLED off: it would switch off "
            "every log-in lock and limit. Unset it."
        )
    if not env.get("DATA_ENCRYPTION_KEYS", "").strip():
        raise ConfigError(
            "APP_ENV=production needs DATA_ENCRYPTION_KEYS: one or more Fernet keys, newest "
            "first, separated by commas. Make one with `flask new-encryption-key`. Without it, "
            "notes and addresses could not be encrypted in the database."
        )
    encryption_keys(env["DATA_ENCRYPTION_KEYS"])  # a malformed key stops here, not at first use
    storage = env.get("RATELIMIT_STORAGE_URI", "")
    if not storage or storage.startswith("memory://"):
        raise ConfigError(
            "APP_ENV=production needs RATELIMIT_STORAGE_URI pointing to shared storage, "
            "e.g. redis://host:6379/1: counters in memory:// are not shared between processes."
        )


def encryption_keys(value: str) -> list[str]:
    """The Fernet keys in ``DATA_ENCRYPTION_KEYS`` (comma-separated, newest first).

    Raises ConfigError when there is none or one is not a Fernet key (32 bytes, url-safe
    base64); the message names the key's place in the list, never the key itself.
    """
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ConfigError("DATA_ENCRYPTION_KEYS holds no key.")
    for place, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ConfigError(
                f"DATA_ENCRYPTION_KEYS: key {place} of {len(keys)} is not a Fernet key "
                "(44 characters of url-safe base64; make one with `flask new-encryption-key`)."
            ) from None
    return keys


def _development_file(instance: Path, name: str, make: Callable[[], str]) -> str:
    """A random value made once per development instance and kept in its folder (0600)."""
    path = instance / name
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place: a process that starts at
        # the same moment (a second test worker, web and worker together) never reads a
        # half-written or empty value, and the first link wins. mkstemp makes it 0600.
        fd, draft = tempfile.mkstemp(dir=instance, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "w") as file:
                file.write(make())
            with contextlib.suppress(FileExistsError):  # another process linked its value first
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def development_secret_key(instance: Path) -> str:
    """A random key made once per development instance and kept in its folder.

    A key everyone knows (it would be in the source) would let anyone sign log-in and
    e-mail-change tokens for a development site that is reachable from elsewhere.
    """
    return _development_file(instance, DEV_SECRET_KEY_FILE, lambda: secrets.token_urlsafe(48))


def development_encryption_key(instance: Path) -> str:
    """The Fernet key a development instance encrypts with, made once in its folder.

    Kept, not made per start: what was encrypted yesterday must still be readable today.
    """
    return _development_file(
        instance, DEV_ENCRYPTION_KEY_FILE, lambda: Fernet.generate_key().decode("ascii")
    )


def load_config(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables.

    Raises ConfigError for an unknown APP_ENV, and when production mode lacks a real
    SECRET_KEY, encryption keys, a mail server or shared rate-limit storage.
    """
    env = os.environ if env is None else env
    app_env = env.get("APP_ENV") or "development"
    if app_env not in {"development", "production"}:
        raise ConfigError(f"APP_ENV must be 'development' or 'production', not {app_env!r}.")
    is_production = app_env == "production"
    instance = Path(env.get("INSTANCE_PATH", str(DEFAULT_INSTANCE)))
    smtp = smtp_settings(env)
    if is_production:
        _refuse_unsafe_production(env, smtp)

    secret_key = env.get("SECRET_KEY", "")

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'buurthulp.db'}"
    if database_url.startswith("postgres://"):  # the old Heroku-style scheme
        database_url = "postgresql://" + database_url.removeprefix("postgres://")
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    broker_url = env.get("CELERY_BROKER_URL") or f"sqla+sqlite:///{instance / 'broker.db'}"

    # One JSON object per line for a log collector in production, text for a person otherwise.
    log_format = (env.get("LOG_FORMAT") or ("json" if is_production else "text")).lower()
    if log_format not in {"json", "text"}:
        raise ConfigError(f"LOG_FORMAT must be 'json' or 'text', not {log_format!r}.")

    return {
        "APP_ENV": "production" if is_production else "development",
        "LOG_FORMAT": log_format,
        "LOG_LEVEL": (env.get("LOG_LEVEL") or "INFO").upper(),
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": secret_key or development_secret_key(instance),
        # Fernet keys for the encrypted columns (marketplace.encryption), newest first: the
        # first encrypts, all decrypt. `flask rotate-encryption-key` moves values to the first.
        "DATA_ENCRYPTION_KEYS": (
            env.get("DATA_ENCRYPTION_KEYS", "").strip() or development_encryption_key(instance)
        ),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CELERY_BROKER_URL": broker_url,
        # The web app publishes work only through the outbox relay; this switch lets tests
        # that do not run a worker leave the rows for the sweep instead of a broker.
        "OUTBOX_RELAY_ENABLED": _bool(env.get("OUTBOX_RELAY_ENABLED"), True),
        # After a failed publish the relay leaves the broker alone this long (seconds).
        "OUTBOX_BROKER_BACKOFF_SECONDS": 5.0,
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_FROM": env.get("MAIL_FROM", "Buurthulp <noreply@buurthulp.local>"),
        "SMTP": smtp,
        # No SMTP configured (development only; production refuses to start): mail goes to
        # files, which the development mail viewer at /demo/e-mails lists.
        "MAIL_OUTBOX_DIR": None if smtp else str(instance / "outbox"),
        "HELP_PHONE": env.get("HELP_PHONE", "010 - 123 45 67"),
        # The privacy statement (/privacy): who is responsible for the data (the municipality
        # running Buurthulp), and where to reach its privacy officer (e-mail or web page).
        "PRIVACY_CONTROLLER": env.get("PRIVACY_CONTROLLER", "Gemeente Rotterdam"),
        "PRIVACY_CONTACT": env.get("PRIVACY_CONTACT", ""),
        # Map tiles (the /kaart page). The page works without them: the list comes first.
        "MAP_TILE_URL": env.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_TILE_ATTRIBUTION": env.get(
            "MAP_TILE_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        ),
        # In production the __Host- prefix makes the browser refuse these cookies unless they
        # came over HTTPS, from this host itself, for the whole site (no Domain attribute).
        "SESSION_COOKIE_NAME": "__Host-session" if is_production else "session",
        "REMEMBER_COOKIE_NAME": "__Host-remember" if is_production else "remember_token",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": is_production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": is_production,
        # The server decides how long a session lives (accounts.sessions); the cookie only
        # has to outlive the longest one ("ingelogd blijven": 30 days).
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "WTF_CSRF_TIME_LIMIT": None,  # a slow typist must not lose a long request to a timeout
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ["nl", "en"],
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "MATCH_NOTIFY_TOP_N": int(env.get("MATCH_NOTIFY_TOP_N", "10")),
        # Home-visit addresses and reports are erased this many months after a round ends.
        "HOME_VISIT_RETENTION_MONTHS": int(env.get("HOME_VISIT_RETENTION_MONTHS", "12")),
        "PAGE_SIZE": 20,
        # The shared cache of pages anyone sees (marketplace.page_cache): how long a page is
        # served before it is rendered again (0: off), and where (redis://...; without one
        # each process keeps its own).
        "PAGE_CACHE_SECONDS": int(env.get("PAGE_CACHE_SECONDS", "30")),
        "PAGE_CACHE_URL": env.get("PAGE_CACHE_URL") or None,
        # The filters' category and wijk lists (marketplace.choice_memo): kept per process this
        # long at most (a change made in the process itself is seen at once; 0: off).
        "CHOICE_MEMO_SECONDS": int(env.get("CHOICE_MEMO_SECONDS", "60")),
        # Concern signals (marketplace.signals): someone goes to the door within this many
        # hours; a closed signal is erased this many months after it was closed.
        "SIGNAL_FIRST_CONTACT_HOURS": int(env.get("SIGNAL_FIRST_CONTACT_HOURS", "48")),
        "SIGNAL_RETENTION_MONTHS": int(env.get("SIGNAL_RETENTION_MONTHS", "12")),
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
    }

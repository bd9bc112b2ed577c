"""The security event log: one JSON line per event, apart from the moderation audit trail.

Log-ins, lock-outs, role and two-factor changes, reads of sensitive records, exports and
erasures. Lines go to ``<instance>/logs/security-YYYY-MM-DD.jsonl`` (Rotterdam's day, so
the retention task can delete whole days) and to the ``buurthulp.security`` logger, which a
production set-up sends wherever its logs go. Never a password, token or secret: keys that
look like one are refused, so a careless caller cannot leak them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, request

from marketplace.timestamps import local_today, utcnow

log = logging.getLogger("buurthulp.security")

FORBIDDEN_KEY_PARTS = ("password", "token", "secret", "totp", "recovery", "hash", "cookie")


def init_app(app: Flask) -> None:
    """Send the events to standard error as well, one JSON line each, so a container's log
    collector keeps them even when the instance folder is not on a lasting volume."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("security %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def security_log_dir() -> Path:
    return Path(current_app.instance_path) / "logs"


def log_security_event(event: str, *, user_id: int | None = None, **fields: Any) -> None:
    """Write one event, e.g. ``log_security_event("login.failed", user_id=7)``.

    ``fields`` hold ids and short facts only. Raises ValueError for a key that could hold a
    password, token or secret.
    """
    for key in fields:
        if any(part in key.lower() for part in FORBIDDEN_KEY_PARTS):
            raise ValueError(f"security log field {key!r} may hold a secret")
    now = utcnow()
    line: dict[str, Any] = {"at": now.isoformat(), "event": event, "user_id": user_id}
    if has_request_context():
        line["ip"] = request.remote_addr
        # The route pattern, never the path itself: reset, confirm and e-mail change links
        # carry their token in the path.
        if request.url_rule is not None:
            line["path"] = request.url_rule.rule
    line.update(fields)
    text = json.dumps(line, default=str, ensure_ascii=False)
    log.info(text)
    directory = security_log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    day = local_today(now).isoformat()
    # Appends of one short line are atomic enough between processes on one machine.
    with (directory / f"security-{day}.jsonl").open("a", encoding="utf-8") as file:
        file.write(text + "\n")


def read_security_events(day_file: Path | None = None) -> list[dict[str, Any]]:
    """The events in one day's file, or in all of them (oldest first) without ``day_file``."""
    files = [day_file] if day_file else sorted(security_log_dir().glob("security-*.jsonl"))
    return [
        json.loads(line)
        for file in files
        if file.exists()
        for line in file.read_text(encoding="utf-8").splitlines()
    ]

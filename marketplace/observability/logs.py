"""Log lines: one JSON object per line in production, readable text in development.

``LOG_FORMAT`` (``json`` or ``text``) chooses; by default production writes JSON, for a log
collector to read, and development text, for a person. Every line carries the request id of
the request or task it belongs to (``request_ids``). gunicorn's own error and access logs use
the same formatter (``gunicorn.conf.py``), so the whole stream is one format.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from flask import Flask

from marketplace.observability import request_ids

TEXT_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
# Attributes every LogRecord has: whatever else a line carries came in through ``extra=``.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}
_MARK = "_buurthulp_handler"
SECURITY_LOGGER = "buurthulp.security"  # its own handler (marketplace.security_log)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (the current request's or task's id, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_ids.current() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra, "exception"}``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            line.update(_access_fields(record.args))
            line["message"] = f"{line['method']} {line['path']} {line['status']}"
        elif record.name == SECURITY_LOGGER:
            # The security log's line is JSON already (marketplace.security_log): nested,
            # so a collector reads its fields without parsing twice.
            event = _json_or_none(record.getMessage())
            line["message"] = f"security {event.get('event')}" if event else record.getMessage()
            if event:
                line["security"] = event
        else:
            line["message"] = record.getMessage()
        request_id = getattr(record, "request_id", None) or request_ids.current()
        if request_id and request_id != "-":
            line.setdefault("request_id", request_id)
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in line:
                line[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def _json_or_none(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _access_fields(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access log atoms (tokens already hidden by ``access_log``) as fields."""
    fields: dict[str, Any] = {
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
        "bytes": atoms.get("B"),
        "remote": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }
    request_id = atoms.get("{x-request-id}o")
    if request_id and request_id != "-":
        fields["request_id"] = request_id
    return fields


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def install(log_format: str, level: str | int = "INFO", stream: IO[str] | None = None) -> None:
    """Our handler on the root logger, in ``log_format`` (replacing ours from before)."""
    uninstall()
    root = logging.getLogger()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(log_format))
    handler.addFilter(RequestIdFilter())
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # Python's warnings too, in the same format
    if log_format == "json":
        for own in logging.getLogger(SECURITY_LOGGER).handlers:
            own.setFormatter(JsonFormatter())


def uninstall() -> None:
    logging.captureWarnings(False)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)


def init_app(app: Flask) -> None:
    # Tests keep pytest's own log capture; they call ``install`` themselves when they look
    # at the lines.
    if not app.config.get("TESTING"):
        install(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL", "INFO"))

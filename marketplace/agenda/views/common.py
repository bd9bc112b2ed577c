"""Small helpers the agenda's views share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import abort, current_app


def parse_day(text: str | None) -> date | None:
    """A date from the URL (2026-03-03); None when absent or not a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_or_404(text: str) -> date:
    day = parse_day(text)
    if day is None:
        abort(404)
    return day


def upload_root() -> Path:
    """Where uploads live (the organisations' logos too)."""
    return Path(current_app.instance_path) / "uploads"

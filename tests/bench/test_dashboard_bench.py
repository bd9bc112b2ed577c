"""The dashboard bench runs end to end on a small scale (SQLite file of its own)."""

from __future__ import annotations

import io
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench import dashboard as bench
from marketplace.extensions import limiter


@pytest.fixture
def restore_test_app(app: Flask) -> Iterator[None]:
    """The bench builds its own app, which becomes Celery's current one: undo that."""
    yield
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    limiter.enabled = False


def test_the_bench_prints_query_times_for_the_city_and_one_wijk(
    tmp_path: Path, restore_test_app: None
) -> None:
    out = io.StringIO()

    lines = bench.run(f"sqlite:///{tmp_path / 'bench_dashboard.db'}", "small", 2, out=out)

    assert [line.split()[2] for line in lines] == ["scope=city", "scope=wijk"]
    for line in lines:
        assert re.match(r"dashboard db=sqlite scope=\w+ postings=1500 responses=\d+ ", line)
        assert re.search(r" p50_ms=\d+ p95_ms=\d+$", line)
    assert out.getvalue().splitlines() == lines

    # The generated year has what the app itself keeps: milestones on the postings and
    # placed volunteers in the pipeline, each matching the responses.
    with sqlite3.connect(tmp_path / "bench_dashboard.db") as db:
        (mismatched,) = db.execute(
            "SELECT count(*) FROM postings p WHERE p.first_response_at IS NOT "
            "(SELECT min(created_at) FROM responses r WHERE r.posting_id = p.id)"
        ).fetchone()
        (placed,) = db.execute(
            "SELECT count(*) FROM applications a JOIN responses r ON r.id = a.response_id "
            "WHERE a.status = 'placed' AND r.status = 'accepted'"
        ).fetchone()
        (helped,) = db.execute(
            "SELECT count(*) FROM postings WHERE helped_at IS NOT NULL"
        ).fetchone()
    assert mismatched == 0
    assert placed > 0 and helped > 0


def test_the_bench_refuses_a_database_without_bench_in_its_name(
    tmp_path: Path, restore_test_app: None
) -> None:
    with pytest.raises(SystemExit):
        bench.run(f"sqlite:///{tmp_path / 'buurthulp.db'}", "small", 1)

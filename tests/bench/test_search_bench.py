"""The search bench runs end to end on a small scale (SQLite file of its own)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench import search as bench
from marketplace.extensions import limiter


@pytest.fixture
def restore_test_app(app: Flask) -> Iterator[None]:
    """The bench builds its own app, which becomes Celery's current one: undo that."""
    yield
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    limiter.enabled = False


def test_the_bench_prints_the_old_and_the_new_search_of_the_same_run_and_their_ratio(
    tmp_path: Path, restore_test_app: None
) -> None:
    out = io.StringIO()

    lines = bench.run(f"sqlite:///{tmp_path / 'bench_search.db'}", "small", 1, out=out)

    assert [line.split()[2] for line in lines[:2]] == ["mode=substring", "mode=fulltext"]
    for line in lines[:2]:
        assert re.match(r"search db=sqlite mode=\w+ postings=1500 requests=7 ", line)
        assert re.search(r" p50_ms=\d+ p95_ms=\d+ rps=[\d.]+$", line)
    rps = [float(line.rsplit("rps=", 1)[1]) for line in lines[:2]]
    share = re.fullmatch(r"search db=sqlite fulltext_vs_substring_rps=([\d.]+)", lines[2])
    assert share is not None, lines[2]
    assert float(share[1]) == pytest.approx(rps[1] / rps[0], abs=0.02)
    assert out.getvalue().splitlines() == lines

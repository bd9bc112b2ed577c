"""The sociale kaart bench runs end to end on a small scale (SQLite files of its own): the
kaart's searches, then the postings list's two searches of the same run."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from flask import Flask

from bench import sociale_kaart as bench
from marketplace.extensions import limiter


@pytest.fixture
def restore_test_app(app: Flask) -> Iterator[None]:
    """The bench builds its own apps, which become Celery's current one, and quiets the
    security log: undo those."""
    security_log = logging.getLogger("buurthulp.security")
    level = security_log.level
    yield
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    limiter.enabled = False
    security_log.setLevel(level)


def test_the_bench_prints_the_kaart_searches_and_the_postings_comparison(
    capsys: pytest.CaptureFixture[str], restore_test_app: None
) -> None:
    status = bench.main(
        ["--services", "60", "--locations", "6", "--repeat", "2", "--postings-repeat", "1"]
    )

    assert status == 0
    lines = capsys.readouterr().out.splitlines()
    kaart = [line for line in lines if line.startswith("sociale_kaart ")]
    assert [line.split()[2] for line in kaart] == [
        "search=everything",
        "search=word",
        "search=word+free",
        "search=problem+group+wijk",
        "search=word+distance",
        "search=costs",
    ]
    for line in kaart:
        assert re.fullmatch(
            r"sociale_kaart db=sqlite search=\S+ services=60 "
            r"min_ms=[\d.]+ p50_ms=[\d.]+ p95_ms=[\d.]+",
            line,
        )
    postings = [line for line in lines if line.startswith("search ")]
    assert [line.split()[2] for line in postings] == [
        "mode=substring",
        "mode=fulltext",
        postings[2].split()[2],
    ]
    assert re.fullmatch(r"search db=sqlite fulltext_vs_substring_rps=[\d.]+", postings[2])

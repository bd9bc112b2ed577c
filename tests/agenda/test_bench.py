"""The agenda bench runs end to end at a small scale (a SQLite file of its own)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench import agenda as bench
from marketplace.extensions import limiter


@pytest.fixture
def restore_test_app(app: Flask) -> Iterator[None]:
    """The bench builds its own app (tests/conftest.py makes the test app's Celery current
    again), switches the rate limiter on and quiets the security log: undo those two."""
    security_log = logging.getLogger("buurthulp.security")
    level = security_log.level
    yield
    limiter.enabled = False
    security_log.setLevel(level)


def test_the_bench_times_a_filled_wijk_even_with_few_wijken(
    tmp_path: Path, restore_test_app: None, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'bench_agenda.db'}"
    assert (
        bench.main(
            ["--wijken", "2", "--occurrences", "120", "--repeat", "1", "--database-url", url]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert [re.search(r"page=(\w+)", line).group(1) for line in lines] == ["week", "feed"]  # type: ignore[union-attr]

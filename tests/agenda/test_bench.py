"""The agenda bench runs end to end at a small scale (a SQLite file of its own)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench import agenda as bench
from marketplace.extensions import limiter


@pytest.fixture
def restore_test_app(app: Flask) -> Iterator[None]:
    """The bench builds its own app, which becomes Celery's current one: undo that."""
    yield
    app.extensions["celery"].set_default()
    app.extensions["celery"].set_current()
    limiter.enabled = False


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

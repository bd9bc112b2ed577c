"""The home-visit benchmark, run small: it works and its last line keeps its format."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"^home_visits db=sqlite addresses=(?P<n>\d+) import_s=[\d.]+ reimport_s=[\d.]+ "
    r"round=\d+ visitors=\d+ plan_s=[\d.]+ planned=(?P<planned>\d+) not_planned=\d+ "
    r"most_per_visitor=\d+$"
)


def test_small_benchmark_imports_plans_and_prints_the_summary_line():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.home_visits",
            "--addresses",
            "600",
            "--round-size",
            "200",
            "--visitors",
            "20",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found = LAST_LINE.match(result.stdout.strip().splitlines()[-1])
    assert found, result.stdout
    assert found["n"] == "600" and int(found["planned"]) > 0

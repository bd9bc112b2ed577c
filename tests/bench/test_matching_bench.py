"""The matching benchmark, run small: it works and its last line keeps its exact format."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(
    r"^matching volunteers=(?P<n>\d+) db=(?:sqlite|postgresql) p50_ms=[\d.]+ p95_ms=[\d.]+ "
    r"baseline_p95_ms=[\d.]+ floor_p95_ms=[\d.]+ speedup=[\d.]+ "
    r"same_top_n=(?P<same>yes|no) rss_mb=\d+$"
)


def run_bench(*args: str) -> list[str]:
    # A process of its own: the benchmark builds its own app on its own (temporary) database.
    result = subprocess.run(
        [sys.executable, "-m", "bench.matching", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout.strip().splitlines()


def test_small_benchmark_prints_the_summary_line_with_the_same_top_n():
    lines = run_bench("--volunteers", "400", "--postings", "6", "--week-postings", "2")
    found = LAST_LINE.match(lines[-1])
    assert found, lines[-1]
    assert found["n"] == "400"
    assert found["same"] == "yes"


def test_small_benchmark_reports_how_alerts_spread_over_the_week():
    lines = run_bench("--volunteers", "300", "--postings", "2", "--week-postings", "3")
    week = next(line for line in lines if line.startswith("week "))
    assert re.search(r"postings=21 .*gini=0\.\d{3} share_alerted=[01]\.\d{3}", week), week

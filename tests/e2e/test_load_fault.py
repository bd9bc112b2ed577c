"""The load and fault test (bench/load_fault.py), shortened: 40 seconds of browsing, posting,
approving and responding with PostgreSQL and Redis each restarted once, then nothing lost.

It starts everything itself (its own PostgreSQL cluster and Redis, an SMTP server, gunicorn,
a Celery worker and beat), so it runs the same in both of CI's passes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from marketplace.config import PROJECT_ROOT

pytestmark = pytest.mark.e2e

NEEDED = ("initdb", "pg_ctl", "redis-server")


def test_a_short_load_with_both_restarts_loses_nothing():
    missing = [name for name in NEEDED if shutil.which(name) is None]
    assert not missing, f"the load and fault test needs {missing} (see DEVELOPERS.md)"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load_fault",
            "--seconds",
            "40",
            "--users",
            "3",
            "--settle",
            "60",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr[-3000:]
    assert result.returncode == 0, output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("FAIL")], output
    passed = [line for line in lines if line.startswith("PASS")]
    assert any("errors only inside the restart windows" in line for line in passed), output
    assert any("matched" in line for line in passed), output
    assert any("delivered exactly once" in line for line in passed), output
    restarts = [line for line in lines if line.startswith("load_fault restart")]
    assert len(restarts) == 2, output

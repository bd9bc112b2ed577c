"""What a newcomer reads and runs: README, Makefile, Procfile and CI stay in step."""

from __future__ import annotations

import re
import subprocess

import pytest

from marketplace.config import PROJECT_ROOT
from marketplace.demo.data import DEMO_LOGINS
from tests.ops.environment import variables_read_by_config


def read(name: str) -> str:
    return (PROJECT_ROOT / name).read_text()


def make_dry_run(target: str) -> list[str]:
    """The commands `make <target>` would run, without running them."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", target],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def index_of(lines: list[str], needle: str) -> int:
    return next(i for i, line in enumerate(lines) if needle in line)


def test_readme_offers_exactly_two_commands_make_run_and_make_test():
    blocks = re.findall(r"```[a-z]*\n(.*?)```", read("README.md"), flags=re.DOTALL)
    assert [block.strip() for block in blocks] == ["make run", "make test"]


def test_readme_starts_with_what_buurthulp_is():
    intro = read("README.md").split("```", 1)[0]
    assert intro.startswith("# Buurthulp\n")
    assert "neighbourhood help marketplace" in intro


def test_readme_documents_every_environment_variable_config_reads():
    readme = read("README.md")
    assert [v for v in sorted(variables_read_by_config()) if f"`{v}`" not in readme] == []


def test_readme_lists_every_demo_log_in():
    readme = read("README.md")
    assert [email for _, email in DEMO_LOGINS if email not in readme] == []


def test_readme_credits_the_postcode_data():
    readme = read("README.md")
    assert "CBS" in readme and "Kadaster" in readme
    assert "GeoNames" in readme and "CC BY 4.0" in readme


def test_make_help_lists_the_commands():
    result = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    listed = re.findall(r"make (\S+)", result.stdout)
    assert {"run", "test", "lint", "fmt", "migrations-check"} <= set(listed)


def test_make_run_migrates_loads_demo_data_then_starts_every_process():
    lines = make_dry_run("run")
    upgrade = index_of(lines, "flask db upgrade")
    demo = index_of(lines, "flask demo-data")
    start = index_of(lines, "honcho start")
    assert upgrade < demo < start
    assert "exec" in lines[start]  # honcho replaces make's shell, so Ctrl-C reaches it


def test_make_run_prints_the_url_and_the_demo_log_ins():
    lines = make_dry_run("run")
    assert any("http://127.0.0.1:5000" in line for line in lines)
    assert any("flask demo-logins" in line for line in lines)


def test_make_test_runs_the_whole_suite():
    lines = make_dry_run("test")
    assert lines[-1].strip().startswith(".venv/bin/pytest")


@pytest.mark.parametrize("target", ["lint", "fmt", "migrations-check"])
def test_quality_targets_exist(target):
    assert make_dry_run(target)


def test_procfile_starts_web_worker_and_beat():
    processes = dict(
        line.split(":", 1) for line in read("Procfile").splitlines() if line and line[0] != "#"
    )
    assert set(processes) == {"web", "worker", "beat"}
    assert "127.0.0.1:$PORT" in processes["web"]
    assert "celery -A worker.celery_app worker" in processes["worker"]
    assert "celery -A worker.celery_app beat" in processes["beat"]


def test_ci_fails_on_any_error_and_tests_both_databases():
    script = read(".ci/run")
    assert "set -euo pipefail" in script
    assert "pg_ctlcluster --skip-systemctl-redirect" in script
    assert "redis-server --daemonize yes" in script
    commands = script.replace("\\\n", " ").splitlines()  # join continued lines
    runs = [
        line for line in commands if " make test" in line and not line.startswith(("#", "echo"))
    ]
    assert len(runs) == 2
    assert "TEST_DATABASE_URL=" in runs[1] and "TEST_REDIS_URL=" in runs[1]
    assert "-u TEST_DATABASE_URL" in runs[0]

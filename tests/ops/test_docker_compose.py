"""docker-compose.yml and the Dockerfile run Buurthulp in production shape."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from marketplace.config import PROJECT_ROOT
from tests.ops.environment import variables_read_by_config

APP_SERVICES = ("web", "worker", "beat")
# What production needs from the environment (marketplace/config.py reads them).
PRODUCTION_VARIABLES = (
    "APP_ENV",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SMTP_URL",
    "SECRET_KEY",
    "DATA_ENCRYPTION_KEYS",
    "BASE_URL",
)


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return compose["services"]


def command_line(service: dict[str, Any]) -> str:
    command = service["command"]
    return command if isinstance(command, str) else shlex.join(command)


def test_compose_runs_databases_app_processes_and_a_mail_catcher(services):
    assert set(services) == {"postgres", "redis", "mailcatcher", "web", "worker", "beat"}


def test_backing_services_use_pinned_versions(services):
    assert re.fullmatch(r"postgres:16\.\d+", services["postgres"]["image"])
    assert re.fullmatch(r"redis:7\.\d+\.\d+", services["redis"]["image"])
    assert re.fullmatch(r"axllent/mailpit:v1\.\d+\.\d+", services["mailcatcher"]["image"])


def test_no_image_floats_on_latest():
    text = (PROJECT_ROOT / "docker-compose.yml").read_text()
    images = re.findall(r"^\s*image:\s*(\S+)", text, flags=re.MULTILINE)
    pulled = [image for image in images if not image.startswith("buurthulp:")]
    assert pulled and [i for i in pulled if ":" not in i or i.endswith(":latest")] == []


def test_database_password_has_no_default(services):
    password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert password.startswith("${POSTGRES_PASSWORD:?")
    for name in APP_SERVICES:
        url = services[name]["environment"]["DATABASE_URL"]
        assert "${POSTGRES_PASSWORD:?" in url
        assert ":-" not in url


def test_env_example_gives_no_database_password():
    lines = (PROJECT_ROOT / ".env.example").read_text().splitlines()
    assert "POSTGRES_PASSWORD=" in lines


def published_ports(service: dict[str, Any]) -> list[str]:
    return [str(port) for port in service.get("ports", [])]


def test_only_web_is_published_to_the_network(services):
    for name, service in services.items():
        for port in published_ports(service):
            if name != "web":
                assert port.startswith("127.0.0.1:"), f"{name} publishes {port} to every network"


def test_the_mail_inbox_asks_for_a_log_in(services):
    environment = services["mailcatcher"]["environment"]
    assert environment["MP_UI_AUTH"].startswith("${MAILPIT_UI_AUTH:?")
    assert "MAILPIT_UI_AUTH=" in (PROJECT_ROOT / ".env.example").read_text().splitlines()


def test_app_processes_get_shared_rate_limit_storage(services):
    for name in APP_SERVICES:
        assert services[name]["environment"]["RATELIMIT_STORAGE_URI"].startswith("redis://")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_are_built_from_the_dockerfile(services, name):
    assert services[name]["build"] == "."


def test_web_applies_migrations_before_gunicorn_starts(services):
    command = command_line(services["web"])
    assert command.index("flask db upgrade") < command.index("gunicorn")
    assert "marketplace.wsgi:app" in command


def test_wsgi_module_exposes_the_app():
    assert "app = create_app()" in (PROJECT_ROOT / "marketplace" / "wsgi.py").read_text()


def test_worker_and_beat_run_the_celery_app(services):
    assert "celery -A worker.celery_app worker" in command_line(services["worker"])
    assert "celery -A worker.celery_app beat" in command_line(services["beat"])


@pytest.mark.parametrize(
    ("name", "probe"),
    [("postgres", "pg_isready"), ("redis", "redis-cli ping"), ("web", "/readyz")],
)
def test_services_have_health_checks(services, name, probe):
    test = services[name]["healthcheck"]["test"]
    assert probe in (test if isinstance(test, str) else " ".join(test))


def test_web_waits_for_healthy_database_and_broker(services):
    depends_on = services["web"]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_worker_and_beat_wait_for_migrated_web(services, name):
    depends_on = services[name]["depends_on"]
    for dependency in ("postgres", "redis", "web"):
        assert depends_on[dependency]["condition"] == "service_healthy"


def test_production_variables_are_the_ones_config_reads():
    assert set(PRODUCTION_VARIABLES) <= variables_read_by_config()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_get_every_production_variable(services, name):
    environment = services[name]["environment"]
    missing = [v for v in PRODUCTION_VARIABLES if not environment.get(v)]
    assert missing == []
    assert environment["APP_ENV"] == "production"
    assert environment["DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert environment["SMTP_URL"] == "smtp://mailcatcher:1025"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_secret_key_has_no_default_and_must_be_set(services, name):
    assert services[name]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_env_example_names_the_secret_key_without_a_value():
    lines = (PROJECT_ROOT / ".env.example").read_text().splitlines()
    assert "SECRET_KEY=" in lines


@pytest.mark.parametrize("name", APP_SERVICES)
def test_encryption_keys_have_no_default_and_must_be_set(services, name):
    keys = services[name]["environment"]["DATA_ENCRYPTION_KEYS"]
    assert keys.startswith("${DATA_ENCRYPTION_KEYS:?")
    assert "DATA_ENCRYPTION_KEYS=" in (PROJECT_ROOT / ".env.example").read_text().splitlines()


def dockerfile() -> list[str]:
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_image_is_python_311_slim_with_the_npm_styles_built_in_a_stage():
    stages = [line for line in dockerfile() if line.startswith("FROM ")]
    assert stages[-1] == "FROM python:3.11-slim"  # the image that runs
    assert any(line.endswith(" AS assets") for line in stages[:-1])
    assert "COPY --from=assets /build/vendor ./static/vendor" in dockerfile()


def test_image_runs_in_production_mode_by_itself():
    env_lines = " ".join(line for line in dockerfile() if not line.startswith(("RUN", "COPY")))
    assert re.search(r"\bAPP_ENV=production\b", env_lines)


def test_image_runs_as_a_user_without_root_rights():
    users = [line.split()[1] for line in dockerfile() if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}


def test_image_contains_what_the_app_reads_beside_the_package():
    copied = " ".join(line for line in dockerfile() if line.startswith("COPY "))
    for folder in ("marketplace", "worker", "templates", "static", "migrations"):
        assert f"COPY {folder} " in copied


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = set(Path(PROJECT_ROOT / ".dockerignore").read_text().split())
    assert {".venv", "instance", ".env", ".git"} <= ignored


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_processes_share_one_lasting_instance_folder(services, name):
    """Logos, security log files and the retention task that purges them: one folder."""
    assert "instance-data:/app/instance" in services[name]["volumes"]


def test_no_image_is_taken_as_latest(services):
    for name, service in services.items():
        assert not service["image"].endswith(":latest"), name


def test_web_is_healthy_only_when_database_and_broker_answer(services):
    test = " ".join(services["web"]["healthcheck"]["test"])
    assert "urlopen('http://127.0.0.1:8000/readyz'" in test


@pytest.mark.parametrize(("name", "port"), [("web", "9100"), ("worker", "9101")])
def test_metrics_ports_stay_inside_the_compose_network(services, name, port):
    service = services[name]
    variable = "METRICS_PORT" if name == "web" else "WORKER_METRICS_PORT"
    assert service["environment"][variable] == port
    assert not [p for p in published_ports(service) if port in p]
    assert port in [str(p) for p in service.get("expose", [])]


def test_the_worker_keeps_its_prefork_metrics_in_a_folder(services):
    assert services["worker"]["environment"]["PROMETHEUS_MULTIPROC_DIR"]


def test_gunicorn_takes_its_settings_from_gunicorn_conf_py(services):
    """Workers, threads and timeouts live in one file; a flag here would override it."""
    commands = [
        command_line(services["web"]),
        " ".join(line for line in dockerfile() if line.startswith("CMD")),
        (PROJECT_ROOT / "Procfile").read_text(),
    ]
    for command in commands:
        gunicorn = command[command.index("gunicorn") :]
        for flag in ("--workers", "-w ", "--threads", "--timeout", "--worker-class", "-c "):
            assert flag not in gunicorn, command


def test_the_kubernetes_probes_ask_healthz_for_liveness_and_readyz_for_readiness():
    probes = yaml.safe_load((PROJECT_ROOT / "docs/operations/kubernetes-probes.yaml").read_text())
    assert probes["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert probes["readinessProbe"]["httpGet"]["path"] == "/readyz"

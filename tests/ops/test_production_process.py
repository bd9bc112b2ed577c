"""The production shape as a real process: gunicorn with APP_ENV=production, over HTTP.

Configured by environment variables only, as the Docker image is: a SQLite database in a
temporary folder (migrated with ``flask db upgrade`` first), an SMTP setting that points at
an unused port (the app only needs the setting to start), and rate-limit counters in Redis
(production refuses ``memory://``). Checks that the security headers are served, that the
development tools are refused, and that a production without a mail server will not start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from marketplace.config import PROJECT_ROOT
from tests.ops.environment import variables_read_by_config

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)[0] + "/14"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_answers(url: str) -> bool:
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.rpartition("@")[2].partition(":")
    try:
        with socket.create_connection((host, int(port or 6379)), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def production_env(tmp: Path, **overrides: str) -> dict[str, str]:
    """This machine's environment without any app setting, then production's."""
    env = {k: v for k, v in os.environ.items() if k not in variables_read_by_config()}
    env.update(
        {
            "FLASK_APP": "marketplace",
            "APP_ENV": "production",
            "SECRET_KEY": "p" * 48,
            "DATA_ENCRYPTION_KEYS": "TjXS4DtFlXB2YaZLOI8wsKal7Hi7iKwdcIppZ1aFXtI=",
            "SMTP_URL": f"smtp://127.0.0.1:{free_port()}",  # nothing listens: only the setting
            "DATABASE_URL": f"sqlite:///{tmp / 'production.db'}",
            "CELERY_BROKER_URL": f"sqla+sqlite:///{tmp / 'broker.db'}",
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "INSTANCE_PATH": str(tmp / "instance"),
            "BASE_URL": "https://buurthulp.example.nl",
            "TRUSTED_PROXIES": "1",
        }
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v != ""}


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "flask"), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "marketplace.wsgi:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Server:
    url: str
    env: dict[str, str]
    log: Path

    def get(self, path: str, **headers: str) -> Answer:
        request = urllib.request.Request(self.url + path, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not redis_answers(REDIS_URL):
        pytest.skip(f"needs Redis at {REDIS_URL} for shared rate-limit counters")
    tmp = tmp_path_factory.mktemp("production")
    env = production_env(tmp)
    migrated = flask(env, "db", "upgrade")
    assert migrated.returncode == 0, migrated.stderr
    # A mail file where the development viewer would look: production must not show it.
    outbox = tmp / "instance" / "outbox"
    outbox.mkdir(parents=True)
    (outbox / "20260101-1.eml").write_text("To: admin@example.org\nSubject: Reset\n\nlink\n")

    port, log = free_port(), tmp / "gunicorn.log"
    process = gunicorn(env, port, log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.3)
    try:
        yield Server(url, env, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.parametrize("path", ["/", "/inloggen"])
def test_production_serves_the_security_headers(server, path):
    answer = server.get(path)
    assert answer.status == 200
    policy = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in answer.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in answer.headers  # plain HTTP, no proxy said https


def test_the_log_in_page_is_not_stored(server):
    assert server.get("/inloggen").headers["Cache-Control"] == "no-store"


def test_hsts_when_the_trusted_proxy_says_the_request_came_over_https(server):
    answer = server.get("/", **{"X-Forwarded-Proto": "https"})
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_cookies_are_secure(server):
    cookie = server.get("/inloggen").headers["Set-Cookie"]  # the form's CSRF token
    assert cookie.startswith("__Host-session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "Domain=" not in cookie


@pytest.mark.parametrize("path", ["/demo/e-mails", "/demo/e-mails/20260101-1"])
def test_the_mail_viewer_does_not_exist_in_production(server, path):
    answer = server.get(path)
    assert answer.status == 404
    assert "admin@example.org" not in answer.body


def test_production_pages_do_not_link_to_the_mail_viewer(server):
    assert "/demo/e-mails" not in server.get("/").body


@pytest.mark.parametrize("command", ["demo-data", "demo-logins"])
def test_the_demo_commands_refuse_in_production(server, command):
    result = flask(server.env, command)
    assert result.returncode != 0
    assert "development only" in result.stderr
    assert "demo" not in result.stdout.lower()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ({"SMTP_URL": ""}, "needs a mail server: set SMTP_URL"),
        ({"RATELIMIT_STORAGE_URI": "memory://"}, "needs RATELIMIT_STORAGE_URI"),
        ({"SECRET_KEY": ""}, "needs SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_a_safe_setting(tmp_path, missing, message):
    env = production_env(tmp_path, **missing)
    log = tmp_path / "gunicorn.log"
    process = gunicorn(env, free_port(), log)
    try:
        returncode = process.wait(timeout=START_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"gunicorn kept running without {missing}:\n{log.read_text()}")
    assert returncode != 0
    assert message in log.read_text()


def test_the_access_log_hides_the_token_of_a_reset_link(server):
    token = "eyJ1c2VyX2lkIjo3fQ.Z3k8Qw.Xb4n0kQm2aR1vL9sT5yH8cJ6pE3wU7zA"
    server.get(f"/wachtwoord-herstellen/{token}")
    deadline = time.monotonic() + 5
    while "/wachtwoord-herstellen/" not in server.log.read_text():
        assert time.monotonic() < deadline, "no access log line"
        time.sleep(0.1)
    written = server.log.read_text()
    assert "/wachtwoord-herstellen/[token]" in written
    assert token not in written

"""Load and fault test: a mixed load for a while, PostgreSQL and Redis each restarted once.

    .venv/bin/python -m bench.load_fault --seconds 300 --users 4

Everything it talks to it starts itself, on 127.0.0.1 only, in a temporary folder, and
stops again (``--keep`` leaves the folder with the logs):

- a PostgreSQL cluster of its own (``initdb``/``pg_ctl`` on a free port), so restarting it
  touches no other database on the machine;
- a ``redis-server`` of its own on a free port (no persistence: a restart loses the queue,
  the harsher case; the outbox is the record);
- an SMTP server (aiosmtpd) that counts every mail by recipient, subject and the
  notification's idempotency key (``X-Buurthulp-Notification``);
- the app as production runs it: ``APP_ENV=production``, gunicorn with the project's
  ``gunicorn.conf.py`` and the Procfile's workers and threads, a Celery worker (threads
  pool, as in the Procfile) and Celery beat.

Several user threads browse, post requests, approve them as moderators and respond to them
as volunteers for ``--seconds``. A third of the way in PostgreSQL is stopped (immediate
shutdown, as a crash) and started again; two thirds of the way in Redis is. Each restart
opens a window from the stop until ``--grace`` seconds after the service is back; errors are
allowed only inside a window. Afterwards the script lets the worker finish (asking the
worker for the outbox sweep with short timeouts, as an operator would, instead of waiting
for beat's two-minute grace), then checks that:

- no request failed before or after the restart windows;
- every posting approved during the run was matched (its match requests completed);
- every notification that is to be mailed was sent, and each arrived exactly once.

It prints a ``PASS`` or ``FAIL`` line for each and exits 1 on any FAIL. Requests are bounded
by time (``--seconds``, at most 1800) and count (``--max-requests``); the settling is bounded
too (``--settle``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
IDEMPOTENCY_HEADER = "X-Buurthulp-Notification"
MAX_SECONDS = 1800
PASSWORD = "load-fault-wachtwoord-1"
# Each account posts or responds at most this often in a run: below the per-account limits
# (10 per hour), so a refusal by a limit is never mistaken for a fault.
PER_ACCOUNT = 8
# Fernet key for the throw-away database only.
ENCRYPTION_KEY = "bG9hZC1mYXVsdC10ZXN0LWtleS0zMi1ieXRlcy0hISE="
POSTCODES = ["3011 AB", "3012 CD", "3013 AK", "3014 BA", "3015 GD", "3021 AB", "3031 CC"]


def refuse_other_hosts(url: str) -> str:
    """Every address this script talks to must be 127.0.0.1."""
    host = urllib.parse.urlsplit(url).hostname
    if host != HOST:
        raise SystemExit(f"load_fault only talks to {HOST}, not {host!r} ({url})")
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_for_port(
    port: int,
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(
                f"process exited with {process.returncode} before listening on {port}:\n{said}"
            )
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {HOST}:{port} after {timeout} s")


# Services ---------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL cluster of this run's own (as the ``postgres`` user when run as root)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "pg"
        self.data = self.folder / "data"
        self.port = free_port()
        self.folder.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@{HOST}:{self.port}/buurthulp"

    def _run(self, *command: str) -> None:
        subprocess.run(
            [*self.as_user, *command], check=True, stdout=subprocess.DEVNULL, cwd=self.folder
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses={HOST} -k {self.folder} "
            "-c fsync=off -c max_connections=100"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )
        wait_for_port(self.port, 30)

    def stop(self, mode: str = "immediate") -> None:
        """``immediate``: no checkpoint, clients cut off at once, as a crash would."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self) -> None:
        self._run("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "buurthulp")


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}"

    def start(self) -> None:
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115 (the process keeps it)
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, 30, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # as a crash: no save, the queue is gone
            self.process.wait()


class MailCounter:
    """An SMTP server that counts what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.lock = threading.Lock()
        self.by_key: Counter[str] = Counter()
        self.by_recipient_subject: Counter[tuple[str, str]] = Counter()
        self.total = 0
        self.controller = Controller(self, hostname=HOST, port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://{HOST}:{self.port}"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        key = str(message.get(IDEMPOTENCY_HEADER, ""))
        with self.lock:
            self.total += 1
            self.by_key[key] += 1
            for recipient in envelope.rcpt_tos:
                self.by_recipient_subject[(recipient, str(message["Subject"]))] += 1
        await asyncio.sleep(0)
        return "250 Message accepted for delivery"


@dataclass
class AppProcesses:
    """gunicorn, the Celery worker and beat, configured only through the environment."""

    folder: Path
    env: dict[str, str]
    web_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def _start(self, name: str, command: list[str]) -> subprocess.Popen[bytes]:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (the process keeps it)
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes[name] = process
        return process

    def start(self) -> None:
        bin_dir = Path(sys.executable).parent
        # The Procfile's web and worker lines; gunicorn reads gunicorn.conf.py from PROJECT_ROOT.
        web = self._start(
            "web",
            [
                str(bin_dir / "gunicorn"),
                "--bind",
                f"{HOST}:{self.web_port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "marketplace.wsgi:app",
            ],
        )
        self._start(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "worker.celery_app",
                "worker",
                "--loglevel=info",
                "--pool=threads",
                "--concurrency=2",
            ],
        )
        self._start(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "worker.celery_app",
                "beat",
                "--loglevel=info",
            ],
        )
        wait_for_port(self.web_port, 60, web, self.folder / "web.log")
        self.wait_for_log("worker", re.compile(rb"@\S+ ready\."), 90)

    def wait_for_log(self, name: str, pattern: re.Pattern[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pattern.search((self.folder / f"{name}.log").read_bytes()):
                return
            if self.processes[name].poll() is not None:
                raise RuntimeError(f"{name} exited early; see {self.folder / name}.log")
            time.sleep(0.2)
        raise TimeoutError(f"{name} not ready in {timeout} s; see {self.folder / name}.log")

    def exited(self) -> dict[str, int]:
        return {
            name: code
            for name, process in self.processes.items()
            if (code := process.poll()) is not None
        }

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# Seeding (in a process of its own, with the app's own models) -----------------------------


def seed(users: int, out: Path) -> None:
    """Migrate the empty database, add the demo town and the load's accounts; write their
    e-mail addresses, the moderators' two-factor secret and a category id to ``out``."""
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.accounts import two_factor
    from marketplace.accounts.models import Role, RoleGrant, User
    from marketplace.accounts.passwords import hash_password
    from marketplace.categories import Category
    from marketplace.demo.data import load_demo_data
    from marketplace.extensions import db
    from marketplace.geo import lookup_postcode
    from marketplace.profiles.models import NotificationPreference, Profile
    from marketplace.timestamps import utcnow

    app = create_app()
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        session = db.session
        load_demo_data(session)
        session.flush()
        categories = session.query(Category).all()
        every_category = 0
        for category in categories:
            every_category |= category.mask
        password_hash = hash_password(PASSWORD)
        secret = "LOADFAULTLOADFAULTLOADFAULT23456"
        accounts: dict[str, list[list[str]]] = {
            "requesters": [],
            "volunteers": [],
            "moderators": [],
        }
        for vu in range(users):
            requesters: list[str] = []
            volunteers: list[str] = []
            moderators: list[str] = []
            for kind, count, bucket in (
                ("vraag", 24, requesters),
                ("help", 24, volunteers),
                ("mod", 1, moderators),
            ):
                for n in range(count):
                    email = f"{kind}{vu}-{n}@load.buurthulp.test"
                    place = lookup_postcode(random.Random(f"{vu}{n}").choice(POSTCODES))
                    user = User(
                        email=email,
                        password_hash=password_hash,
                        email_confirmed_at=utcnow(),
                        locale="nl",
                    )
                    user.profile = Profile(
                        display_name=f"{kind.capitalize()} {vu}-{n}",
                        postcode=place.postcode,
                        pc4=place.pc4,
                        lat=place.lat,
                        lon=place.lon,
                        neighbourhood=place.neighbourhood,
                        wants_to_help=kind == "help",
                        interest_mask=every_category if kind == "help" else 0,
                        availability_mask=(1 << 21) - 1 if kind == "help" else 0,
                        radius_km=10,
                        notification_preference=NotificationPreference.INSTANT,
                    )
                    if kind == "mod":
                        user.role_grants = [RoleGrant(role=str(Role.MODERATOR))]
                    session.add(user)
                    session.flush()
                    if kind == "mod":
                        two_factor.enable_with_secret(session, user, secret)
                    bucket.append(email)
            accounts["requesters"].append(requesters)
            accounts["volunteers"].append(volunteers)
            accounts["moderators"].append(moderators)
        category_id = next(c.id for c in categories if c.slug == "boodschappen")
        session.commit()
    out.write_text(json.dumps({"accounts": accounts, "secret": secret, "category": category_id}))


# HTTP -------------------------------------------------------------------------------------


class Browser:
    """One person's cookies (kept by name, whatever their Secure flag: the test speaks plain
    HTTP to 127.0.0.1 where production has TLS in front) and form tokens."""

    CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, base: str, address: str) -> None:
        self.base = refuse_other_hosts(base)
        self.address = address  # as the proxy in front would pass it (TRUSTED_PROXIES=1)
        self.cookies: dict[str, str] = {}
        # Only the HTTP handler: redirects and error statuses come back as they are.
        self.opener = urllib.request.OpenerDirector()
        self.opener.add_handler(urllib.request.HTTPHandler())

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        url = refuse_other_hosts(self.base + path)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method="POST" if data else "GET")
        request.add_header("X-Forwarded-For", self.address)
        request.add_header("Referer", self.base + "/")
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        response = self.opener.open(request, timeout=30)
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            text = response.read().decode("utf-8", errors="replace")
            return response.status, response.headers.get("Location", ""), text

    def token(self, page: str) -> str:
        found = self.CSRF.search(page)
        if not found:
            raise LookupError("no csrf_token on the page")
        return html.unescape(found.group(1))


# The load ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    at: float
    action: str
    ok: bool
    detail: str


@dataclass
class Run:
    start: float
    stop: float
    max_requests: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    outcomes: list[Outcome] = field(default_factory=list)
    requests: int = 0
    approved: set[int] = field(default_factory=set)
    posted: list[int] = field(default_factory=list)

    def go_on(self) -> bool:
        return time.monotonic() < self.stop and self.requests < self.max_requests

    def record(self, action: str, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.outcomes.append(Outcome(time.monotonic(), action, ok, detail))


class FaultyStep(Exception):
    """A request that did not get the answer a working site gives."""


class VirtualUser(threading.Thread):
    def __init__(self, number: int, run: Run, base: str, seeded: dict[str, Any]) -> None:
        super().__init__(daemon=True, name=f"user-{number}")
        self.number = number
        self.run_ = run
        self.base = base
        self.rng = random.Random(number)
        self.category = str(seeded["category"])
        self.secret = seeded["secret"]
        accounts = seeded["accounts"]
        self.requesters = list(accounts["requesters"][number])
        self.volunteers = list(accounts["volunteers"][number])
        self.moderator = accounts["moderators"][number][0]
        self.browsers: dict[str, Browser] = {}
        self.uses: Counter[str] = Counter()
        self.pending: list[int] = []  # posted by this user thread, not yet approved
        self.published: list[int] = []  # approved by this user thread
        self.responded: set[tuple[str, int]] = set()
        self.last_code_step = -1  # the last two-factor time step this thread's moderator used

    # one request, counted
    def call(
        self, browser: Browser, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        with self.run_.lock:
            self.run_.requests += 1
        try:
            return browser.request(path, data)
        except (OSError, TimeoutError) as error:  # refused, reset, timed out
            raise FaultyStep(f"{path}: {type(error).__name__}: {error}") from error

    def expect(self, result: tuple[int, str, str], status: int, path: str) -> tuple[int, str, str]:
        if result[0] != status:
            raise FaultyStep(f"{path}: HTTP {result[0]} (expected {status})")
        return result

    def browser(self, email: str) -> Browser:
        if email not in self.browsers:
            address = f"127.0.{self.number + 1}.{len(self.browsers) + 1}"
            browser = Browser(self.base, address)
            page = self.expect(self.call(browser, "/inloggen"), 200, "/inloggen")[2]
            data = {"csrf_token": browser.token(page), "email": email, "password": PASSWORD}
            status, location, _ = self.call(browser, "/inloggen", data)
            if status != 302:
                raise FaultyStep(f"log-in of {email}: HTTP {status}")
            if location.endswith("/inloggen/code"):
                import pyotp

                page = self.expect(self.call(browser, "/inloggen/code"), 200, "/inloggen/code")[2]
                code = self.fresh_code(pyotp.TOTP(self.secret))
                data = {"csrf_token": browser.token(page), "code": code}
                status, location, _ = self.call(browser, "/inloggen/code", data)
                if status != 302:
                    raise FaultyStep(f"two-factor code of {email}: HTTP {status}")
            self.browsers[email] = browser
        return self.browsers[email]

    def fresh_code(self, totp: Any) -> str:
        """The app's code, waiting for the next one when this moderator used the current
        one already (a log-in cut off by a restart may have used it): the site refuses a
        code twice, and five refusals lock the second step, as they should."""
        step = int(time.time() // totp.interval)
        if step <= self.last_code_step:
            time.sleep((self.last_code_step + 1) * totp.interval - time.time() + 0.2)
            step = int(time.time() // totp.interval)
        self.last_code_step = step
        return str(totp.now())

    def pick_account(self, accounts: list[str], kind: str) -> str | None:
        usable = [email for email in accounts if self.uses[email] < PER_ACCOUNT]
        if not usable:
            return None
        email = self.rng.choice(usable)
        self.uses[email] += 1
        return email

    # actions
    def browse(self) -> str:
        anonymous = Browser(self.base, f"127.0.{self.number + 1}.250")
        for path in ("/", "/oproepen/", "/oproepen/?q=boodschappen"):
            self.expect(self.call(anonymous, path), 200, path)
        if self.published:
            path = f"/oproepen/{self.rng.choice(self.published)}"
            self.expect(self.call(anonymous, path), 200, path)
        return "browse"

    def post(self) -> str:
        email = self.pick_account(self.requesters, "post")
        if email is None:
            return self.browse()
        browser = self.browser(email)
        page = self.expect(self.call(browser, "/oproepen/nieuw"), 200, "/oproepen/nieuw")[2]
        data = {
            "csrf_token": browser.token(page),
            "kind": "request",
            "category_id": self.category,
            "title": f"Boodschappen doen, vraag {self.rng.randint(1, 10**6)}",
            "description": "Wie wil deze week de boodschappen voor mij doen? Ik loop slecht.",
            "postcode": self.rng.choice(POSTCODES),
            "timing": "flexible",
            "once_on": "",
            "ends_on": "",
        }
        status, location, _ = self.call(browser, "/oproepen/nieuw", data)
        found = re.search(r"/oproepen/(\d+)$", location)
        if status != 302 or not found:
            raise FaultyStep(f"posting: HTTP {status} {location}")
        posting_id = int(found.group(1))
        self.pending.append(posting_id)
        with self.run_.lock:
            self.run_.posted.append(posting_id)
        return "post"

    def moderate(self) -> str:
        if not self.pending:
            return self.post()
        browser = self.browser(self.moderator)
        page = self.expect(self.call(browser, "/moderatie/"), 200, "/moderatie/")[2]
        posting_id = self.pending[0]
        review = f"/moderatie/oproepen/{posting_id}"
        page = self.expect(self.call(browser, review), 200, review)[2]
        path = f"{review}/goedkeuren"
        status, _, _ = self.call(browser, path, {"csrf_token": browser.token(page)})
        if status != 302:
            raise FaultyStep(f"{path}: HTTP {status}")
        self.pending.pop(0)
        self.published.append(posting_id)
        with self.run_.lock:
            self.run_.approved.add(posting_id)
        return "moderate"

    def respond(self) -> str:
        if not self.published:
            return self.moderate()
        posting_id = self.rng.choice(self.published)
        usable = [e for e in self.volunteers if (e, posting_id) not in self.responded]
        email = self.pick_account(usable, "respond")
        if email is None:
            return self.browse()
        browser = self.browser(email)
        path = f"/oproepen/{posting_id}/reageren"
        page = self.expect(self.call(browser, path), 200, path)[2]
        data = {"csrf_token": browser.token(page), "message": "Ik kan donderdagmiddag helpen."}
        status, location, _ = self.call(browser, path, data)
        if status != 302 or "/berichten/" not in location:
            raise FaultyStep(f"{path}: HTTP {status} {location}")
        self.responded.add((email, posting_id))
        return "respond"

    def run(self) -> None:
        # A step that cannot be done yet (nothing to approve) does the one before it; the step
        # actually done is what is counted.
        actions: list[tuple[str, Callable[[], str], int]] = [
            ("browse", self.browse, 5),
            ("post", self.post, 2),
            ("moderate", self.moderate, 2),
            ("respond", self.respond, 2),
        ]
        names = [a[0] for a in actions]
        weights = [a[2] for a in actions]
        by_name = {a[0]: a[1] for a in actions}
        while self.run_.go_on():
            name = self.rng.choices(names, weights)[0]
            try:
                done = by_name[name]()
            except (FaultyStep, LookupError) as error:
                self.run_.record(name, False, str(error))
                # A person whose page failed does not hammer: a short pause, and log in anew
                # (the session may have been cut off mid-way).
                self.browsers.clear()
                time.sleep(0.5)
            else:
                self.run_.record(done, True)
            time.sleep(self.rng.uniform(0.05, 0.25))


# Checks -----------------------------------------------------------------------------------


def query(database_url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as connection:
        return list(connection.execute(sql, params).fetchall())


def unfinished(database_url: str) -> tuple[int, int]:
    matching = query(database_url, "SELECT count(*) FROM match_requests WHERE completed_at IS NULL")
    mail = query(
        database_url,
        "SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')",
    )
    return int(matching[0][0]), int(mail[0][0])


@dataclass
class Window:
    service: str
    down_at: float
    up_at: float
    until: float


def restart(
    service: str, stop: Callable[[], None], start: Callable[[], None], down: float, grace: float
) -> Window:
    down_at = time.monotonic()
    stop()
    time.sleep(down)
    start()
    up_at = time.monotonic()
    return Window(service, down_at, up_at, up_at + grace)


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    def check(self, ok: bool, line: str) -> None:
        self.failed |= not ok
        self.say(("PASS " if ok else "FAIL ") + line)


def run(args: argparse.Namespace) -> Report:
    report = Report()
    folder = Path(tempfile.mkdtemp(prefix="load_fault-"))
    folder.chmod(0o755)
    report.say(f"load_fault folder={folder} seconds={args.seconds} users={args.users}")
    postgres = Postgres(folder)
    redis = Redis(folder)
    mail = MailCounter()
    app: AppProcesses | None = None
    try:
        postgres.start()
        postgres.create_database()
        redis.start()
        mail.controller.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "CELERY_"))}
        env.update(
            APP_ENV="production",
            DATABASE_URL=postgres.url,
            CELERY_BROKER_URL=f"{redis.url}/0",
            RATELIMIT_STORAGE_URI=f"{redis.url}/1",
            SMTP_URL=mail.url,
            SECRET_KEY="load-fault-" + "x" * 40,
            DATA_ENCRYPTION_KEYS=ENCRYPTION_KEY,
            INSTANCE_PATH=str(folder / "instance"),
            TRUSTED_PROXIES="1",
            PYTHONUNBUFFERED="1",
        )
        app = AppProcesses(folder, env)
        env["BASE_URL"] = f"http://{HOST}:{app.web_port}"
        seeded_path = folder / "accounts.json"
        seed_log = open(folder / "seed.log", "wb")  # noqa: SIM115 (closed below)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.load_fault",
                "--seed-into",
                str(seeded_path),
                "--users",
                str(args.users),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            check=True,
            stdout=seed_log,
            stderr=subprocess.STDOUT,
        )
        seed_log.close()
        seeded = json.loads(seeded_path.read_text())
        app.start()
        report.say(
            f"load_fault started web=http://{HOST}:{app.web_port} (gunicorn 2x4), "
            f"worker (threads 2), beat, postgresql :{postgres.port}, redis :{redis.port}, "
            f"smtp :{mail.port}"
        )

        start = time.monotonic()
        load = Run(start, start + args.seconds, args.max_requests)
        users = [VirtualUser(n, load, env["BASE_URL"], seeded) for n in range(args.users)]
        for user in users:
            user.start()
        windows: list[Window] = []
        for service, at, stop, begin in (
            ("postgresql", 1 / 3, postgres.stop, postgres.start),
            ("redis", 2 / 3, redis.stop, redis.start),
        ):
            time.sleep(max(0.0, start + args.seconds * at - time.monotonic()))
            window = restart(service, stop, begin, args.down, args.grace)
            windows.append(window)
            report.say(
                f"load_fault restart service={service} at_s={window.down_at - start:.1f} "
                f"down_s={window.up_at - window.down_at:.1f} "
                f"window_s={window.until - window.down_at:.1f}"
            )
        for user in users:
            user.join(timeout=args.seconds + 120)
        load_seconds = time.monotonic() - start

        # Let the worker finish; ask it for the sweep now and then, with short timeouts.
        from celery import Celery

        celery = Celery(broker=env["CELERY_BROKER_URL"])
        settle_start = time.monotonic()
        sweeps = 0
        remaining = unfinished(postgres.url)
        while time.monotonic() - settle_start < args.settle:
            remaining = unfinished(postgres.url)
            sent = query(
                postgres.url,
                "SELECT count(*) FROM notifications WHERE status='sent' AND send_email",
            )
            if remaining == (0, 0) and mail.total >= int(sent[0][0]):
                break
            celery.send_task(
                "housekeeping.sweep_outbox", kwargs={"grace_seconds": 5, "lease_seconds": 60}
            )
            sweeps += 1
            time.sleep(5)
        time.sleep(2)  # a mail on its way to the SMTP server arrives
        celery.close()
        settle_seconds = time.monotonic() - settle_start

        outcomes = load.outcomes
        by_action = Counter(o.action for o in outcomes if o.ok)
        during = [
            o for o in outcomes if not o.ok and any(w.down_at <= o.at <= w.until for w in windows)
        ]
        before = [o for o in outcomes if not o.ok and o.at < windows[0].down_at]
        outside = [o for o in outcomes if not o.ok and o not in during]
        after = [o for o in outside if o not in before]
        report.say(
            f"load_fault requests={load.requests} steps={len(outcomes)} "
            f"rps={load.requests / load_seconds:.1f} "
            + " ".join(f"{name}={count}" for name, count in sorted(by_action.items()))
            + f" load_s={load_seconds:.0f} settle_s={settle_seconds:.0f} sweeps_asked={sweeps}"
        )
        per_window = " ".join(
            f"{w.service}={sum(w.down_at <= o.at <= w.until for o in during)}" for w in windows
        )
        report.say(
            f"load_fault errors before={len(before)} during={len(during)} ({per_window}) "
            f"after={len(after)}"
        )
        for outcome in outside[:10]:
            report.say(
                f"  error outside a window at_s={outcome.at - start:.1f} "
                f"{outcome.action}: {outcome.detail}"
            )
        for outcome in during[:5]:
            report.say(
                f"  error in a window at_s={outcome.at - start:.1f} "
                f"{outcome.action}: {outcome.detail}"
            )
        exited = app.exited()
        report.check(not exited, f"every process still running after the restarts {exited or ''}")
        report.check(
            not outside, f"errors only inside the restart windows ({len(outside)} outside)"
        )
        report.check(
            all(by_action[name] > 0 for name in ("browse", "post", "moderate", "respond")),
            "every kind of step was done at least once",
        )

        approved = sorted(load.approved)
        matched = {
            row[0]
            for row in query(
                postgres.url,
                "SELECT posting_id FROM match_requests WHERE posting_id = ANY(%s) "
                "GROUP BY posting_id HAVING bool_and(completed_at IS NOT NULL)",
                approved,
            )
        }
        report.check(
            bool(approved) and matched == set(approved),
            f"{len(approved)} postings approved during the run, {len(matched)} matched"
            + (
                f" (not: {sorted(set(approved) - matched)[:10]})"
                if matched != set(approved)
                else ""
            ),
        )
        report.check(remaining[0] == 0, f"{remaining[0]} match requests left unfinished")

        rows = query(
            postgres.url, "SELECT idempotency_key, status FROM notifications WHERE send_email"
        )
        statuses = Counter(status for _, status in rows)
        keys = {key for key, _ in rows}
        twice = {key: n for key, n in mail.by_key.items() if n > 1}
        missing = [key for key, status in rows if mail.by_key.get(key, 0) == 0]
        unknown = set(mail.by_key) - keys
        report.say(
            f"load_fault notifications={len(rows)} "
            + " ".join(f"{s}={n}" for s, n in sorted(statuses.items()))
            + f" mails={mail.total} recipients={len({r for r, _ in mail.by_recipient_subject})}"
        )
        report.check(
            statuses.get("sent", 0) == len(rows),
            f"every notification to be mailed was sent ({statuses.get('sent', 0)} of {len(rows)})",
        )
        report.check(
            not twice and not missing and not unknown and mail.total == len(rows),
            f"every notification delivered exactly once ({mail.total} mails for {len(rows)} "
            f"notifications; twice: {len(twice)}, missing: {len(missing)}, "
            f"unknown: {len(unknown)})",
        )
        for error, n in query(
            postgres.url,
            "SELECT last_error, count(*) FROM notifications WHERE send_email AND status <> 'sent' "
            "GROUP BY last_error",
        ):
            report.say(f"  not sent ({n}): {error}")
        for key, n in list(twice.items())[:5]:
            report.say(f"  delivered {n} times: {key}")
        return report
    finally:
        if app is not None:
            app.stop()
        with contextlib.suppress(Exception):
            mail.controller.stop()
        redis.stop()
        with contextlib.suppress(Exception):
            postgres.stop("fast")
        if args.keep:
            report.say(f"load_fault logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="how long the load runs")
    parser.add_argument("--users", type=int, default=4, help="user threads (at most 16)")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--down", type=float, default=3.0, help="seconds each service is down")
    parser.add_argument(
        "--grace",
        type=float,
        default=10.0,
        help="seconds after a service is back that still count as its window",
    )
    parser.add_argument(
        "--settle", type=float, default=180.0, help="at most this long for the worker afterwards"
    )
    parser.add_argument("--keep", action="store_true", help="keep the folder with the logs")
    parser.add_argument("--seed-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed_into:
        seed(args.users, args.seed_into)
        return 0
    if not 1 <= args.users <= 16 or not 10 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--users 1..16 and --seconds 10..{MAX_SECONDS}")
    return 1 if run(args).failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""How many pages a second does the app serve on a city's data, next to a hello-world app?

    python -m bench.web [--database sqlite|postgresql|both] [--duration N] [--alone]
                        [--repeat N] [--warm-up N] [--keep-data] [--pg-url URL]
                        [--redis-url URL] [--connections N]

Loads the city set that ``python -m bench.dashboard`` loads (a year of Rotterdam: 60,000
postings, about 2,600 of them open) with the sociale kaart's 5,000 services and a year of the
agenda (about 20,000 dates) as ``bench.sociale_kaart`` and ``bench.agenda`` make them,
starts the app under gunicorn with ``gunicorn.conf.py`` (as the Procfile does: 2 workers x
4 threads, unless that file chooses its own) and a hello-world Flask app
(``bench.hello_app``) on the same settings, and drives both with wrk (Debian's ``wrk``) for
``--duration`` seconds a page (without gunicorn's restart after ``max_requests``, which at
wrk's rate would fall in every run), printing one line a page:

    web db=sqlite page=list rps=... hello_rps=... ratio=... p99_ms=... target=0.25 ok=yes

Each page first gets ``--warm-up`` seconds of load that is not measured. Its rate is the
fastest of ``--repeat`` runs (a busy neighbour on a shared machine only slows runs down).
``hello_rps`` is the hello-world app's rate in the same run, measured the same way before
and after the pages; the faster of the two, the stricter yardstick. The target is the
issue's: 25% of it for a page anyone sees, 10% for a page a logged-in person sees (wrk sends
that person's session cookie). With ``--alone`` it also times 50 requests one at a time per
page and prints their p95 (target: 20 ms).

Everything runs on 127.0.0.1 only, bounded by ``--duration``. The database is emptied and
loaded first (``--keep-data`` uses what an earlier run loaded), so a PostgreSQL URL must
name a database with "bench" in its name: ``createdb bench_web``. Without ``--redis-url``
the page cache uses each process's own store, as the embedded default does.

On a busy machine every figure is lower; the ratio to the hello-world app in the same run
is the figure to read. Print ``uptime`` with the results.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from marketplace.config import PROJECT_ROOT

HOST = "127.0.0.1"
ANONYMOUS_TARGET = 0.25
LOGGED_IN_TARGET = 0.10
ALONE_TARGET_MS = 20.0
ALONE_REQUESTS = 50


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    cookie: str | None = None  # a logged-in person's session cookie

    @property
    def target(self) -> float:
        return LOGGED_IN_TARGET if self.cookie else ANONYMOUS_TARGET


@dataclass(frozen=True)
class Load:
    rps: float
    p99_ms: float
    errors: int


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _gunicorn_arguments() -> list[str]:
    """gunicorn.conf.py as it is; the Procfile's workers and threads where it names none."""
    conf = PROJECT_ROOT / "gunicorn.conf.py"
    settings = runpy.run_path(str(conf)) if conf.exists() else {}
    arguments = ["-c", str(conf)] if conf.exists() else []
    if "workers" not in settings:
        arguments += ["--workers", "2"]
    if "threads" not in settings:
        arguments += ["--threads", "4"]
    return arguments


@contextmanager
def _served(app_path: str, env: dict[str, str]) -> Iterator[int]:
    """``app_path`` under gunicorn on a free port of 127.0.0.1, until the block ends."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *_gunicorn_arguments(),
            "--bind",
            f"{HOST}:{port}",
            app_path,
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log: a line a request
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn for {app_path} stopped at start ({process.returncode})")
            try:
                status, _ = _get(port, "/", None)
                if status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn for {app_path} did not answer within a minute")
            time.sleep(0.3)
        # gunicorn answers once its first worker is up. wrk opens all its keep-alive
        # connections at once: had they all gone to that worker, one process would have
        # served the whole run (the hello-world app's first run made 1,800 a second, not
        # 5,800). So the other workers get time to start.
        time.sleep(2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(port: int, path: str, cookie: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


_LATENCY = re.compile(r"^\s*99(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, cookie: str | None, duration: int, connections: int) -> Load:
    """wrk's rate and 99th percentile for ``path`` (bounded by ``duration`` seconds)."""
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={duration}s",
        "--timeout=10s",
        "--latency",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    rate = _RATE.search(output)
    latency = _LATENCY.search(output)
    if rate is None or latency is None:
        raise SystemExit(f"wrk printed no rate for {path}:\n{output}")
    errors = sum(int(n) for n in _ERRORS.findall(output))
    socket_errors = _SOCKET_ERRORS.search(output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return Load(
        rps=float(rate.group(1)),
        p99_ms=float(latency.group(1)) * _UNIT_MS[latency.group(2)],
        errors=errors,
    )


def warm_up(port: int, path: str, cookie: str | None, args: argparse.Namespace) -> None:
    """Load that is not measured, so every worker and thread has met the page once: a
    worker's first request fills its kept header, choice lists and statements, which a
    running site did long ago. (Lists kept for a minute are still made again within the
    measured seconds when their minute ends: that cost stays in the figures.)"""
    if args.warm_up > 0:
        wrk(port, path, cookie, args.warm_up, args.connections)


def fastest(port: int, path: str, cookie: str | None, args: argparse.Namespace) -> Load:
    """The fastest of ``--repeat`` wrk runs, with the errors of them all. On a shared machine
    a busy neighbour only ever slows a run down (pages served from the cache fell from 2,400
    to 900 a second for one run and were back in the next), so the fastest run is the page's
    own rate. The hello-world app's rate is the fastest of its runs too, before and after."""
    runs = [wrk(port, path, cookie, args.duration, args.connections) for _ in range(args.repeat)]
    best = max(runs, key=lambda run: run.rps)
    return Load(rps=best.rps, p99_ms=best.p99_ms, errors=sum(run.errors for run in runs))


def alone_p95_ms(port: int, page: Page) -> float:
    """The p95 of requests made one at a time (after a few to warm up)."""
    for _ in range(5):
        _get(port, page.path, page.cookie)
    times = []
    for _ in range(ALONE_REQUESTS):
        started = time.perf_counter()
        _get(port, page.path, page.cookie)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[max(0, round(0.95 * len(times)) - 1)]


def _driver_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _app_settings(database_url: str, instance: Path, secret_key: str, keys: str) -> dict[str, str]:
    """The environment the served app runs with: the embedded default on the given database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "PAGE_CACHE_", "REDIS_"))
    }
    env.update(
        {
            "APP_ENV": "development",
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": secret_key,
            "DATA_ENCRYPTION_KEYS": keys,
            "CELERY_BROKER_URL": "memory://",
            "OUTBOX_RELAY_ENABLED": "0",
            "RATELIMIT_ENABLED": "0",  # wrk is one client asking a lot, on purpose
            # Steady state: at wrk's rate a worker would reach gunicorn.conf.py's
            # max_requests within seconds, and its restart would fall in every window, of
            # the hello-world app too (its rate then swung from 1,700 to 6,000 a second).
            "GUNICORN_MAX_REQUESTS": "0",
        }
    )
    return env


def prepare(
    database_url: str, env: dict[str, str], keep_data: bool
) -> tuple[list[Page], dict[str, int]]:
    """Load the city (unless ``keep_data``) and return the pages to time, with two people
    logged in (a volunteer and a municipality's staff member) through real sessions."""

    import pyotp
    from sqlalchemy import delete, func, select, text

    from bench.dashboard import generate, load, settle
    from bench.empty_app import quiet_security_log
    from marketplace import create_app
    from marketplace.accounts import two_factor
    from marketplace.accounts.models import Role, RoleGrant, TwoFactor, User
    from marketplace.accounts.sessions import start_session
    from marketplace.categories import ensure_default_categories
    from marketplace.extensions import db
    from marketplace.postings.models import Posting, PostingStatus
    from marketplace.search import reindex
    from marketplace.timestamps import local_today

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _driver_url(database_url),
            "INSTANCE_PATH": env["INSTANCE_PATH"],
            "SECRET_KEY": env["SECRET_KEY"],
            "DATA_ENCRYPTION_KEYS": env["DATA_ENCRYPTION_KEYS"],
            "OUTBOX_RELAY_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CELERY_BROKER_URL": "memory://",
        }
    )
    now = datetime.combine(local_today(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    with quiet_security_log(), app.app_context():
        if not keep_data:
            started = time.perf_counter()
            print(f"loading the city into {db.engine.dialect.name} ...", file=sys.stderr)
            db.drop_all()
            db.create_all()
            ensure_default_categories(db.session)
            db.session.commit()
            with db.engine.begin() as connection:
                load(connection, generate("rotterdam", now), now)
            if db.engine.dialect.name == "sqlite":
                reindex(db.session)  # the bulk load went around the ORM's index keeping
                db.session.commit()
            settle(db.engine)
            print(f"loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        kaart_and_agenda = load_kaart_and_agenda(db.session)
        sizes = {
            "postings": db.session.scalar(select(func.count()).select_from(Posting)) or 0,
            "open": db.session.scalar(
                select(func.count())
                .select_from(Posting)
                .where(Posting.status == PostingStatus.PUBLISHED)
            )
            or 0,
        }
        posting_id = db.session.scalar(
            select(Posting.id)
            .where(Posting.status == PostingStatus.PUBLISHED)
            .order_by(Posting.published_at.desc())
        )
        wijk = db.session.execute(
            text(
                "SELECT neighbourhood FROM postings WHERE status = 'published' "
                "GROUP BY neighbourhood ORDER BY count(*) DESC, neighbourhood LIMIT 1"
            )
        ).scalar()
        volunteer = db.session.get(User, 1)  # the loader's volunteers come first
        assert volunteer is not None
        staff = db.session.scalar(select(User).where(User.email == "bench-web-staff@example.org"))
        if staff is None:
            staff = User(email="bench-web-staff@example.org", password_hash="x")
            db.session.add(staff)
            db.session.flush()
            db.session.add(RoleGrant(user_id=staff.id, role=Role.MUNICIPALITY))
            db.session.flush()
        # Every run makes its own encryption keys: a kept database holds the secret under an
        # earlier run's key, which this run cannot read (the dashboard answered 500).
        db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == staff.id))
        two_factor.enable_with_secret(db.session, staff, pyotp.random_base32())
        cookies = {}
        for who, user in (("volunteer", volunteer), ("staff", staff)):
            token = start_session(db.session, user, remember=True)
            client = app.test_client()
            with client.session_transaction() as flask_session:
                flask_session["_user_id"] = token
                flask_session["_fresh"] = True
            cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
            assert cookie is not None
            cookies[who] = f"{cookie.key}={cookie.value}"
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    sizes.update(kaart_and_agenda)

    wijk_query = (wijk or "").replace(" ", "+")
    anonymous = [
        Page("home", "/"),
        Page("list", "/oproepen/"),
        Page("list_distance", "/oproepen/?postcode=3072&km=5&sort=nearest"),
        Page("search", "/oproepen/?q=boodschappen"),
        Page("kind_request", "/oproepen/?kind=request"),
        Page("kind_offer", "/oproepen/?kind=offer"),
        Page("kind_vacancy", "/oproepen/?kind=vacancy"),
        Page("category", "/oproepen/?category=boodschappen"),
        Page("wijk", f"/oproepen/?wijk={wijk_query}"),
        Page("vog", "/oproepen/?vog=nee"),
        Page("hours", "/oproepen/?hours=4"),
        Page("newcomers", "/oproepen/?newcomers=y"),
        Page("page_2", "/oproepen/?page=2"),
        Page("posting", f"/oproepen/{posting_id}"),
        Page("map", "/kaart/"),
        Page("map_points", "/kaart/punten.json"),
        Page("sociale_kaart", "/sociale-kaart/"),
        Page("kaart_search", "/sociale-kaart/?q=eenzaam"),
        Page("service", "/sociale-kaart/dienst/s1"),
        Page("agenda", "/agenda/"),
        Page("agenda_month", "/agenda/maand"),
    ]
    logged_in = [
        Page("in_list", "/oproepen/", cookies["volunteer"]),
        Page("in_posting", f"/oproepen/{posting_id}", cookies["volunteer"]),
        Page("in_for_you", "/voor-u/", cookies["volunteer"]),
        Page("in_notifications", "/meldingen/", cookies["volunteer"]),
        Page("in_dashboard", "/dashboard/", cookies["staff"]),
    ]
    return anonymous + logged_in, sizes


KAART_SERVICES = 5_000
KAART_LOCATIONS = 300
AGENDA_WIJKEN = 90
AGENDA_OCCURRENCES = 20_000


def load_kaart_and_agenda(
    session: Any,
    services: int = KAART_SERVICES,
    locations: int = KAART_LOCATIONS,
    occurrences: int = AGENDA_OCCURRENCES,
) -> dict[str, int]:
    """The sociale kaart's services and a year of the agenda, as ``bench.sociale_kaart`` and
    ``bench.agenda`` load them at city scale; only when the database has none yet (a
    ``--keep-data`` run from before they were loaded gets them too)."""
    import random

    from sqlalchemy import func, select

    from bench import agenda, sociale_kaart
    from marketplace.agenda.models import Activity
    from marketplace.sociale_kaart.models import Service

    rng = random.Random(20261204)
    found = session.scalar(select(func.count()).select_from(Service)) or 0
    if not found:
        print("loading the sociale kaart ...", file=sys.stderr)
        sociale_kaart.fill(session, services, locations, rng)
        found = services
    activities = session.scalar(select(func.count()).select_from(Activity)) or 0
    if not activities:
        print("loading the agenda ...", file=sys.stderr)
        activities, _dates, _wijk = agenda.fill(session, AGENDA_WIJKEN, occurrences, rng)
    return {"services": found, "activities": activities}


def run_one(
    label: str, database_url: str, args: argparse.Namespace, redis_url: str | None
) -> list[str]:
    instance = Path(tempfile.mkdtemp(prefix="bench_web_"))
    env = _app_settings(
        _driver_url(database_url),
        instance,
        secrets.token_urlsafe(48),
        Fernet.generate_key().decode("ascii"),
    )
    if redis_url:
        env["PAGE_CACHE_URL"] = redis_url
    lines: list[str] = []
    try:
        pages, sizes = prepare(database_url, env, args.keep_data)
        # No metrics for the hello-world app: gunicorn.conf.py's when_ready would load the
        # whole marketplace app into its master to serve them, seconds of CPU while the
        # first run measures.
        with _served("bench.hello_app:app", {**env, "METRICS_PORT": "off"}) as hello_port:
            warm_up(hello_port, "/", None, args)
            hello_before = fastest(hello_port, "/", None, args)
            print(f"hello db={label} rps={hello_before.rps:.0f}", file=sys.stderr, flush=True)
            measured = []
            with _served("marketplace.wsgi:app", env) as port:
                for page in pages:
                    if args.pages and page.name not in args.pages:
                        continue
                    status, _body = _get(port, page.path, page.cookie)
                    if status != 200:
                        print(f"{page.name} {page.path} answered {status}", file=sys.stderr)
                    warm_up(port, page.path, page.cookie, args)
                    load_ = fastest(port, page.path, page.cookie, args)
                    alone = alone_p95_ms(port, page) if args.alone else None
                    measured.append((page, load_, alone))
                    print(f"  {page.name}: {load_.rps:.1f}/s", file=sys.stderr, flush=True)
            hello_after = fastest(hello_port, "/", None, args)
        hello = max(hello_before.rps, hello_after.rps)
        for page, load_, alone in measured:
            ratio = load_.rps / hello if hello else 0.0
            line = (
                f"web db={label} page={page.name} rps={load_.rps:.1f} hello_rps={hello:.0f} "
                f"ratio={ratio:.3f} p99_ms={load_.p99_ms:.1f}"
            )
            if alone is not None:
                line += f" alone_p95_ms={alone:.1f}"
            ok = (
                load_.errors == 0
                and ratio >= page.target
                and (alone is None or alone <= ALONE_TARGET_MS)
            )
            line += f" target={page.target:.2f} errors={load_.errors} ok={'yes' if ok else 'no'}"
            lines.append(line)
            print(line, flush=True)
        print(
            f"web db={label} postings={sizes['postings']} open={sizes['open']} "
            f"services={sizes['services']} activities={sizes['activities']} "
            f"hello_rps_before={hello_before.rps:.0f} hello_rps_after={hello_after.rps:.0f} "
            f"duration_s={args.duration} connections={args.connections} "
            f"load={os.getloadavg()[0]:.2f}",
            flush=True,
        )
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--warm-up", type=int, default=1, help="seconds of unmeasured load before each page"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="wrk runs per page; the fastest counts"
    )
    parser.add_argument("--alone", action="store_true", help="also p95 of single requests")
    parser.add_argument("--keep-data", action="store_true", help="use what a run loaded before")
    parser.add_argument(
        "--sqlite-path",
        default=str(Path(tempfile.gettempdir()) / "bench_web.db"),
        help="the SQLite file (emptied unless --keep-data)",
    )
    parser.add_argument(
        "--pg-url",
        default="postgresql://postgres@127.0.0.1:5432/bench_web",
        help="a PostgreSQL database with 'bench' in its name; it is emptied",
    )
    parser.add_argument("--redis-url", help="the page cache's Redis (else each process's own)")
    parser.add_argument("--pages", nargs="*", help="only these pages (by name)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    for url in (args.pg_url, args.redis_url or ""):
        host = urlsplit(url).hostname
        if host and host not in {"127.0.0.1", "localhost", "::1"}:
            raise SystemExit(f"This bench only talks to this machine, not {host}.")
    if "bench" not in Path(urlsplit(args.pg_url).path).name:
        raise SystemExit("The database is emptied first: use one with 'bench' in its name.")
    targets = []
    if args.database in {"sqlite", "both"}:
        targets.append(("sqlite", f"sqlite:///{args.sqlite_path}"))
    if args.database in {"postgresql", "both"}:
        targets.append(("postgresql", args.pg_url))
    results = []
    for label, url in targets:
        results += run_one(label, url, args, args.redis_url)
    if results:
        below = [line.split()[2] for line in results if line.endswith("ok=no")]
        print(f"web pages={len(results)} below_target={len(below)} {' '.join(below)}".rstrip())


if __name__ == "__main__":
    main()

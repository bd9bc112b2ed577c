"""Concern signals at city scale: a year's signals, and the handlers' queue page.

    python -m bench.signals
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_signals python -m bench.signals

Makes --organisations approved organisations (default 10), each handling a share of
Rotterdam's wijken with a coordinator and three handlers. Then passes on --signals worries
(default 5,000) spread over the past year through the same service as the form
(``submit_signal``: checking, the keyed address hash, encryption, routing, the handlers'
notifications), one in twenty for an address that had one before; closes all but the
last --open-days days' (default 30) with an outcome, the way the year would have gone.

Then asks, as a handler of the busiest organisation, logged in through a real session with
two-factor log-in on, for the queue page (open signals, overdue first), the closed list and
one signal's page, --repeat times each (default 30), and prints for each:

signals db=sqlite|postgresql page=queue signals=N open=N min_ms=… p50_ms=… p95_ms=…

Without a database URL (--database-url or DATABASE_URL) a SQLite file in /tmp is used. A
given database is emptied first and after, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta

import pyotp
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bench.empty_app import p95, run_on_empty_database
from marketplace.accounts import two_factor
from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import User
from marketplace.accounts.sessions import start_session
from marketplace.geo.postcodes import all_pc4s, lookup_postcode
from marketplace.signals.models import (
    Signal,
    SignalArea,
    SignalHandler,
    SignalOutcome,
    SignalRoute,
    SignalStatus,
)
from marketplace.signals.submitting import SignalData, submit_signal
from marketplace.timestamps import utcnow

STREETS = ("Kerkstraat", "Dorpsweg", "Schiekade", "Bergweg", "Noordsingel", "Maasboulevard")
NOTICED = ("curtains", "post", "not_seen", "confused", "neglected")


def _person(session: Session, email: str) -> User:
    user = User(email=email, password_hash="x")
    session.add(user)
    session.flush()
    return user


def add_organisations(session: Session, count: int, rng: random.Random) -> list[Organisation]:
    """``count`` organisations sharing Rotterdam's wijken out between them."""
    wijken = sorted({lookup_postcode(pc4).neighbourhood for pc4 in all_pc4s("Rotterdam")})
    rng.shuffle(wijken)
    organisations = []
    for n in range(count):
        organisation = Organisation(
            name=f"Welzijn Bench {n}", slug=f"welzijn-bench-{n}", status="approved"
        )
        session.add(organisation)
        session.flush()
        coordinator = _person(session, f"coordinator{n}@bench.invalid")
        session.add(
            Membership(organisation_id=organisation.id, user_id=coordinator.id, role="coordinator")
        )
        for h in range(3):
            handler = _person(session, f"handler{n}-{h}@bench.invalid")
            session.add(Membership(organisation_id=organisation.id, user_id=handler.id))
            session.add(SignalHandler(organisation_id=organisation.id, user_id=handler.id))
        for wijk in wijken[n::count]:
            session.add(SignalArea(organisation_id=organisation.id, wijk=wijk))
        organisations.append(organisation)
    session.flush()
    return organisations


def pass_on_signals(session: Session, count: int, open_days: int, rng: random.Random) -> float:
    """A year of signals through the service; all but the last ``open_days`` closed."""
    areas = all_pc4s("Rotterdam")
    now = utcnow()
    addresses: list[tuple[str, str, str]] = []
    started = time.perf_counter()
    for n in range(count):
        if addresses and rng.random() < 0.05:
            street, number, postcode = rng.choice(addresses)  # a worry about someone again
        else:
            street, number = rng.choice(STREETS), str(rng.randint(1, 300))
            postcode = f"{rng.choice(areas)} {rng.choice('ABCDEHKLMN')}{rng.choice('PRTVWXZ')}"
            addresses.append((street, number, postcode))
        data = SignalData(
            street=street,
            house_number=number,
            postcode=postcode,
            noticed=rng.sample(NOTICED, rng.randint(1, 3)),
            noticed_text="Ik zie haar al een tijd niet meer.",
            since=rng.choice(("days", "weeks", "months")),
        )
        submit_signal(session, data, reporter=None, now=now - timedelta(days=365 * n / count))
        if n % 500 == 499:
            session.commit()
    session.commit()
    seconds = time.perf_counter() - started
    cutoff = now - timedelta(days=open_days)
    outcomes = [o for o in SignalOutcome if o != SignalOutcome.MERGED]
    to_close = session.execute(
        select(Signal.id, Signal.created_at).where(Signal.created_at < cutoff).order_by(Signal.id)
    ).all()
    session.execute(
        update(Signal),
        [
            {
                "id": signal_id,
                "status": SignalStatus.CLOSED,
                "outcome": rng.choice(outcomes),
                "first_contact_at": created_at + timedelta(hours=rng.randint(2, 60)),
                "closed_at": created_at + timedelta(days=6),
            }
            for signal_id, created_at in to_close
        ],
    )
    session.commit()
    return seconds


def busiest(session: Session) -> tuple[int, int]:
    """The organisation with the most open signals, and that number."""
    row = session.execute(
        select(SignalRoute.organisation_id, func.count())
        .join(Signal, Signal.id == SignalRoute.signal_id)
        .where(Signal.status != SignalStatus.CLOSED)
        .group_by(SignalRoute.organisation_id)
        .order_by(func.count().desc(), SignalRoute.organisation_id)
        .limit(1)
    ).one()
    return int(row[0]), int(row[1])


def time_page(app: Flask, token: str, url: str, repeat: int) -> list[float]:
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = token
        flask_session["_fresh"] = True
    client.get(url)  # templates compiled, caches warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times


def run(app: Flask, session: Session, args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    dialect = session.get_bind().dialect.name
    add_organisations(session, args.organisations, rng)
    session.commit()
    submit_s = pass_on_signals(session, args.signals, args.open_days, rng)
    print(f"passed on {args.signals} signals through the service: {submit_s:.1f} s")

    organisation_id, open_count = busiest(session)
    handler = session.scalars(
        select(User)
        .join(SignalHandler, SignalHandler.user_id == User.id)
        .where(SignalHandler.organisation_id == organisation_id)
        .order_by(User.id)
    ).first()
    assert handler is not None
    two_factor.enable_with_secret(session, handler, pyotp.random_base32())
    token = start_session(session, handler)
    signal_id = session.scalars(
        select(SignalRoute.signal_id)
        .where(SignalRoute.organisation_id == organisation_id)
        .order_by(SignalRoute.signal_id.desc())
    ).first()
    session.commit()
    pages = {
        "queue": f"/signalen/{organisation_id}",
        "closed": f"/signalen/{organisation_id}/afgerond",
        "signal": f"/signalen/melding/{signal_id}",
    }
    for name, url in pages.items():
        times = sorted(time_page(app, token, url, args.repeat))
        print(
            f"signals db={dialect} page={name} signals={args.signals} open={open_count} "
            f"min_ms={times[0]:.1f} p50_ms={statistics.median(times):.1f} p95_ms={p95(times):.1f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--signals", type=int, default=5_000)
    parser.add_argument("--organisations", type=int, default=10)
    parser.add_argument("--open-days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args(argv)
    return run_on_empty_database(
        args.database_url, "bench-signals-", lambda app, session: run(app, session, args)
    )


if __name__ == "__main__":
    sys.exit(main())

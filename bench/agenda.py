"""The wijkagenda at city scale: a year of activities, one wijk's week page and its feed.

    python -m bench.agenda
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_agenda python -m bench.agenda

Puts --wijken wijken (default 90: Rotterdam's 61 and more made up) in the agenda, with
weekly series (two exceptions each) and one-off activities so that the year ahead holds
about --occurrences dates (default 20,000), spread evenly. Then asks, as a resident logged
in through a real session, for one wijk's agenda for the week (``/agenda/?wijk=…``) and
that wijk's iCalendar feed (``/agenda/<wijk>.ics``), --repeat times each (default 30), and
prints for each:

agenda db=sqlite|postgresql page=week|feed occurrences=N activities=N min_ms=… p50_ms=… p95_ms=…

Targets: the week page p95 <= 100 ms, the feed p95 <= 200 ms. Without a database URL
(--database-url or DATABASE_URL) a SQLite file in /tmp is used. A given database is
emptied first and after, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import time as clock
from datetime import timedelta
from urllib.parse import quote, urlencode

from flask import Flask
from sqlalchemy.orm import Session

from bench.empty_app import p95, run_on_empty_database
from marketplace.accounts.models import User
from marketplace.accounts.sessions import start_session
from marketplace.agenda.models import Activity, ActivityStatus
from marketplace.agenda.schedule import dates_between, rule_for
from marketplace.geo.postcodes import _rotterdam_wijken
from marketplace.timestamps import local_today, utcnow

KINDS = ("coffee", "meal", "walk", "language", "creative", "exercise", "games", "other")


def _wijken(count: int) -> list[tuple[str, str]]:
    """(wijk, pc4): Rotterdam's wijken, then made-up ones on their postcodes."""
    real: dict[str, str] = {}
    for pc4, wijk in sorted(_rotterdam_wijken().items()):
        real.setdefault(wijk, pc4)
    found = sorted(real.items())
    extra = [(f"Wijk {n}", found[n % len(found)][1]) for n in range(count - len(found))]
    return (found + extra)[:count]


def fill(
    session: Session, wijken: int, occurrences: int, rng: random.Random
) -> tuple[int, int, str]:
    """Activities whose dates in the coming year add up to about ``occurrences``; returns
    (activities, dates, the wijk to time: the first, which always has a weekly series)."""
    today = local_today()
    last = today + timedelta(days=365)
    places = _wijken(wijken)
    made, dates, now = 0, 0, utcnow()
    rows = []
    # Three quarters of the dates from weekly series, the rest one-off.
    weekly = max(1, round(occurrences * 0.75 / 50))
    for number in range(weekly + max(0, occurrences - weekly * 50)):
        wijk, pc4 = places[number % len(places)]
        series = number < weekly
        first = (
            today - timedelta(days=rng.randrange(0, 60))
            if series
            else (today + timedelta(days=rng.randrange(0, 365)))
        )
        hour = rng.choice((9, 10, 13, 14, 19))
        skipped = (
            [first + timedelta(days=7 * rng.randrange(10, 50)) for _ in range(2)] if series else []
        )
        activity = Activity(
            status=ActivityStatus.APPROVED,
            kind=rng.choice(KINDS),
            title=f"Activiteit {number}",
            description="Samen iets doen in de wijk.",
            audience="Iedereen",
            place_name="Buurthuis",
            street="Kerkstraat 1",
            postcode=f"{pc4} AA",
            wijk=wijk,
            lat=51.9 + rng.random() / 20,
            lon=4.45 + rng.random() / 10,
            accessible=rng.random() < 0.5,
            dementia_friendly=rng.random() < 0.2,
            cost_cents=rng.choice((0, 0, 0, 250)),
            signup_required=rng.random() < 0.3,
            starts_on=first,
            start_time=clock(hour),
            end_time=clock(hour + 1, 30),
            rrule=rule_for("weekly", first) if series else None,
            exdates=",".join(sorted({d.isoformat() for d in skipped})),
            approved_at=now,
        )
        dates += len(dates_between(activity, today, last))
        rows.append(activity)
        made += 1
    session.add_all(rows)
    session.commit()
    return made, dates, places[0][0]


def time_page(app: Flask, token: str, url: str, repeat: int, shows: str) -> list[float]:
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = token
        flask_session["_fresh"] = True
    first = client.get(url)  # templates compiled, caches warm
    if shows not in first.get_data(as_text=True):
        raise SystemExit(f"{url} shows no {shows!r}")
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
    activities, dates, wijk = fill(session, args.wijken, args.occurrences, rng)
    resident = User(email="bewoner@example.org", password_hash="x")
    session.add(resident)
    session.commit()
    token = start_session(session, resident)
    session.commit()
    pages = {
        "week": (f"/agenda/?{urlencode({'wijk': wijk, 'periode': 'week'})}", 'class="agenda-item"'),
        "feed": (f"/agenda/{quote(wijk)}.ics", "RRULE:FREQ=WEEKLY"),
    }
    for name, (url, shows) in pages.items():
        times = sorted(time_page(app, token, url, args.repeat, shows))
        print(
            f"agenda db={dialect} page={name} occurrences={dates} activities={activities} "
            f"min_ms={times[0]:.1f} p50_ms={statistics.median(times):.1f} p95_ms={p95(times):.1f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--occurrences", type=int, default=20_000)
    parser.add_argument("--wijken", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args(argv)
    return run_on_empty_database(
        args.database_url, "bench-agenda-", lambda app, session: run(app, session, args)
    )


if __name__ == "__main__":
    sys.exit(main())

"""How fast are the dashboard's figures with a year of a city's activity?

    python -m bench.dashboard [--database-url URL] [--scale rotterdam|small] [--repeat N]

Fills the database with a year of Rotterdam-sized activity (about 60,000 postings, 120,000
responses, 10,000 vacancy applications, 180,000 match suggestions and 65,000 people, 40,000
of whom want to help), spread over Rotterdam's wijken and the categories with realistic
waiting times, bulk-loaded (COPY on PostgreSQL). Then it times the dashboard's queries for
the whole city and for one wijk over that year and prints one line each:

    dashboard db=postgresql scope=city postings=60000 ... min_ms=... p50_ms=... p95_ms=...

On a shared, busy machine the wall-clock times mostly measure waiting for a CPU; the
minimum and ``cpu_p50_ms`` (CPU used by this process and the database backends, from /proc
when PostgreSQL runs on this machine) are the better guide to what the queries cost alone.
On PostgreSQL the dashboard runs its queries side by side on several connections, so the
CPU time can be larger than the wall-clock time.

The database is emptied first, so the URL must name a database with "bench" in its name
(PostgreSQL: ``createdb bench_dashboard``). Without a URL a SQLite file in /tmp is used.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Table, text
from sqlalchemy.engine import Connection, Engine, make_url

from marketplace.geo.postcodes import DATA_DIR
from marketplace.timestamps import local_today

SCALES = {
    # postings, volunteers, other people (authors), responses per published posting,
    # suggestions per published posting
    "rotterdam": (60_000, 40_000, 25_000, 2.2, 3.0),
    "small": (1_500, 1_000, 600, 2.2, 3.0),
}
KINDS = np.array(["request", "offer", "vacancy"])
KIND_SHARES = [0.70, 0.22, 0.08]
HOUR = 3600.0


@dataclass
class Generated:
    tables: dict[str, dict[str, np.ndarray]]  # table name -> column -> values

    def rows(self, table: str) -> int:
        columns = self.tables[table]
        return len(next(iter(columns.values())))


def _wijken() -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    with open(DATA_DIR / "rotterdam_wijken.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = [row["wijk"] for row in rows]
    lat = np.array([float(row["lat"]) for row in rows])
    lon = np.array([float(row["lon"]) for row in rows])
    pc4 = [row["pc4"].split(";")[0] for row in rows]
    return names, lat, lon, pc4


def _timestamps(seconds: np.ndarray) -> np.ndarray:
    """Seconds since the epoch (NaN = NULL) as naive UTC text, as SQLAlchemy stores it."""
    result = np.full(seconds.shape, None, dtype=object)
    known = ~np.isnan(seconds)
    moments = (seconds[known] * 1e6).astype("int64").astype("datetime64[us]")
    result[known] = np.char.replace(np.datetime_as_string(moments, unit="us"), "T", " ")
    return result


def generate(scale: str, now: datetime, seed: int = 2025) -> Generated:
    """A year of activity up to ``now``, all with NumPy (no Python loop per row)."""
    n_postings, n_volunteers, n_others, responses_each, suggestions_each = SCALES[scale]
    rng = np.random.default_rng(seed)
    names, lat, lon, pc4 = _wijken()
    weights = rng.gamma(2.0, 1.0, len(names))  # some wijken are much busier than others
    weights /= weights.sum()
    end = now.timestamp()
    start = end - 365 * 24 * HOUR

    # People: volunteers first, then the others; everyone has a profile.
    n_users = n_volunteers + n_others
    user_id = np.arange(1, n_users + 1)
    user_wijk = rng.choice(len(names), n_users, p=weights)
    joined = rng.uniform(start - 365 * 24 * HOUR, end, n_users)
    users = {
        "id": user_id,
        "email": np.char.add(np.char.add("bench", user_id.astype(str)), "@example.org"),
        "password_hash": np.full(n_users, "x"),
        "is_blocked": np.zeros(n_users, dtype=bool),
        "created_at": _timestamps(joined),
        "email_confirmed_at": _timestamps(joined + 600),
    }
    profiles = {
        "user_id": user_id,
        "display_name": np.char.add("Buur ", user_id.astype(str)),
        "postcode": np.array(pc4)[user_wijk],
        "pc4": np.array(pc4)[user_wijk],
        "lat": lat[user_wijk],
        "lon": lon[user_wijk],
        "neighbourhood": np.array(names)[user_wijk],
        "wants_to_help": user_id <= n_volunteers,
        "interest_mask": rng.integers(1, 1 << 10, n_users),
        "availability_mask": rng.integers(1, 1 << 21, n_users),
        "radius_km": np.full(n_users, 5),
        "notification_preference": np.full(n_users, "instant"),
        "weekly_alert_cap": np.full(n_users, 5),
        "updated_at": _timestamps(joined),
    }

    # Postings: sent in over the year, a little busier on weekdays' office hours.
    kind = rng.choice(KINDS, n_postings, p=KIND_SHARES)
    wijk = rng.choice(len(names), n_postings, p=weights)
    submitted = np.sort(rng.uniform(start, end, n_postings))
    submitted += rng.normal(0, 2 * HOUR, n_postings)
    approved = rng.random(n_postings) < 0.93
    published = np.where(approved, submitted + rng.lognormal(np.log(5 * HOUR), 0.9), np.nan)
    published[published > end] = np.nan  # still waiting for a moderator

    # Responses: Poisson per published posting, first one after about a day.
    n_resp = rng.poisson(responses_each, n_postings) * ~np.isnan(published)
    posting_of = np.repeat(np.arange(n_postings), n_resp)
    delay = rng.lognormal(np.log(20 * HOUR), 1.1, len(posting_of))
    responded = published[posting_of] + delay
    volunteers = rng.integers(1, n_volunteers + 1, len(posting_of))
    pairs = posting_of.astype(np.int64) * 1_000_000 + volunteers
    _, first_of_pair = np.unique(pairs, return_index=True)
    keep = np.zeros(len(pairs), dtype=bool)
    keep[first_of_pair] = True
    keep &= responded < end
    posting_of, responded, volunteers = posting_of[keep], responded[keep], volunteers[keep]
    order = np.lexsort((responded, posting_of))
    posting_of, responded, volunteers = posting_of[order], responded[order], volunteers[order]
    first = np.ones(len(posting_of), dtype=bool)
    first[1:] = posting_of[1:] != posting_of[:-1]

    # The first response of 60% of postings is accepted: matched a day or so later; 70% of
    # those are done a few days after that.
    accepted = first & (rng.random(len(posting_of)) < 0.6)
    decided = np.where(accepted, responded + rng.lognormal(np.log(30 * HOUR), 0.8), np.nan)
    accepted &= decided < end
    decided[~accepted] = np.nan
    completed = np.where(
        accepted & (rng.random(len(posting_of)) < 0.7),
        decided + rng.lognormal(np.log(3 * 24 * HOUR), 0.7),
        np.nan,
    )
    completed[completed > end] = np.nan
    declined = ~accepted & (rng.random(len(posting_of)) < 0.3)
    response_status = np.where(accepted, "accepted", np.where(declined, "declined", "pending"))
    decided = np.where(declined, responded + 6 * HOUR, decided)

    matched = np.full(n_postings, np.nan)
    matched[posting_of[accepted]] = decided[accepted]
    matched[kind == "vacancy"] = np.nan  # vacancies take many volunteers; they stay open
    done = np.full(n_postings, np.nan)
    done[posting_of[~np.isnan(completed)]] = completed[~np.isnan(completed)]
    closed = np.where((kind == "request") & ~np.isnan(done), done, np.nan)
    expired = np.where(
        np.isnan(matched) & (published + 30 * 24 * HOUR < end), published + 30 * 24 * HOUR, np.nan
    )
    status = np.where(approved, "published", "rejected")
    status = np.where(np.isnan(published) & approved, "pending", status)
    status = np.where(~np.isnan(expired), "expired", status)
    status = np.where(~np.isnan(matched), "matched", status)
    status = np.where(~np.isnan(closed), "closed", status)

    # The milestones the app keeps on each posting (responses/milestones.py).
    first_response = np.full(n_postings, np.nan)
    first_response[posting_of[first]] = responded[first]

    posting_id = np.arange(1, n_postings + 1)
    postings = {
        "id": posting_id,
        "kind": kind,
        "status": status,
        "category_id": rng.integers(1, 11, n_postings),
        "title": np.full(n_postings, "Bench"),
        "description": np.full(n_postings, "Gemaakt door bench.dashboard."),
        "author_id": rng.integers(n_volunteers + 1, n_users + 1, n_postings),
        "postcode": np.array(pc4)[wijk],
        "pc4": np.array(pc4)[wijk],
        "lat": lat[wijk],
        "lon": lon[wijk],
        "neighbourhood": np.array(names)[wijk],
        "timing": np.full(n_postings, "flexible"),
        "daypart_mask": np.zeros(n_postings, dtype=int),
        "is_hidden": np.zeros(n_postings, dtype=bool),
        "created_at": _timestamps(submitted - 600),
        "updated_at": _timestamps(submitted),
        "submitted_at": _timestamps(submitted),
        "published_at": _timestamps(published),
        "matched_at": _timestamps(matched),
        "closed_at": _timestamps(closed),
        "expired_at": _timestamps(expired),
        "first_response_at": _timestamps(first_response),
        "helped_at": _timestamps(done),
    }
    responses = {
        "id": np.arange(1, len(posting_of) + 1),
        "posting_id": posting_id[posting_of],
        "responder_id": volunteers,
        "message": np.full(len(posting_of), "Ik help graag."),
        "status": response_status,
        "created_at": _timestamps(responded),
        "decided_at": _timestamps(decided),
        "completed_at": _timestamps(completed),
    }

    # Every answer to a vacancy is an application in the organisation's pipeline; the
    # accepted ones are placed.
    applied = np.flatnonzero(kind[posting_of] == "vacancy")
    placed = accepted[applied]
    applications = {
        "id": np.arange(1, len(applied) + 1),
        "response_id": applied + 1,
        "status": np.where(placed, "placed", "new"),
        "created_at": _timestamps(responded[applied]),
        "status_changed_at": _timestamps(np.where(placed, decided[applied], responded[applied])),
        "placed_at": _timestamps(np.where(placed, decided[applied], np.nan)),
    }

    # Suggestions: the matcher proposes a few volunteers per published posting, soon after.
    n_sugg = rng.poisson(suggestions_each, n_postings) * ~np.isnan(published)
    suggested_for = np.repeat(np.arange(n_postings), n_sugg)
    suggested_user = rng.integers(1, n_volunteers + 1, len(suggested_for))
    _, unique_pairs = np.unique(
        suggested_for.astype(np.int64) * 1_000_000 + suggested_user, return_index=True
    )
    suggested_for, suggested_user = suggested_for[unique_pairs], suggested_user[unique_pairs]
    suggested_at = published[suggested_for] + rng.uniform(60, 600, len(suggested_for))
    suggestions = {
        "id": np.arange(1, len(suggested_for) + 1),
        "posting_id": posting_id[suggested_for],
        "user_id": suggested_user,
        "score": rng.uniform(0.3, 1.0, len(suggested_for)).round(3),
        "distance_km": rng.uniform(0.1, 5.0, len(suggested_for)).round(2),
        "reasons": np.full(len(suggested_for), "{}"),
        "created_at": _timestamps(np.minimum(suggested_at, end - 1)),
    }
    return Generated(
        tables={
            "users": users,
            "profiles": profiles,
            "postings": postings,
            "responses": responses,
            "applications": applications,
            "match_suggestions": suggestions,
        },
    )


def _python(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _row_values(columns: dict[str, np.ndarray]) -> Iterable[tuple[Any, ...]]:
    return zip(*(col.tolist() for col in columns.values()), strict=True)


def _defaults(table: Table, given: Sequence[str], now: datetime) -> dict[str, Any]:
    """Values for NOT NULL columns other features added that this bench does not know."""
    extra: dict[str, Any] = {}
    for column in table.columns:
        if column.name in given or column.nullable or column.server_default is not None:
            continue
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            extra[column.name] = _python(default.arg)  # type: ignore[attr-defined]
        elif default is not None:
            extra[column.name] = now.replace(tzinfo=None).isoformat(" ")
    return extra


def load(connection: Connection, data: Generated, now: datetime) -> None:
    """Bulk-load the generated rows: COPY on PostgreSQL, executemany on SQLite."""
    from marketplace.extensions import db
    from marketplace.progress import progress

    for name, columns in data.tables.items():
        table = db.metadata.tables[name]
        extra = _defaults(table, list(columns), now)
        names = list(columns) + list(extra)
        count = len(next(iter(columns.values()))) if columns else 0
        rows = progress(
            (values + tuple(extra.values()) for values in _row_values(columns)),
            f"laden: {name}",
            total=count,
        )
        if connection.dialect.name == "postgresql":
            raw = connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor:
                quoted = ", ".join(f'"{n}"' for n in names)
                with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            placeholders = ", ".join("?" for _ in names)
            quoted = ", ".join(f'"{n}"' for n in names)
            connection.exec_driver_sql(
                f'INSERT INTO "{name}" ({quoted}) VALUES ({placeholders})', list(rows)
            )
    if connection.dialect.name == "postgresql":
        for name in data.tables:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f'(SELECT max(id) FROM "{name}"))'
                if "id" in data.tables[name]
                else "SELECT 1"
            )


def settle(engine: Engine) -> None:
    """Bring the loaded tables to the state a live database keeps them in: analysed and,
    on PostgreSQL, vacuumed. Autovacuum does that within minutes of a bulk load, but it is
    switched off on some machines (this one included), so the bench does it itself."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _backend_cpu_seconds(session: Any) -> float | None:
    """CPU time used so far by every client connection to this database (the dashboard's
    queries run on several at once), when PostgreSQL runs on this machine (from /proc);
    None otherwise. Parallel workers are not included."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    pids = session.execute(
        text(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND backend_type = 'client backend'"
        )
    ).scalars()
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class Timings:
    wall_ms: list[float]
    cpu_ms: list[float]  # this process plus the database backends: the work, without waiting


def time_dashboard(session: Any, now: datetime, neighbourhood: str | None, repeat: int) -> Timings:
    """The dashboard's queries and report, ``repeat`` times after a warm-up run."""
    from marketplace.dashboard.services import (
        Period,
        build_report,
        compute_figures,
        dashboard_neighbourhoods,
    )

    period = Period(now.date() - timedelta(days=364), now.date())
    timings = Timings([], [])
    for attempt in range(repeat + 1):
        backend_before = _backend_cpu_seconds(session)
        started, cpu_started = time.perf_counter(), time.process_time()
        dashboard_neighbourhoods(session)
        build_report(compute_figures(session, period, now, neighbourhood=neighbourhood))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        backend_after = _backend_cpu_seconds(session)
        session.rollback()
        if backend_before is not None and backend_after is not None:
            cpu += backend_after - backend_before
        if attempt:  # the first run warms the caches
            timings.wall_ms.append(wall * 1000)
            timings.cpu_ms.append(cpu * 1000)
    return timings


def run(
    database_url: str, scale: str, repeat: int, out: Any = None, keep_data: bool = False
) -> list[str]:
    """Generate, load and time (or only time, with ``keep_data``); returns (and prints)
    the result lines."""
    from marketplace import create_app
    from marketplace.categories import ensure_default_categories
    from marketplace.extensions import db

    url = make_url(database_url)
    if "bench" not in Path(url.database or "").name:
        raise SystemExit("The database is emptied first: use one with 'bench' in its name.")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "OUTBOX_RELAY_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CELERY_BROKER_URL": "memory://",
            "TESTING": True,
        }
    )
    now = datetime.combine(local_today(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    lines = []
    with app.app_context(), app.test_request_context():
        load_s = 0.0
        if not keep_data:
            db.drop_all()
            db.create_all()
            ensure_default_categories(db.session)
            db.session.commit()
            started = time.perf_counter()
            with db.engine.begin() as connection:
                load(connection, generate(scale, now), now)
            settle(db.engine)
            load_s = time.perf_counter() - started
        sizes = {
            name: db.session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
            for name in ("postings", "responses", "applications", "match_suggestions", "users")
        }
        busiest = db.session.execute(
            text(
                "SELECT neighbourhood FROM postings GROUP BY neighbourhood "
                "ORDER BY count(*) DESC, neighbourhood LIMIT 1"
            )
        ).scalar()
        db.session.rollback()
        for label, wijk in (("city", None), ("wijk", busiest)):
            timings = time_dashboard(db.session, now, wijk, repeat)
            wall = timings.wall_ms
            lines.append(
                f"dashboard db={db.engine.dialect.name} scope={label} "
                f"postings={sizes['postings']} responses={sizes['responses']} "
                f"applications={sizes['applications']} "
                f"suggestions={sizes['match_suggestions']} users={sizes['users']} "
                f"load_s={load_s:.1f} runs={repeat} "
                f"cpu_p50_ms={statistics.median(timings.cpu_ms):.0f} min_ms={min(wall):.0f} "
                f"p50_ms={statistics.median(wall):.0f} p95_ms={_percentile(wall, 0.95):.0f}"
            )
            print(lines[-1], file=out, flush=True)
        db.session.remove()
        db.engine.dispose()
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=f"sqlite:///{Path(tempfile.gettempdir()) / 'bench_dashboard.db'}",
        help="SQLAlchemy URL; its database is emptied (name must contain 'bench')",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="rotterdam")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per scope")
    parser.add_argument(
        "--keep-data", action="store_true", help="time the data an earlier run loaded"
    )
    args = parser.parse_args(argv)
    run(args.database_url, args.scale, args.repeat, keep_data=args.keep_data)


if __name__ == "__main__":
    main()

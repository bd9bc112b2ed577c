"""Matching at city scale: how fast, how exact, how fair.

    python -m bench.matching --volunteers 100000 --postings 200
    python -m bench.matching --volunteers 1000000 --postings 200 \\
        --database-url postgresql://postgres@127.0.0.1:5432/bench_matching

Generates N volunteers over real Dutch postcodes (N <= 200,000: Rotterdam's PC4 areas;
above: the whole country, uniform over PC4 areas as we ship no population figures), with
radii 1-25 km, 1-4 interests and random availability, and loads them in bulk (COPY on
PostgreSQL, executemany on SQLite) into a fresh database (a temporary SQLite file unless
--database-url is given; its tables are created first and dropped after). Then it times:

- ``match_posting`` (retrieval + scoring + storing the suggestions, committed; nothing is
  sent) for Q postings: p50_ms and p95_ms;
- the naive baseline on the same postings: every profile through the ORM, scored in plain
  Python (timed on fewer postings when N is large: it takes seconds each; the line before
  the last says on how many);
- the floor: the same NumPy scoring over all profiles already in memory, no database.

``same_top_n`` is yes when, for all Q postings, the indexed path returned exactly the same
people in the same order with the same scores as the floor, which scores every profile.

Then a simulated week (7 days x --week-postings) runs through the real worker path, weekly
caps and all, and prints how alerts spread over the volunteers who fitted any posting.

The last line is exactly:
matching volunteers=N db=sqlite|postgresql p50_ms=… p95_ms=… baseline_p95_ms=… floor_p95_ms=…
speedup=… same_top_n=yes|no rss_mb=…
"""

from __future__ import annotations

import argparse
import heapq
import math
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, Table, func, insert, select, text
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.categories import ensure_default_categories
from marketplace.extensions import db
from marketplace.geo.postcodes import all_pc4s, lookup_postcode
from marketplace.matching import scoring
from marketplace.matching.candidates import target_for
from marketplace.matching.models import MatchSuggestion
from marketplace.matching.reach import rebuild_reach
from marketplace.matching.scoring import Candidates, Target, rank
from marketplace.matching.services import (
    MAX_SUGGESTIONS,
    match_posting,
    request_matching,
    run_match_request,
)
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.profiles.models import Profile
from marketplace.timestamps import utcnow

CITY = "Rotterdam"
CITY_LIMIT = 200_000
CATEGORIES = 10
LOAD_BATCH = 20_000
GENERATE_BATCH = 50_000
PASSWORD_HASH = "$argon2id$v=19$m=8,t=1,p=1$YmVuY2htYXJr$bm90LWEtcmVhbC1oYXNo"


# --- Generating ------------------------------------------------------------------------


class Volunteers:
    """The generated volunteers as arrays (user ids 2..N+1; user 1 writes the postings)."""

    def __init__(self, count: int, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.pc4s = all_pc4s(CITY) if count <= CITY_LIMIT else all_pc4s()
        places = [lookup_postcode(pc4) for pc4 in self.pc4s]
        self.place_lat = np.array([place.lat for place in places])
        self.place_lon = np.array([place.lon for place in places])
        self.neighbourhood = [place.neighbourhood for place in places]
        self.place = rng.integers(0, len(self.pc4s), count)
        self.ids = np.arange(2, count + 2, dtype=np.int64)
        self.lat = self.place_lat[self.place]
        self.lon = self.place_lon[self.place]
        self.radius_km = rng.integers(1, 26, count)
        self.interest_mask = np.empty(count, dtype=np.int64)
        self.availability_mask = np.empty(count, dtype=np.int64)
        # In slices, so that generating a million people does not set the peak RSS.
        for start in range(0, count, GENERATE_BATCH):
            size = min(GENERATE_BATCH, count - start)
            # 1-4 different interests out of the ten categories.
            interest_count = rng.integers(1, 5, size)
            ranks = np.argsort(rng.random((size, CATEGORIES)), axis=1)  # a random order
            chosen = ranks < interest_count[:, None]
            bits = chosen * (1 << np.arange(CATEGORIES))
            self.interest_mask[start : start + size] = bits.sum(axis=1)
            # Each of the 21 week slots free with probability 0.3; a few give no times at all.
            slots = rng.random((size, 21)) < 0.3
            slots[rng.random(size) < 0.05] = False
            bits = slots * (1 << np.arange(21))
            self.availability_mask[start : start + size] = bits.sum(axis=1)

    def __len__(self) -> int:
        return len(self.ids)

    def candidates(self) -> Candidates:
        return Candidates(
            ids=self.ids,
            lat=self.lat,
            lon=self.lon,
            radius_km=self.radius_km.astype(np.float64),
            interest_mask=self.interest_mask,
            availability_mask=self.availability_mask,
            alerts_this_week=np.zeros(len(self), dtype=np.int64),
        )


def posting_rows(
    count: int, volunteers: Volunteers, categories: list[tuple[int, int]], seed: int, first_id: int
) -> list[dict[str, Any]]:
    """Published requests at random volunteers' postcodes; half flexible, half at 1-3 slots."""
    rng = np.random.default_rng(seed)
    now = utcnow()
    rows = []
    for number in range(count):
        place = int(rng.integers(0, len(volunteers.pc4s)))
        timed = rng.random() < 0.5
        mask = 0
        if timed:
            for slot in rng.choice(21, size=int(rng.integers(1, 4)), replace=False):
                mask |= 1 << int(slot)
        category_id, _ = categories[int(rng.integers(0, len(categories)))]
        rows.append(
            {
                "id": first_id + number,
                "kind": PostingKind.REQUEST,
                "status": PostingStatus.PUBLISHED,
                "category_id": category_id,
                "title": f"Hulp gezocht {first_id + number}",
                "description": "Een oproep uit de benchmark.",
                "author_id": 1,
                "postcode": volunteers.pc4s[place],
                "pc4": volunteers.pc4s[place],
                "lat": float(volunteers.place_lat[place]),
                "lon": float(volunteers.place_lon[place]),
                "neighbourhood": volunteers.neighbourhood[place],
                "timing": "recurring" if timed else "flexible",
                "daypart_mask": mask,
                "created_at": now,
                "published_at": now,
            }
        )
    return rows


# --- Loading ---------------------------------------------------------------------------


def user_rows(volunteers: Volunteers, start: int, stop: int) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for user_id in volunteers.ids[start:stop].tolist():
        yield {
            "id": user_id,
            "email": f"v{user_id}@bench.invalid",
            "password_hash": PASSWORD_HASH,
            "email_confirmed_at": now,
            "is_blocked": False,
            "created_at": now,
        }


def profile_rows(volunteers: Volunteers, start: int, stop: int) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for index in range(start, stop):
        place = int(volunteers.place[index])
        yield {
            "user_id": int(volunteers.ids[index]),
            "display_name": f"Buur {index}",
            "postcode": volunteers.pc4s[place],
            "pc4": volunteers.pc4s[place],
            "lat": float(volunteers.lat[index]),
            "lon": float(volunteers.lon[index]),
            "neighbourhood": volunteers.neighbourhood[place],
            "wants_to_help": True,
            "interest_mask": int(volunteers.interest_mask[index]),
            "availability_mask": int(volunteers.availability_mask[index]),
            "radius_km": int(volunteers.radius_km[index]),
            "notification_preference": "instant",
            "weekly_alert_cap": 5,
            "updated_at": now,
        }


def bulk_load(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY on PostgreSQL (psycopg), executemany on SQLite; column defaults filled in."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), list(rows))
        return
    columns = [column for column in table.columns if _needs_value(column, rows[0])]
    names = ", ".join(f'"{column.name}"' for column in columns)
    cursor = connection.connection.cursor()
    with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        defaults = {column.name: _default(column) for column in columns}
        for row in rows:
            copy.write_row([_plain(row.get(c.name, defaults[c.name])) for c in columns])


def _needs_value(column: Any, sample: dict[str, Any]) -> bool:
    return column.name in sample or (column.default is not None and not column.nullable)


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)
    return default.arg


def _plain(value: Any) -> Any:
    """UTCDateTime stores naive UTC; COPY bypasses the type, so convert here."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def load(session: Session, volunteers: Volunteers) -> float:
    started = time.perf_counter()
    session.execute(
        insert(User),
        [
            {
                "id": 1,
                "email": "auteur@bench.invalid",
                "password_hash": PASSWORD_HASH,
                "email_confirmed_at": utcnow(),
            }
        ],
    )
    for start in range(0, len(volunteers), LOAD_BATCH):
        stop = min(start + LOAD_BATCH, len(volunteers))
        bulk_load(session, User.__table__, list(user_rows(volunteers, start, stop)))  # type: ignore[arg-type]
        bulk_load(session, Profile.__table__, list(profile_rows(volunteers, start, stop)))  # type: ignore[arg-type]
    rebuild_reach(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval('users_id_seq', (SELECT max(id) FROM users))"))
    session.commit()
    analyse(session)
    return time.perf_counter() - started


def analyse(session: Session) -> None:
    """Fresh planner statistics; on PostgreSQL also VACUUM, so index-only scans apply."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        engine = bind if isinstance(bind, Engine) else bind.engine
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        session.execute(text("ANALYZE"))
        session.commit()


def add_postings(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    bulk_load(session, Posting.__table__, rows)  # type: ignore[arg-type]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval('postings_id_seq', (SELECT max(id) FROM postings))"))
    session.commit()
    return [row["id"] for row in rows]


# --- The three ways ----------------------------------------------------------------------


def naive_top(session: Session, posting: Posting) -> list[tuple[int, float]]:
    """The baseline: every volunteer profile through the ORM, scored in plain Python."""
    target = target_for(posting)
    wanted = int(target.daypart_mask).bit_count()
    best: list[tuple[float, int]] = []
    profiles = session.scalars(
        select(Profile)
        .join(User, User.id == Profile.user_id)
        .where(Profile.wants_to_help.is_(True))
        .where(User.is_blocked.is_(False))
        .where(User.email_confirmed_at.is_not(None))
        .execution_options(yield_per=5000)
    )
    for profile in profiles:
        if profile.lat is None or profile.lon is None or profile.user_id == posting.author_id:
            continue
        if not profile.interest_mask & target.category_mask:
            continue
        if target.daypart_mask and not profile.availability_mask & target.daypart_mask:
            continue
        distance = _haversine(profile.lat, profile.lon, target.lat, target.lon)
        if distance > profile.radius_km:
            continue
        closeness = min(max(1.0 - distance / max(profile.radius_km, 0.1), 0.0), 1.0)
        overlap = (profile.availability_mask & target.daypart_mask).bit_count()
        availability = overlap / wanted if wanted else 1.0
        interest = 1.0 / math.sqrt(max(int(profile.interest_mask).bit_count(), 1))
        total = (
            scoring.W_CLOSENESS * closeness
            + scoring.W_AVAILABILITY * availability
            + scoring.W_FAIRNESS * 1.0  # nobody has been alerted in this part of the run
            + scoring.W_INTEREST * interest
        )
        item = (round(min(max(total, 0.0), 1.0), scoring.SCORE_DECIMALS), -profile.user_id)
        if len(best) < MAX_SUGGESTIONS:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    session.expunge_all()
    return [(-negative_id, score) for score, negative_id in sorted(best, reverse=True)]


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * scoring.EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def floor_top(everyone: Candidates, target: Target) -> list[tuple[int, float]]:
    ranking = rank(everyone, target, top_n=MAX_SUGGESTIONS)
    return [
        (int(everyone.ids[index]), float(score))
        for index, score in zip(ranking.indices, ranking.scores, strict=True)
    ]


def percentile_ms(seconds: list[float], percentile: float) -> float:
    return float(np.percentile(np.array(seconds) * 1000, percentile)) if seconds else 0.0


# --- A simulated week --------------------------------------------------------------------


def gini(values: NDArray[np.float64]) -> float:
    """0: everyone got as many alerts; near 1: a few got them all."""
    if len(values) == 0 or values.sum() == 0:
        return 0.0
    ordered = np.sort(values)
    n = len(ordered)
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * ordered).sum() / (n * ordered.sum()))


def simulate_week(
    session: Session,
    volunteers: Volunteers,
    categories: list[tuple[int, int]],
    per_day: int,
    seed: int,
    first_id: int,
) -> str:
    rows = posting_rows(7 * per_day, volunteers, categories, seed, first_id)
    ids = add_postings(session, rows)
    everyone = volunteers.candidates()
    by_bit = {bit: np.flatnonzero(everyone.interest_mask & (1 << bit)) for _, bit in categories}
    fitting = np.zeros(len(volunteers), dtype=bool)
    started = time.perf_counter()
    for posting_id in ids:
        posting = session.get(Posting, posting_id)
        assert posting is not None
        match_request = request_matching(session, posting)
        run_match_request(session, match_request.id)
        session.commit()
        # Who fitted this posting at all: the hard filters over everyone in its category.
        within = by_bit[posting.category.bit]
        subset = everyone.subset(within)
        distances = scoring.haversine_km(subset.lat, subset.lon, posting.lat, posting.lon)
        fitting[within] |= scoring.passes_filters(subset, target_for(posting), distances)
        session.expunge_all()
    seconds = time.perf_counter() - started
    counts = dict(
        session.execute(
            select(Notification.recipient_id, func.count())
            .where(Notification.kind == NotificationKind.NEW_MATCH)
            .group_by(Notification.recipient_id)
        ).all()
    )
    fitting_ids = volunteers.ids[fitting]
    alerts = np.array([counts.get(int(user_id), 0) for user_id in fitting_ids], dtype=np.float64)
    reached = float((alerts > 0).mean()) if len(alerts) else 0.0
    return (
        f"week postings={len(ids)} alerts={int(alerts.sum())} fitting_volunteers={len(alerts)} "
        f"gini={gini(alerts):.3f} share_alerted={reached:.3f} "
        f"max_alerts={int(alerts.max(initial=0))} "
        f"seconds={seconds:.1f}"
    )


# --- Running -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--volunteers", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=100)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--baseline-postings",
        type=int,
        help="postings to time the slow baseline on (default: all up to 20k volunteers, "
        "then 20, above 200k 3)",
    )
    parser.add_argument("--week-postings", type=int, default=200, help="per day; 0 skips")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)

    tmp_dir = Path(tempfile.mkdtemp(prefix="bench-matching-"))
    url = args.database_url or f"sqlite:///{tmp_dir / 'bench.db'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(tmp_dir / "instance"),
            "OUTBOX_RELAY_ENABLED": False,
            "CELERY_BROKER_URL": "memory://",
            "SMTP": None,
            "MAIL_OUTBOX_DIR": str(tmp_dir / "outbox"),
            "BASE_URL": "http://localhost",
            "SERVER_NAME": None,
        }
    )
    try:
        with app.app_context():
            db.drop_all()
            db.create_all()
            try:
                return run(db.session, args)
            finally:
                db.session.rollback()
                db.session.remove()
                if args.database_url:
                    db.drop_all()
                db.engine.dispose()
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


def run(session: Session, args: argparse.Namespace) -> int:
    count, queries = args.volunteers, args.postings
    dialect = session.get_bind().dialect.name
    baseline_count = args.baseline_postings
    if baseline_count is None:
        baseline_count = queries if count <= 20_000 else 20 if count <= CITY_LIMIT else 3
    baseline_count = min(baseline_count, queries)

    started = time.perf_counter()
    volunteers = Volunteers(count, args.seed)
    categories = [(category.id, category.bit) for category in ensure_default_categories(session)]
    session.commit()
    print(f"generated {count} volunteers over {len(volunteers.pc4s)} PC4 areas", flush=True)
    seconds = load(session, volunteers)
    reach = session.scalar(text("SELECT count(*) FROM volunteer_reach"))
    total = time.perf_counter() - started
    print(f"loaded in {seconds:.1f} s ({reach} reach rows); total {total:.1f} s", flush=True)

    ids = add_postings(session, posting_rows(queries, volunteers, categories, args.seed, 1))

    # The indexed path, as the worker runs it (minus sending).
    timings: list[float] = []
    commit_timings: list[float] = []
    indexed: dict[int, list[tuple[int, float]]] = {}
    for posting_id in ids:
        posting = session.get(Posting, posting_id)
        assert posting is not None
        _ = posting.category
        began = time.perf_counter()
        matches = match_posting(session, posting)  # its statements run; the task commits
        timings.append(time.perf_counter() - began)
        session.commit()
        commit_timings.append(time.perf_counter() - began - timings[-1])
        indexed[posting_id] = [(match.user_id, match.score) for match in matches]
        session.expunge_all()
    stored = session.scalar(select(func.count()).select_from(MatchSuggestion))
    rss_indexed = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"indexed p50_ms={percentile_ms(timings, 50):.1f} p95_ms={percentile_ms(timings, 95):.1f} "
        f"(baseline, floor and the week follow)",
        flush=True,
    )

    # The floor: the same scoring, every profile already in memory.
    everyone = volunteers.candidates()
    floor_timings: list[float] = []
    same = True
    for posting_id in ids:
        posting = session.get(Posting, posting_id)
        assert posting is not None
        target = target_for(posting)
        began = time.perf_counter()
        top = floor_top(everyone, target)
        floor_timings.append(time.perf_counter() - began)
        if top != indexed[posting_id]:
            same = False
            print(f"DIFFERENT top-{MAX_SUGGESTIONS} for posting {posting_id}", flush=True)
        session.expunge_all()

    # The naive baseline, on the first ``baseline_count`` postings.
    baseline_timings: list[float] = []
    for posting_id in ids[:baseline_count]:
        posting = session.get(Posting, posting_id)
        assert posting is not None
        target_for(posting)  # loads the category before the clock starts
        began = time.perf_counter()
        top = naive_top(session, posting)
        baseline_timings.append(time.perf_counter() - began)
        if top != indexed[posting_id]:
            same = False
            print(f"DIFFERENT baseline top for posting {posting_id}", flush=True)

    if args.week_postings:
        print(
            simulate_week(
                session, volunteers, categories, args.week_postings, args.seed + 1, queries + 1
            ),
            flush=True,
        )

    p50, p95 = percentile_ms(timings, 50), percentile_ms(timings, 95)
    baseline_p95 = percentile_ms(baseline_timings, 95)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"indexed runs={len(timings)} suggestions_stored={stored} "
        f"baseline timed on {len(baseline_timings)} of {queries} postings; "
        f"floor on all {queries}; commit p95 (not in p95_ms) "
        f"{percentile_ms(commit_timings, 95):.1f} ms; peak rss after the indexed runs "
        f"{rss_indexed:.0f} MB",
        flush=True,
    )
    print(
        f"matching volunteers={count} db={dialect} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"baseline_p95_ms={baseline_p95:.1f} floor_p95_ms={percentile_ms(floor_timings, 95):.1f} "
        f"speedup={baseline_p95 / p95 if p95 else 0:.1f} same_top_n={'yes' if same else 'no'} "
        f"rss_mb={rss:.0f}",
        flush=True,
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: build and queue the daily digest for a city's worth of volunteers.

    python -m bench.digest --volunteers 100000 --postings 10000 [--database-url URL]

Loads N volunteer profiles (bulk inserts; 30 % on the daily digest, 10 % weekly, the rest
instant), Q published postings, and for every daily-digest volunteer 1-10 suggestions
made yesterday. Then times ``digests.send_digests("daily")`` exactly as beat runs it:
keyset pages of people, one suggestions query, the mails rendered in each person's language,
one bulk insert and commit per page, and one delivery task per 100 digests published to
the broker (in-memory here: no SMTP, no worker). Last line:

    digest volunteers=N postings=Q daily_volunteers=... suggestions=... digests=... seconds=...
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

CHUNK = 5000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    database_url = args.database_url or f"sqlite:///{folder / 'bench.db'}"
    os.environ.update(DATABASE_URL=database_url, INSTANCE_PATH=str(folder / "instance"))
    os.environ.pop("SMTP_URL", None)

    from sqlalchemy import text

    from marketplace import create_app
    from marketplace.extensions import db

    app = create_app({"CELERY_BROKER_URL": "memory://", "OUTBOX_RELAY_ENABLED": True})
    with app.app_context():
        db.create_all()
        if db.session.scalar(text("SELECT count(*) FROM users")):
            raise SystemExit("bench.digest needs an empty database (it never deletes data)")
        started = time.perf_counter()
        today, daily, suggestions = _load(args.volunteers, args.postings, random.Random(args.seed))
        print(
            f"loaded {args.volunteers} volunteers, {args.postings} postings, "
            f"{suggestions} suggestions in {time.perf_counter() - started:.1f} s "
            f"(db={db.engine.dialect.name})",
            flush=True,
        )
        celery = app.extensions["celery"]
        celery.loader.import_default_modules()
        started = time.perf_counter()
        written = celery.tasks["digests.send_digests"]("daily", today.isoformat())
        seconds = time.perf_counter() - started
    print(
        f"digest volunteers={args.volunteers} postings={args.postings} daily_volunteers={daily} "
        f"suggestions={suggestions} digests={written} seconds={seconds:.1f}"
    )
    return 0


def _load(volunteers: int, postings: int, rng: random.Random) -> tuple[Any, int, int]:
    from sqlalchemy import insert

    from marketplace.accounts.models import User
    from marketplace.categories import ensure_default_categories
    from marketplace.extensions import db
    from marketplace.matching.models import MatchSuggestion
    from marketplace.postings.models import Posting
    from marketplace.profiles.models import Profile
    from marketplace.timestamps import local_today

    categories = ensure_default_categories(db.session)
    db.session.commit()
    now = datetime.now(UTC)
    today = local_today()
    yesterday_noon = datetime.combine(today - timedelta(days=1), clock(11), tzinfo=UTC)
    preferences = ["daily"] * 3 + ["weekly"] + ["instant"] * 6
    daily_ids: list[int] = []
    for start in range(1, volunteers + 1, CHUNK):
        ids = range(start, min(volunteers + 1, start + CHUNK))
        db.session.execute(
            insert(User),
            [
                {
                    "id": i,
                    "email": f"vrijwilliger{i}@example.org",
                    "password_hash": "-",
                    "locale": "en" if i % 10 == 0 else "nl",
                    "created_at": now,
                }
                for i in ids
            ],
        )
        rows = []
        for i in ids:
            preference = rng.choice(preferences)
            if preference == "daily":
                daily_ids.append(i)
            rows.append(
                {
                    "user_id": i,
                    "display_name": f"Buur {i}",
                    "postcode": "3011",
                    "pc4": "3011",
                    "lat": 51.9 + rng.random() / 20,
                    "lon": 4.45 + rng.random() / 10,
                    "neighbourhood": "Stadsdriehoek",
                    "wants_to_help": True,
                    "interest_mask": 1,
                    "availability_mask": 0,
                    "radius_km": rng.randint(1, 25),
                    "notification_preference": preference,
                    "weekly_alert_cap": 5,
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Profile), rows)
    db.session.execute(
        insert(Posting),
        [
            {
                "id": p,
                "kind": "request",
                "status": "published",
                "category_id": categories[p % len(categories)].id,
                "title": f"Oproep {p}: wie helpt met boodschappen?",
                "description": "Ik kan zelf niet goed lopen.",
                "author_id": 1,
                "postcode": "3011",
                "pc4": "3011",
                "lat": 51.92,
                "lon": 4.48,
                "neighbourhood": "Stadsdriehoek",
                "timing": "flexible",
                "daypart_mask": 0,
                "is_hidden": False,
                "created_at": now,
                "updated_at": now,
                "published_at": now,
            }
            for p in range(1, postings + 1)
        ],
    )
    suggestions = 0
    batch: list[dict[str, Any]] = []
    for user_id in daily_ids:
        for posting_id in rng.sample(range(1, postings + 1), rng.randint(1, 10)):
            batch.append(
                {
                    "posting_id": posting_id,
                    "user_id": user_id,
                    "score": rng.random(),
                    "distance_km": rng.random() * 10,
                    "reasons": {},
                    "created_at": yesterday_noon,
                }
            )
        if len(batch) >= CHUNK:
            db.session.execute(insert(MatchSuggestion), batch)
            suggestions += len(batch)
            batch = []
    if batch:
        db.session.execute(insert(MatchSuggestion), batch)
        suggestions += len(batch)
    db.session.commit()
    return today, len(daily_ids), suggestions


if __name__ == "__main__":
    raise SystemExit(main())

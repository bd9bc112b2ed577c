"""Home-visit rounds at city scale: importing the address lists and planning a round.

    python -m bench.home_visits
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_home_visits python -m bench.home_visits

Makes one organisation with --visitors trained volunteers (default 300) spread over
Rotterdam's postcode areas, with radii of 3-8 km and random daytime availability. Then:

- imports --addresses residents (default 60,000) as municipality CSV files of --round-size
  (default 5,000), one round each, through the same service as the upload page
  (``rounds.import_addresses``: parsing, checking every row, the keyed hash, bulk insert),
  committing per file; and imports the first file again (nothing may change);
- plans the first round over the visitors (``planning.plan_round``), committed.

Prints one line per step and then exactly:
home_visits db=sqlite|postgresql addresses=N import_s=… reimport_s=… round=N visitors=N
plan_s=… planned=N not_planned=N most_per_visitor=N

Without a database URL (--database-url or DATABASE_URL) a SQLite file in /tmp is used. A
given database is emptied first and after, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.dayparts import DAYS, slot_bit
from marketplace.extensions import db
from marketplace.geo.postcodes import all_pc4s, lookup_postcode
from marketplace.home_visits.models import HomeVisit, VisitorQualification, VisitRound
from marketplace.home_visits.planning import plan_round
from marketplace.home_visits.rounds import import_addresses
from marketplace.profiles.models import Profile

STREETS = ("Kerkstraat", "Dorpsweg", "Schiekade", "Bergweg", "Noordsingel", "Maasboulevard")
SURNAMES = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Yilmaz")
FIRST_NAMES = ("Marie", "Kees", "Truus", "Ahmet", "Riet", "Wim", "Fatma", "Gerrit", "Annie")


def _letters(rng: random.Random) -> str:
    return rng.choice("ABCDEHKLMNPRTVWXZ") + rng.choice("ABCDEHKLMNPRTVWXZ")


def address_files(count: int, size: int, seed: int) -> list[bytes]:
    """``count`` residents as CSV files of ``size`` rows, as a municipality exports them."""
    rng = random.Random(seed)
    areas = all_pc4s("Rotterdam")
    files = []
    for start in range(0, count, size):
        lines = ["Naam;Voornaam;Adres;Postcode;Geboortejaar"]
        for n in range(start, min(count, start + size)):
            lines.append(
                f"{rng.choice(SURNAMES)};{rng.choice(FIRST_NAMES)};"
                f"{rng.choice(STREETS)} {n + 1};{rng.choice(areas)} {_letters(rng)};"
                f"{rng.randint(1925, 1951)}"
            )
        files.append(("\n".join(lines) + "\n").encode())
    return files


def add_visitors(session: Session, organisation: Organisation, count: int, seed: int) -> None:
    rng = random.Random(seed)
    areas = all_pc4s("Rotterdam")
    daytime = [slot_bit(day, part) for day in DAYS for part in ("morning", "afternoon")]
    users = session.execute(
        insert(User).returning(User.id),
        [
            {"email": f"bezoeker{n}@bench.invalid", "password_hash": "x", "is_blocked": False}
            for n in range(count)
        ],
    ).scalars()
    ids = list(users)
    profiles, qualifications = [], []
    for n, user_id in enumerate(ids):
        place = lookup_postcode(rng.choice(areas))
        profiles.append(
            {
                "user_id": user_id,
                "display_name": f"Bezoeker {n}",
                "postcode": place.postcode,
                "pc4": place.pc4,
                "lat": place.lat,
                "lon": place.lon,
                "neighbourhood": place.neighbourhood,
                "wants_to_help": True,
                "availability_mask": sum(rng.sample(daytime, rng.randint(2, 6))),
                "radius_km": rng.randint(3, 8),
            }
        )
        qualifications.append(
            {
                "organisation_id": organisation.id,
                "user_id": user_id,
                "vog_on": date(2026, 1, 5),
                "trained_on": date(2026, 2, 1),
                "training_expires_on": date(2099, 1, 1),
            }
        )
    session.execute(insert(Profile), profiles)
    session.execute(insert(VisitorQualification), qualifications)


def run(session: Session, args: argparse.Namespace) -> int:
    dialect = session.get_bind().dialect.name
    organisation = Organisation(
        name="Welzijn Bench", slug="welzijn-bench", status="approved", phone="010 000 0000"
    )
    session.add(organisation)
    session.flush()
    add_visitors(session, organisation, args.visitors, args.seed)
    session.commit()
    files = address_files(args.addresses, args.round_size, args.seed)

    rounds = []
    started = time.perf_counter()
    for n, data in enumerate(files):
        visit_round = VisitRound(
            organisation_id=organisation.id, wijk=f"Wijk {n + 1}", name=f"75+ {n + 1}", year=2027
        )
        session.add(visit_round)
        session.flush()
        import_addresses(session, visit_round, data)
        session.commit()
        rounds.append(visit_round.id)
    import_s = time.perf_counter() - started
    print(f"imported {args.addresses} addresses in {len(files)} lists: {import_s:.1f} s")

    first = session.get(VisitRound, rounds[0])
    assert first is not None
    started = time.perf_counter()
    again = import_addresses(session, first, files[0])
    session.commit()
    reimport_s = time.perf_counter() - started
    print(f"the first list again: {again.added} added, {again.already_there} already there")

    started = time.perf_counter()
    result = plan_round(session, first, date(2027, 3, 8))
    session.commit()
    plan_s = time.perf_counter() - started
    visits = session.scalar(select(db.func.count(HomeVisit.id)))
    print(f"planned round 1: {visits} visits stored")
    print(
        f"home_visits db={dialect} addresses={args.addresses} import_s={import_s:.1f} "
        f"reimport_s={reimport_s:.1f} round={args.round_size} visitors={args.visitors} "
        f"plan_s={plan_s:.1f} planned={result.planned} not_planned={result.not_planned} "
        f"most_per_visitor={result.most_per_visitor}"
    )
    return 0 if again.added == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--addresses", type=int, default=60_000)
    parser.add_argument("--round-size", type=int, default=5_000)
    parser.add_argument("--visitors", type=int, default=300)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=20261203)
    args = parser.parse_args(argv)
    if args.database_url and "bench" not in (make_url(args.database_url).database or ""):
        print("The database is emptied: give one with 'bench' in its name.", file=sys.stderr)
        return 2

    tmp_dir = Path(tempfile.mkdtemp(prefix="bench-home-visits-"))
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


if __name__ == "__main__":
    sys.exit(main())

"""The sociale kaart at city scale: search with facet counts over 5,000 services.

    python -m bench.sociale_kaart
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_kaart python -m bench.sociale_kaart

Makes --services services (default 5,000) at --locations locations (default 300) spread
over Rotterdam's postcodes, each with one to three of 12 kinds of problem and up to two of 6
target groups, one to three languages, a phone number and costs. Then asks, as a visitor,
for the kaart's search page (the list and every facet's counts) with a few typical
searches, --repeat times each (default 30), and prints for each:

sociale_kaart db=sqlite|postgresql search=… services=N min_ms=… p50_ms=… p95_ms=…

The target is p95 <= 100 ms. Then, in the same run, the postings list with the shared
full-text search against the substring search it replaced (``bench.search``, on
--postings-scale, default the city's 60,000 postings, --postings-repeat rounds), whose lines
end with ``search db=… fulltext_vs_substring_rps=…``: the target is at least 1.00. (On
``small``, 37 open postings, the full-text search finds three times as many as the
substring search did, and rendering those cards is most of the difference.)

Without a database URL (--database-url or DATABASE_URL) SQLite files in /tmp are used. A
given database is emptied first (and after the kaart), so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from bench import dashboard
from bench import search as postings_search
from bench.empty_app import p95, run_on_empty_database
from marketplace.geo.postcodes import all_pc4s, lookup_postcode
from marketplace.sociale_kaart.models import (
    Attribute,
    HsdsOrganization,
    Language,
    Location,
    Phone,
    Publication,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Vocabulary,
)

WORDS = (
    "koffie",
    "eenzaam",
    "schulden",
    "boodschappen",
    "taal",
    "mantelzorg",
    "vervoer",
    "wonen",
    "opvoeden",
    "formulieren",
    "wandelen",
    "maaltijd",
    "klussen",
    "advies",
)
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "pap", "uk")


def fill(session: Session, services: int, locations: int, rng: random.Random) -> float:
    started = time.perf_counter()
    problems = [
        TaxonomyTerm(id=f"p{n}", code=f"p{n}", name=f"Probleem {n}", taxonomy=Vocabulary.PROBLEM)
        for n in range(12)
    ]
    groups = [
        TaxonomyTerm(
            id=f"g{n}", code=f"g{n}", name=f"Doelgroep {n}", taxonomy=Vocabulary.TARGET_GROUP
        )
        for n in range(6)
    ]
    session.add_all([*problems, *groups])
    organisations = [HsdsOrganization(id=f"o{n}", name=f"Organisatie {n}") for n in range(100)]
    session.add_all(organisations)
    pc4s = all_pc4s("Rotterdam")
    places = []
    for n in range(locations):
        place = lookup_postcode(rng.choice(pc4s))
        places.append(
            Location(
                id=f"l{n}",
                name=f"Plek {n}",
                wijk=place.neighbourhood,
                postal_code=place.postcode,
                city="Rotterdam",
                latitude=place.lat,
                longitude=place.lon,
            )
        )
    session.add_all(places)
    session.flush()
    children: list[object] = []
    for n in range(services):
        words = " ".join(rng.sample(WORDS, 4))
        session.add(
            Service(
                id=f"s{n}",
                organization_id=f"o{n % 100}",
                name=f"{rng.choice(WORDS).capitalize()} {n}",
                description=f"Een dienst over {words} in de buurt, voor wie dat nodig heeft.",
                publication=Publication.APPROVED,
                cost_kind=rng.choice(("free", "free", "subsidised", "paid")),
                delivery=rng.choice(("group", "individual", "both")),
                setting=rng.choice(("at_home", "elsewhere", "both")),
            )
        )
        terms = rng.sample(problems, rng.randint(1, 3)) + rng.sample(groups, rng.randint(0, 2))
        children += [Attribute(service_id=f"s{n}", taxonomy_term_id=term.id) for term in terms]
        children += [
            Language(id=f"s{n}-{code}", service_id=f"s{n}", name=code, code=code)
            for code in rng.sample(LANGUAGES, rng.randint(1, 3))
        ]
        children.append(Phone(id=f"s{n}-phone", service_id=f"s{n}", number="010 555 00 00"))
        children.append(
            ServiceAtLocation(id=f"s{n}-at", service_id=f"s{n}", location_id=f"l{n % locations}")
        )
    session.flush()  # the services first: the children's rows point at them
    session.add_all(children)
    session.commit()
    session.execute(text("ANALYZE"))  # statistics, as autovacuum would have made by now
    session.commit()
    return time.perf_counter() - started


def time_page(app: Flask, url: str, repeat: int) -> list[float]:
    client = app.test_client()
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
    seconds = fill(session, args.services, args.locations, rng)
    print(f"made {args.services} services at {args.locations} locations: {seconds:.1f} s")
    searches = {
        "everything": "/sociale-kaart/",
        "word": "/sociale-kaart/?q=eenzaam",
        "word+free": "/sociale-kaart/?q=koffie&kosten=free",
        "problem+group+wijk": "/sociale-kaart/?probleem=p1&doelgroep=g2&wijk=Delfshaven",
        "word+distance": "/sociale-kaart/?q=schulden&sort=distance&postcode=3011",
        "costs": "/sociale-kaart/?sort=costs&taal=tr",
    }
    for name, url in searches.items():
        times = sorted(time_page(app, url, args.repeat))
        print(
            f"sociale_kaart db={dialect} search={name} services={args.services} "
            f"min_ms={times[0]:.1f} p50_ms={statistics.median(times):.1f} p95_ms={p95(times):.1f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--services", type=int, default=5_000)
    parser.add_argument("--locations", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--postings-scale", choices=sorted(dashboard.SCALES), default="rotterdam")
    parser.add_argument("--postings-repeat", type=int, default=20, help="rounds of searches")
    args = parser.parse_args(argv)
    status = run_on_empty_database(
        args.database_url, "bench-kaart-", lambda app, session: run(app, session, args)
    )
    if status:
        return status
    postings_url = (
        args.database_url
        or f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-kaart-postings-')) / 'bench.db'}"
    )
    postings_search.run(postings_url, args.postings_scale, args.postings_repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

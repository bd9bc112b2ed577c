"""How many postings-list searches a second: today's substring search against the Dutch
full-text search, in the same run on the same data.

    python -m bench.search [--database-url URL] [--scale rotterdam|small] [--repeat N]

Loads a city's postings (bench.dashboard's year of Rotterdam: about 60,000 postings) with
varied Dutch titles and descriptions, builds the search index (``reindex``), then requests
``/oproepen/?q=...`` for a handful of searches, first with the old search (LIKE on title
and description for every word, the way the list searched before) and then with the new
one, and prints one line for each:

    search db=sqlite mode=substring postings=60000 requests=140 p50_ms=... p95_ms=... rps=...
    search db=sqlite mode=fulltext postings=60000 requests=140 p50_ms=... p95_ms=... rps=...

One client, one request at a time, through the app's test client (so the whole page is
rendered, as a visitor gets it). The two searches take turns, a round of every search each
(the first in turn changes every round), so a busy machine slows both alike; a last line
gives the full-text search's throughput as a share of the substring search's:

    search db=sqlite fulltext_vs_substring_rps=1.02
 The database is emptied first: its name must contain
"bench" (PostgreSQL: ``createdb bench_search``, then ``DATABASE_URL=postgresql://.../bench_search``
or ``--database-url``). Without either, a SQLite file in /tmp.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
from sqlalchemy import ColumnElement, Select, and_, literal, or_, text
from sqlalchemy.engine import make_url

from bench import dashboard
from marketplace.timestamps import local_today

SEARCHES = [
    "boodschappen",
    "hond uitlaten",
    "computer",
    "eenzaam",
    "geldzorgen",
    "tuin",
    "xyzzy",  # finds nothing
]
TITLES = np.array(
    [
        "Hulp bij de boodschappen",
        "Wie laat mijn hond uit?",
        "Computerles aan huis",
        "Samen koffie drinken",
        "Maatje tegen eenzaamheid",
        "Hulp bij schulden en post",
        "Tuin winterklaar maken",
        "Vervoer naar het ziekenhuis",
        "Taalmaatje gezocht",
        "Klusjes in huis",
        "Wandelen in het park",
        "Huiswerkbegeleiding voor mijn zoon",
        "Formulieren invullen",
        "Koken voor de buurt",
        "Lampen ophangen",
    ]
)
SENTENCES = np.array(
    [
        "Ik woon alleen en kan niet goed lopen.",
        "Mijn dochter woont ver weg.",
        "Het gaat om een uurtje per week.",
        "Graag op dinsdag of donderdag in de ochtend.",
        "De hond is lief en luistert goed.",
        "Ik heb een laptop maar snap het internet niet.",
        "De post stapelt zich op en ik weet niet waar te beginnen.",
        "Na het overlijden van mijn man zie ik weinig mensen.",
        "De supermarkt is te ver om te lopen.",
        "Ik betaal de benzine natuurlijk.",
        "Het café op de hoek is een fijne plek om te praten.",
        "Mijn Nederlands is nog niet zo goed.",
        "Er moeten twee planken opgehangen worden.",
        "De heg is te hoog geworden.",
        "Ik zoek iemand met geduld.",
    ]
)


@dataclass
class Result:
    mode: str
    wall_ms: list[float]
    seconds: float


class SubstringMatch:
    """The list's search before the full-text index, kept here only to compare with: every
    word somewhere in the title or the description (LIKE), no ranking."""

    def __init__(self, model: Any, text_typed: str) -> None:
        from marketplace.search import contains

        self.model = model
        self.words = [word[:50] for word in text_typed.split()][:8]
        self.contains = contains

    @property
    def condition(self) -> ColumnElement[bool]:
        return and_(
            *(
                or_(self.contains(self.model.title, w), self.contains(self.model.description, w))
                for w in self.words
            )
        )

    @property
    def rank(self) -> ColumnElement[float]:
        return literal(0.0)

    def join(self, query: Select[Any]) -> Select[Any]:
        return query.where(self.condition)


@contextmanager
def substring_search() -> Iterator[None]:
    with mock.patch("marketplace.postings.queries.matching", SubstringMatch):
        yield


def with_texts(data: dashboard.Generated, seed: int = 14) -> dashboard.Generated:
    """The generated postings with varied Dutch titles and two-sentence descriptions."""
    rng = np.random.default_rng(seed)
    n = data.rows("postings")
    postings = data.tables["postings"]
    postings["title"] = TITLES[rng.integers(0, len(TITLES), n)]
    first = SENTENCES[rng.integers(0, len(SENTENCES), n)]
    second = SENTENCES[rng.integers(0, len(SENTENCES), n)]
    postings["description"] = np.char.add(np.char.add(first, " "), second)
    return data


def _searching(mode: str) -> AbstractContextManager[None]:
    return substring_search() if mode == "substring" else nullcontext()


def time_round(client: Any, result: Result) -> None:
    """Every search once, added to ``result``."""
    started = time.perf_counter()
    with _searching(result.mode):
        for search in SEARCHES:
            before = time.perf_counter()
            response = client.get("/oproepen/", query_string={"q": search})
            result.wall_ms.append((time.perf_counter() - before) * 1000)
            assert response.status_code == 200, response.status_code
    result.seconds += time.perf_counter() - started


def time_requests(client: Any, repeat: int) -> list[Result]:
    """The substring and the full-text search, taking turns round by round."""
    results = [Result("substring", [], 0.0), Result("fulltext", [], 0.0)]
    for result in results:  # warm up: caches, prepared plans, templates
        with _searching(result.mode):
            for search in SEARCHES:
                client.get("/oproepen/", query_string={"q": search})
    for round_number in range(repeat):
        for result in results if round_number % 2 == 0 else results[::-1]:
            time_round(client, result)
    return results


def run(database_url: str, scale: str, repeat: int, out: Any = None) -> list[str]:
    from marketplace import create_app
    from marketplace.categories import ensure_default_categories
    from marketplace.extensions import db
    from marketplace.search import reindex

    url = make_url(database_url)
    if "bench" not in Path(url.database or "").name:
        raise SystemExit("The database is emptied first: use one with 'bench' in its name.")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "OUTBOX_RELAY_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_SECONDS": 0,  # time the page itself, not the anonymous page cache
            "CELERY_BROKER_URL": "memory://",
            "TESTING": True,
        }
    )
    now = datetime.combine(local_today(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    lines = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        ensure_default_categories(db.session)
        db.session.commit()
        with db.engine.begin() as connection:
            dashboard.load(connection, with_texts(dashboard.generate(scale, now)), now)
        reindex(db.session)
        db.session.commit()
        dashboard.settle(db.engine)
        postings = db.session.execute(text("SELECT count(*) FROM postings")).scalar()
        db.session.remove()
        client = app.test_client()
        results = time_requests(client, repeat)
        for result in results:
            lines.append(
                f"search db={db.engine.dialect.name} mode={result.mode} postings={postings} "
                f"requests={len(result.wall_ms)} "
                f"p50_ms={statistics.median(result.wall_ms):.0f} "
                f"p95_ms={dashboard._percentile(result.wall_ms, 0.95):.0f} "
                f"rps={len(result.wall_ms) / result.seconds:.1f}"
            )
            print(lines[-1], file=out, flush=True)
        substring, fulltext = results
        share = (len(fulltext.wall_ms) / fulltext.seconds) / (
            len(substring.wall_ms) / substring.seconds
        )
        lines.append(f"search db={db.engine.dialect.name} fulltext_vs_substring_rps={share:.2f}")
        print(lines[-1], file=out, flush=True)
        db.session.remove()
        db.engine.dispose()
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(tempfile.gettempdir()) / 'bench_search.db'}",
        help="SQLAlchemy URL; its database is emptied (name must contain 'bench')",
    )
    parser.add_argument("--scale", choices=sorted(dashboard.SCALES), default="rotterdam")
    parser.add_argument("--repeat", type=int, default=20, help="rounds of all searches")
    args = parser.parse_args(argv)
    run(args.database_url, args.scale, args.repeat)


if __name__ == "__main__":
    main()

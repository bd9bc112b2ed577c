"""The facet counts come from one statement: they must equal counting each facet on its own.

The reference here counts in Python from the services' own rows (every other chosen filter,
not the facet's own), the way a shop counts; run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select, text
from werkzeug.datastructures import MultiDict

from marketplace.extensions import db
from marketplace.sociale_kaart.finding import Filters, search, search_query
from marketplace.sociale_kaart.models import (
    CostKind,
    CostOption,
    Delivery,
    Language,
    Publication,
    Service,
    ServiceStatus,
    Setting,
)
from marketplace.sociale_kaart.models import TaxonomyTerm as Term
from tests.sociale_kaart.factories import location, service, term

WIJKEN = ("Delfshaven", "Feijenoord", "Kralingen", "Noord")
WORDS = ("koffie", "schulden", "eenzaam", "boodschappen", "taal", "wandelen")
LANGUAGES = ("nl", "en", "tr", "ar")


@dataclass
class Row:
    """A service as the reference sees it."""

    id: str
    name: str
    visible: bool
    terms: set[str]
    wijken: set[str]
    languages: set[str]
    cost: str
    delivery: str
    setting: str
    nearest: float | None  # squared degrees, as the kaart sorts
    cheapest: Decimal | None


@pytest.fixture
def kaart(app):
    """Fifty services: terms of both vocabularies, several locations (two in one wijk, or
    none), a language twice, a pending and a defunct one, words to search for."""
    rng = random.Random(14)
    problems = [term(f"Probleem {n}") for n in range(4)]
    groups = [term(f"Doelgroep {n}", "doelgroep") for n in range(3)]
    places = [
        location(wijk, latitude=51.9 + rng.random() / 10, longitude=4.4 + rng.random() / 10)
        for wijk in WIJKEN
        for _ in range(3)
    ]
    places.append(location("Noord", latitude=None, longitude=None))  # not on the map
    for n in range(50):
        chosen_terms = rng.sample(problems, rng.randint(0, 2)) + rng.sample(
            groups, rng.randint(0, 2)
        )
        made = service(
            f"{rng.choice(WORDS).capitalize()} {n:02d}",
            description=f"Over {' en '.join(rng.sample(WORDS, 2))} in de buurt.",
            terms=tuple(chosen_terms),
            at=tuple(rng.sample(places, rng.randint(0, 3))),
            languages=tuple(rng.sample(LANGUAGES, rng.randint(0, 2))),
            cost_kind=rng.choice(list(CostKind)),
            delivery=rng.choice(list(Delivery)),
            setting=rng.choice(list(Setting)),
        )
        if n % 7 == 0:
            made.cost_options.append(
                CostOption(id=f"cost-{n}", option="Bijdrage", amount=Decimal(rng.randint(1, 9)))
            )
        if n == 3:
            made.languages.append(Language(id="lang-twice", name="tr", code="tr"))
            made.languages.append(Language(id="lang-twice-2", name="tr", code="tr"))
        if n == 4:
            made.publication = Publication.PENDING
        if n == 5:
            made.status = ServiceStatus.DEFUNCT
    db.session.commit()
    return {"problems": [p.id for p in problems], "groups": [g.id for g in groups]}


def rows(origin: tuple[float, float] | None = None) -> list[Row]:
    result = []
    for made in db.session.scalars(select(Service)):
        distances = []
        for at in made.service_at_locations:
            place = at.location
            if origin is not None and place.latitude is not None and place.longitude is not None:
                scale = math.cos(math.radians(origin[0]))
                dlat = place.latitude - origin[0]
                dlon = (place.longitude - origin[1]) * scale
                distances.append(dlat * dlat + dlon * dlon)
        amounts = [c.amount for c in made.cost_options if c.amount is not None]
        result.append(
            Row(
                id=made.id,
                name=made.name,
                visible=made.publication == Publication.APPROVED
                and made.status != ServiceStatus.DEFUNCT,
                terms={t.id for t in made.terms},
                wijken={at.location.wijk for at in made.service_at_locations},
                languages={language.code for language in made.languages},
                cost=made.cost_kind,
                delivery=made.delivery,
                setting=made.setting,
                nearest=min(distances) if distances else None,
                cheapest=min(amounts) if amounts else None,
            )
        )
    return result


def passes(row: Row, filters: Filters, matched: set[str], leave_out: str = "") -> bool:
    tests = {
        "problem": not filters.problem or bool(row.terms & set(filters.problem)),
        "group": not filters.group or bool(row.terms & set(filters.group)),
        "cost": not filters.cost or row.cost in filters.cost,
        "delivery": not filters.delivery or row.delivery in (filters.delivery, "both"),
        "setting": not filters.setting or row.setting in (filters.setting, "both"),
        "wijk": not filters.wijk or bool(row.wijken & set(filters.wijk)),
        "language": not filters.language or bool(row.languages & set(filters.language)),
    }
    searched = not filters.q or row.id in matched
    return row.visible and searched and all(ok for key, ok in tests.items() if key != leave_out)


def reference(filters: Filters) -> tuple[int, dict[str, dict[str, int]]]:
    """The number found and each facet's counts, one facet at a time."""
    everything = rows()
    matched = set()
    if filters.q:
        found = filters.text
        assert found is not None
        matched = set(db.session.scalars(select(Service.id).where(found.condition)))
    vocabulary = {t.id: t.taxonomy for t in db.session.scalars(select(Term))}
    counts: dict[str, dict[str, int]] = {}
    for key in ("problem", "group", "wijk", "language"):
        counts[key] = {}
        for row in everything:
            if not passes(row, filters, matched, leave_out=key):
                continue
            values = {
                "problem": {t for t in row.terms if vocabulary[t] == "probleem"},
                "group": {t for t in row.terms if vocabulary[t] == "doelgroep"},
                "wijk": row.wijken,
                "language": row.languages,
            }[key]
            for value in values:
                counts[key][value] = counts[key].get(value, 0) + 1
    counts["cost"] = {
        kind.value: sum(
            1 for r in everything if passes(r, filters, matched, "cost") and r.cost == kind
        )
        for kind in CostKind
    }
    for key, attribute in (("delivery", "delivery"), ("setting", "setting")):
        values = ("group", "individual") if key == "delivery" else ("at_home", "elsewhere")
        counts[key] = {
            value: sum(
                1
                for r in everything
                if passes(r, filters, matched, key) and getattr(r, attribute) in (value, "both")
            )
            for value in values
        }
    total = sum(1 for row in everything if passes(row, filters, matched))
    return total, counts


def filters_for(kaart, case: str) -> Filters:
    p, g = kaart["problems"], kaart["groups"]
    args = {
        "nothing": {},
        "word": {"q": "koffie"},
        "synonym": {"q": "geldzorgen"},
        "cost": {"kosten": ["free", "paid"]},
        "problem and group": {"probleem": [p[0], p[1]], "doelgroep": [g[0]]},
        "wijk and language": {"wijk": ["Delfshaven", "Noord"], "taal": ["tr"]},
        "delivery and setting": {"vorm": "group", "waar": "at_home"},
        "everything chosen": {
            "q": "schulden",
            "probleem": [p[2]],
            "doelgroep": [g[1], g[2]],
            "kosten": ["free", "subsidised"],
            "vorm": "individual",
            "waar": "elsewhere",
            "wijk": ["Kralingen", "Feijenoord"],
            "taal": ["nl", "en"],
        },
        "only stop words": {"q": "de het"},
    }[case]
    return Filters.from_args(MultiDict(args))


CASES = [
    "nothing",
    "word",
    "synonym",
    "cost",
    "problem and group",
    "wijk and language",
    "delivery and setting",
    "everything chosen",
    "only stop words",
]


@pytest.mark.parametrize("case", CASES)
def test_the_counts_equal_a_count_per_facet(kaart, case):
    filters = filters_for(kaart, case)

    found = search(db.session, filters)

    total, expected = reference(filters)
    got = {key: {v.value: v.count for v in values} for key, values in found.facets.items()}
    assert got == expected
    assert found.total == total


@pytest.mark.parametrize("case", CASES)
def test_the_number_found_is_the_length_of_the_list(kaart, case):
    filters = filters_for(kaart, case)

    found = search(db.session, filters)

    listed = db.session.scalar(
        select(func.count()).select_from(search_query(filters).order_by(None).subquery())
    )
    assert found.total == listed


def test_a_search_takes_one_statement_for_all_counts(kaart):
    filters = filters_for(kaart, "everything chosen")
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        search(db.session, filters)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)

    counting = [s for s in statements if "count(" in s.lower()]
    assert len(counting) == 1, statements


def test_the_page_shows_the_number_found_without_counting_again(client, kaart):
    filters = filters_for(kaart, "cost")
    total, _ = reference(filters)

    page = client.get("/sociale-kaart/?kosten=free&kosten=paid").get_data(as_text=True)

    assert f"{total} diensten gevonden" in page


def test_sorting_by_distance_puts_the_nearest_location_first(kaart):
    origin = (51.95, 4.45)
    filters = Filters(sort="distance", lat=origin[0], lon=origin[1])

    listed = list(db.session.scalars(search_query(filters).with_only_columns(Service.id)))

    expected = sorted(
        (r for r in rows(origin) if r.visible),
        key=lambda r: (r.nearest if r.nearest is not None else 1e9, r.name, r.id),
    )
    assert listed == [r.id for r in expected]


def test_sorting_by_costs_puts_free_then_subsidised_then_the_cheapest_first(kaart):
    filters = Filters(sort="costs")

    listed = list(db.session.scalars(search_query(filters).with_only_columns(Service.id)))

    order = {CostKind.FREE: 0, CostKind.SUBSIDISED: 1, CostKind.PAID: 2}
    expected = sorted(
        (r for r in rows() if r.visible),
        key=lambda r: (order[CostKind(r.cost)], r.cheapest or 0, r.name, r.id),
    )
    assert listed == [r.id for r in expected]


def test_postgresql_plans_the_search_for_its_values(kaart):
    """A prepared statement's generic plan guesses without the values: two to three times
    slower for the kaart's searches (bench/sociale_kaart.py)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")

    search(db.session, filters_for(kaart, "cost"))

    assert db.session.scalar(text("SHOW plan_cache_mode")) == "force_custom_plan"
    db.session.rollback()  # SET LOCAL: for the request's transaction only
    assert db.session.scalar(text("SHOW plan_cache_mode")) == "auto"

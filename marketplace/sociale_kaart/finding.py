"""Finding services like in a web shop: a search box, facets with counts, sorting.

Facets count the way shops do: the counts of one facet take every other chosen filter into
account but not its own, so choosing "gratis" still shows how many "betaald" there are.
A service for both group and individual counts under both (the same for home/elsewhere).

Speed (``bench/sociale_kaart.py``: 5,000 services, p95 <= 100 ms): the words typed are
matched once a request (``Filters.text``), and every facet's counts and the number found come
from one statement (``search``): the services that pass the search words, each with a flag
per chosen filter, made once (a CTE), then counted per facet leaving that facet's own flag out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.search import Match, matching
from marketplace.sociale_kaart.models import (
    Attribute,
    CostKind,
    CostOption,
    Delivery,
    Language,
    Location,
    Publication,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Setting,
    TaxonomyTerm,
    Vocabulary,
)

SORTS = ("relevance", "distance", "costs")
MAX_QUERY = 200


def text_match(query: str) -> Match:
    """The services whose name, other name, description or conditions match ``query``: the
    shared Dutch full-text search (stems, synonyms: "eenzaam" finds "eenzaamheid",
    "geldzorgen" finds schuldhulp; DEVELOPERS.md, "Searching")."""
    return matching(Service, query)


@dataclass
class Filters:
    """What the visitor chose; empty means everything."""

    q: str = ""
    problem: list[str] = field(default_factory=list)  # taxonomy term ids
    group: list[str] = field(default_factory=list)  # taxonomy term ids (doelgroep)
    cost: list[str] = field(default_factory=list)  # CostKind values
    delivery: str = ""  # "group" or "individual"
    setting: str = ""  # "at_home" or "elsewhere"
    wijk: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)  # ISO codes
    sort: str = "relevance"
    # Where the visitor is, for sorting by distance (from a postcode).
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        """From a query string (a MultiDict); unknown values are dropped, never an error."""
        costs = {kind.value for kind in CostKind}
        sort = args.get("sort", "relevance")
        return cls(
            q=(args.get("q") or "").strip()[:MAX_QUERY],
            problem=[v for v in args.getlist("probleem") if v][:20],
            group=[v for v in args.getlist("doelgroep") if v][:20],
            cost=[v for v in args.getlist("kosten") if v in costs],
            delivery=args.get("vorm") if args.get("vorm") in ("group", "individual") else "",
            setting=args.get("waar") if args.get("waar") in ("at_home", "elsewhere") else "",
            wijk=[v for v in args.getlist("wijk") if v][:20],
            language=[v for v in args.getlist("taal") if v][:20],
            sort=sort if sort in SORTS else "relevance",
        )

    @cached_property
    def text(self) -> Match | None:
        """The words typed, matched once for the whole request; None without any. A query
        of only stop words or punctuation matches nothing."""
        return text_match(self.q) if self.q.strip() else None

    @property
    def is_empty(self) -> bool:
        return not (
            self.q
            or self.problem
            or self.group
            or self.cost
            or self.delivery
            or self.setting
            or self.wijk
            or self.language
        )


def visible() -> ColumnElement[bool]:
    """On the public kaart: approved, and not gone for good."""
    return (Service.publication == Publication.APPROVED) & (Service.status != ServiceStatus.DEFUNCT)


def _with_term(term_ids: list[str]) -> ColumnElement[bool]:
    return Service.id.in_(
        select(Attribute.service_id).where(Attribute.taxonomy_term_id.in_(term_ids))
    )


def _in_wijk(wijken: list[str]) -> ColumnElement[bool]:
    return Service.id.in_(
        select(ServiceAtLocation.service_id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Location.wijk.in_(wijken))
    )


def _speaks(codes: list[str]) -> ColumnElement[bool]:
    return Service.id.in_(select(Language.service_id).where(Language.code.in_(codes)))


def _chosen(filters: Filters) -> dict[str, ColumnElement[bool]]:
    """The condition of every facet the visitor chose something in, by facet."""
    chosen: dict[str, ColumnElement[bool]] = {}
    if filters.problem:
        chosen["problem"] = _with_term(filters.problem)
    if filters.group:
        chosen["group"] = _with_term(filters.group)
    if filters.cost:
        chosen["cost"] = Service.cost_kind.in_(filters.cost)
    if filters.delivery:
        chosen["delivery"] = Service.delivery.in_([filters.delivery, Delivery.BOTH])
    if filters.setting:
        chosen["setting"] = Service.setting.in_([filters.setting, Setting.BOTH])
    if filters.wijk:
        chosen["wijk"] = _in_wijk(filters.wijk)
    if filters.language:
        chosen["language"] = _speaks(filters.language)
    return chosen


def _searched(filters: Filters) -> list[ColumnElement[bool]]:
    """What every count and the list share: visible, and the words typed."""
    where = [visible()]
    if filters.text is not None:
        where.append(filters.text.condition)
    return where


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


def _squared_distance(filters: Filters) -> Any:
    """Squared distance in degrees to a location, longitude scaled by cos(latitude)."""
    assert filters.lat is not None and filters.lon is not None
    scale = math.cos(math.radians(filters.lat))
    dlat = Location.latitude - filters.lat
    dlon = (Location.longitude - filters.lon) * scale
    return dlat * dlat + dlon * dlon


def _nearest_by_service(filters: Filters) -> Any:
    """Each service's nearest location, in one grouped pass over the locations (PostgreSQL
    hashes it faster than it runs a subquery per service)."""
    return (
        select(
            ServiceAtLocation.service_id.label("service_id"),
            func.min(_squared_distance(filters)).label("distance"),
        )
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .group_by(ServiceAtLocation.service_id)
        .subquery("nearest")
    )


def _nearest_of_this_service(filters: Filters) -> Any:
    """The nearest location of the service in the outer query, by its index (SQLite is
    quicker this way: it looks up the few locations of each service found)."""
    return (
        select(func.min(_squared_distance(filters)))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id == Service.id)
        .scalar_subquery()
    )


def _cheapest_option() -> Any:
    return (
        select(
            CostOption.service_id.label("service_id"),
            func.min(CostOption.amount).label("amount"),
        )
        .group_by(CostOption.service_id)
        .subquery("cheapest")
    )


def search_query(filters: Filters) -> Select[Any]:
    """The services for ``filters``, in the chosen order (the caller pages through it)."""
    query = select(Service).where(*_searched(filters), *_chosen(filters).values())
    if filters.sort == "distance" and filters.lat is not None and filters.lon is not None:
        if db.engine.dialect.name == "postgresql":
            nearest = _nearest_by_service(filters)
            query = query.outerjoin(nearest, nearest.c.service_id == Service.id)
            distance = nearest.c.distance
        else:
            distance = _nearest_of_this_service(filters)
        return query.order_by(func.coalesce(distance, 1e9), Service.name, Service.id)
    if filters.sort == "costs":
        cheapest = _cheapest_option()
        kind_order = case(
            (Service.cost_kind == CostKind.FREE, 0),
            (Service.cost_kind == CostKind.SUBSIDISED, 1),
            else_=2,
        )
        return query.outerjoin(cheapest, cheapest.c.service_id == Service.id).order_by(
            kind_order, func.coalesce(cheapest.c.amount, 0), Service.name, Service.id
        )
    if filters.text is not None:
        return query.order_by(filters.text.rank.desc(), Service.name, Service.id)
    return query.order_by(Service.name, Service.id)


# --- Facet counts: one statement -----------------------------------------------------------

TOTAL = "total"
_SERVICE_COLUMNS = ("cost", "delivery", "setting")


def _facet_statement(filters: Filters, dialect: str) -> Select[Any]:
    """Rows (facet, value, count) for every facet, and ("total", NULL, number found).

    ``hits``: the services that pass the search words, with a flag per chosen filter. A
    facet counts the hits whose flags are all set but (perhaps) its own; a hit that fails
    two chosen filters counts nowhere, so it is left out at once."""
    chosen = _chosen(filters)
    flags = {key: f"chose_{key}" for key in chosen}
    hits_query = select(
        Service.id.label("id"),
        Service.cost_kind.label("cost"),
        Service.delivery.label("delivery"),
        Service.setting.label("setting"),
        *(condition.label(flags[key]) for key, condition in chosen.items()),
    ).where(*_searched(filters))
    if len(chosen) > 1:
        failed = sum((case((condition, 0), else_=1) for condition in chosen.values()), literal(0))
        hits_query = hits_query.where(failed <= 1)
    hits = hits_query.cte("hits")

    def passes(leave_out: str = "") -> ColumnElement[bool]:
        return and_(true(), *(hits.c[flag] for key, flag in flags.items() if key != leave_out))

    def named(name: str) -> Any:
        # A constant in the SQL itself: the same statement (and plan) for every search.
        return literal_column(f"'{name}'", String).label("facet")

    parts: list[Select[Any]] = [
        select(named(TOTAL), null().cast(String).label("value"), func.count().label("n"))
        .select_from(hits)
        .where(passes())
    ]
    for key in _SERVICE_COLUMNS:
        column = hits.c[key]
        parts.append(select(named(key), column, func.count()).where(passes(key)).group_by(column))

    # The rows of the other tables are looked up by the ids that pass (a semi-join): both
    # databases then read them once, whatever they guess of the hits' size.
    def ids(leave_out: str) -> Select[Any]:
        return select(hits.c.id).where(passes(leave_out))

    # Per taxonomy term: an (service, term) pair is unique, so no DISTINCT. Each term counts
    # under its own vocabulary's facet (``search`` sorts them out); only when a term was
    # chosen do the two facets count different services, which needs the term's vocabulary.
    terms = select(named("term"), Attribute.taxonomy_term_id, func.count())
    if "problem" in chosen or "group" in chosen:
        terms = terms.join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id).where(
            or_(
                and_(
                    TaxonomyTerm.taxonomy == Vocabulary.PROBLEM,
                    Attribute.service_id.in_(ids("problem")),
                ),
                and_(
                    TaxonomyTerm.taxonomy == Vocabulary.TARGET_GROUP,
                    Attribute.service_id.in_(ids("group")),
                ),
            )
        )
    else:
        terms = terms.where(Attribute.service_id.in_(ids("")))
    parts.append(terms.group_by(Attribute.taxonomy_term_id))
    # A service may be at two locations in one wijk (or list a language twice): count each
    # service once. PostgreSQL sorts for count(DISTINCT); dropping the doubles by hash first
    # is quicker there, and slower on SQLite.
    pairs = {
        "wijk": select(ServiceAtLocation.service_id, Location.wijk.label("value"))
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(ids("wijk"))),
        "language": select(Language.service_id, Language.code.label("value")).where(
            Language.service_id.in_(ids("language"))
        ),
    }
    for key, pair in pairs.items():
        if dialect == "postgresql":
            unique = pair.distinct().subquery()
            count = func.count()
        else:
            unique = pair.subquery()
            count = func.count(func.distinct(unique.c.service_id))
        parts.append(select(named(key), unique.c.value, count).group_by(unique.c.value))
    return union_all(*parts)  # type: ignore[return-value]


@dataclass
class Found:
    """What a search found besides its list: how many, and every facet's values."""

    total: int
    facets: dict[str, list[FacetValue]]
    terms: dict[str, TaxonomyTerm]  # by id, for their labels


def search(session: Session, filters: Filters) -> Found:
    """The number of services found and the counts of every facet, in one statement."""
    counts: dict[str, dict[str | None, int]] = {}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # psycopg prepares a statement run often; after a few runs PostgreSQL may then keep
        # one plan for any value, guessed without the values (all services "approved"?, how
        # many speak "tr"?), which made the kaart's searches two to three times slower. Plan
        # them for their values, for the rest of this request's transaction.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    statement = _facet_statement(filters, dialect)
    for facet, value, count in session.execute(statement):
        counts.setdefault(facet, {})[value] = count
    terms = {
        term.id: term for term in session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.name))
    }
    by_name = sorted(terms.values(), key=lambda term: term.name)
    result: dict[str, list[FacetValue]] = {}
    term_counts = counts.get("term", {})
    for key, vocabulary, chosen in (
        ("problem", Vocabulary.PROBLEM, filters.problem),
        ("group", Vocabulary.TARGET_GROUP, filters.group),
    ):
        result[key] = [
            FacetValue(term.id, term.name, term_counts[term.id], term.id in chosen)
            for term in by_name
            if term.taxonomy == vocabulary and term.id in term_counts
        ]
    cost_counts = counts.get("cost", {})
    result["cost"] = [
        FacetValue(kind.value, kind.value, cost_counts.get(kind.value, 0), kind in filters.cost)
        for kind in CostKind
    ]
    single_choices: tuple[tuple[str, Any, tuple[str, str], str], ...] = (
        ("delivery", Delivery.BOTH, ("group", "individual"), filters.delivery),
        ("setting", Setting.BOTH, ("at_home", "elsewhere"), filters.setting),
    )
    for key, both, values, one_chosen in single_choices:
        found = counts.get(key, {})
        result[key] = [
            FacetValue(
                value,
                value,
                found.get(value, 0) + found.get(both.value, 0),
                value == one_chosen,
            )
            for value in values
        ]
    result["wijk"] = [
        FacetValue(wijk, wijk, count, wijk in filters.wijk)
        for wijk, count in sorted((str(w), n) for w, n in counts.get("wijk", {}).items() if w)
    ]
    result["language"] = [
        FacetValue(code, code, count, code in filters.language)
        for code, count in sorted((str(c), n) for c, n in counts.get("language", {}).items())
    ]
    total = counts.get(TOTAL, {}).get(None, 0)
    return Found(total=total, facets=result, terms=terms)


def facets(session: Session, filters: Filters) -> dict[str, list[FacetValue]]:
    return search(session, filters).facets

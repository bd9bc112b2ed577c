"""Finding services like in a web shop: a search box, facets with counts, sorting.

Facets count the way shops do: the counts of one facet take every other chosen filter into
account but not its own, so choosing "gratis" still shows how many "betaald" there are.
A service for both group and individual counts under both (the same for home/elsewhere).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, select
from sqlalchemy.orm import Session

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


def text_filter(query: str) -> ColumnElement[bool]:
    """Services matching ``query`` (every word, or one of its synonyms); everything for an
    empty query, nothing for one of only stop words or punctuation."""
    if not query.strip():
        return literal(True)
    return text_match(query).condition


def text_rank(query: str) -> Any:
    """Higher for a better match (the name before the description)."""
    if not query.strip():
        return literal(0)
    return text_match(query).rank


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


def _conditions(filters: Filters, leave_out: str = "") -> list[ColumnElement[bool]]:
    """The WHERE of the search; ``leave_out`` names the facet whose own choice is ignored."""
    where = [visible()]
    if filters.q:
        where.append(text_filter(filters.q))
    if filters.problem and leave_out != "problem":
        where.append(_with_term(filters.problem))
    if filters.group and leave_out != "group":
        where.append(_with_term(filters.group))
    if filters.cost and leave_out != "cost":
        where.append(Service.cost_kind.in_(filters.cost))
    if filters.delivery and leave_out != "delivery":
        where.append(Service.delivery.in_([filters.delivery, Delivery.BOTH]))
    if filters.setting and leave_out != "setting":
        where.append(Service.setting.in_([filters.setting, Setting.BOTH]))
    if filters.wijk and leave_out != "wijk":
        where.append(_in_wijk(filters.wijk))
    if filters.language and leave_out != "language":
        where.append(_speaks(filters.language))
    return where


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


def _order(filters: Filters) -> list[Any]:
    if filters.sort == "distance" and filters.lat is not None and filters.lon is not None:
        scale = math.cos(math.radians(filters.lat))
        nearest = (
            select(
                func.min(
                    (Location.latitude - filters.lat) * (Location.latitude - filters.lat)
                    + (Location.longitude - filters.lon)
                    * (Location.longitude - filters.lon)
                    * scale
                    * scale
                )
            )
            .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
            .where(ServiceAtLocation.service_id == Service.id)
            .scalar_subquery()
        )
        return [func.coalesce(nearest, 1e9), Service.name, Service.id]
    if filters.sort == "costs":
        cheapest = (
            select(func.min(CostOption.amount))
            .where(CostOption.service_id == Service.id)
            .scalar_subquery()
        )
        kind_order = case(
            (Service.cost_kind == CostKind.FREE, 0),
            (Service.cost_kind == CostKind.SUBSIDISED, 1),
            else_=2,
        )
        return [kind_order, func.coalesce(cheapest, 0), Service.name, Service.id]
    return [text_rank(filters.q).desc(), Service.name, Service.id]


def search_query(filters: Filters) -> Select[Any]:
    """The services for ``filters``, in the chosen order (the caller pages through it)."""
    return select(Service).where(*_conditions(filters)).order_by(*_order(filters))


def _counts(session: Session, column: Any, where: list[Any]) -> dict[str, int]:
    """Services per value of one of the service's own columns."""
    rows = session.execute(select(column, func.count()).where(*where).group_by(column)).all()
    return {str(value): count for value, count in rows if value is not None}


def _matching_ids(where: list[Any]) -> Any:
    return select(Service.id).where(*where)


def _term_counts(session: Session, where: list[Any]) -> dict[str, int]:
    """Services per taxonomy term, from the attribute rows alone (an (service, term) pair
    is unique: no DISTINCT needed). The same plan whatever the filters, on PostgreSQL too
    once statements are prepared."""
    rows = session.execute(
        select(Attribute.taxonomy_term_id, func.count())
        .where(Attribute.service_id.in_(_matching_ids(where)))
        .group_by(Attribute.taxonomy_term_id)
    ).all()
    return {str(term_id): count for term_id, count in rows}


def facets(session: Session, filters: Filters) -> dict[str, list[FacetValue]]:
    terms = {
        term.id: term for term in session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.name))
    }
    result: dict[str, list[FacetValue]] = {}
    for key, vocabulary, chosen in (
        ("problem", Vocabulary.PROBLEM, filters.problem),
        ("group", Vocabulary.TARGET_GROUP, filters.group),
    ):
        counts = _term_counts(session, _conditions(filters, key))
        result[key] = [
            FacetValue(term_id, terms[term_id].name, count, term_id in chosen)
            for term_id, count in sorted(counts.items(), key=lambda item: terms[item[0]].name)
            if term_id in terms and terms[term_id].taxonomy == vocabulary
        ]
    cost_counts = _counts(session, Service.cost_kind, _conditions(filters, "cost"))
    result["cost"] = [
        FacetValue(kind.value, kind.value, cost_counts.get(kind.value, 0), kind in filters.cost)
        for kind in CostKind
    ]
    single_choices: tuple[tuple[str, Any, Any, tuple[str, str], str], ...] = (
        ("delivery", Service.delivery, Delivery.BOTH, ("group", "individual"), filters.delivery),
        ("setting", Service.setting, Setting.BOTH, ("at_home", "elsewhere"), filters.setting),
    )
    for key, column, both, values, one_chosen in single_choices:
        counts = _counts(session, column, _conditions(filters, key))
        result[key] = [
            FacetValue(
                value,
                value,
                counts.get(value, 0) + counts.get(both.value, 0),
                value == one_chosen,
            )
            for value in values
        ]
    wijk_rows = session.execute(
        select(Location.wijk, func.count(func.distinct(ServiceAtLocation.service_id)))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id.in_(_matching_ids(_conditions(filters, "wijk"))))
        .group_by(Location.wijk)
    ).all()
    wijk_counts = {str(wijk): count for wijk, count in wijk_rows if wijk is not None}
    result["wijk"] = [
        FacetValue(wijk, wijk, count, wijk in filters.wijk)
        for wijk, count in sorted(wijk_counts.items())
        if wijk
    ]
    language_rows = session.execute(
        select(Language.code, func.count(func.distinct(Language.service_id)))
        .where(Language.service_id.in_(_matching_ids(_conditions(filters, "language"))))
        .group_by(Language.code)
    ).all()
    language_counts = {str(code): count for code, count in language_rows}
    result["language"] = [
        FacetValue(code, code, count, code in filters.language)
        for code, count in sorted(language_counts.items())
    ]
    return result

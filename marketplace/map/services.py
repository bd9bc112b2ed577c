"""Where postings are, by neighbourhood, for the map.

A point is the centre of a neighbourhood (Rotterdam's wijken) or of a four-digit postcode
area, rounded to ``DECIMALS`` places (about 100 metres): it shows the part of town, never a
street or a house. The stored coordinates of a posting are never sent.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.geo.postcodes import DATA_DIR, _pc4_table
from marketplace.postings.queries import BrowseFilters, browse_query

DECIMALS = 3


@dataclass(frozen=True)
class NeighbourhoodPoint:
    neighbourhood: str
    lat: float
    lon: float
    count: int

    def as_json(self) -> dict[str, object]:
        return {
            "neighbourhood": self.neighbourhood,
            "lat": self.lat,
            "lon": self.lon,
            "count": self.count,
        }


@cache
def _wijk_centres() -> dict[str, tuple[float, float]]:
    with open(DATA_DIR / "rotterdam_wijken.csv", encoding="utf-8", newline="") as f:
        return {row["wijk"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f)}


def approximate_point(neighbourhood: str, pc4: str) -> tuple[float, float] | None:
    """The rounded centre of the neighbourhood, else of the PC4 area; None when unknown."""
    centre = _wijk_centres().get(neighbourhood)
    if centre is None:
        row = _pc4_table().get(pc4)
        if row is None:
            return None
        centre = (row[0], row[1])
    return round(centre[0], DECIMALS), round(centre[1], DECIMALS)


def neighbourhood_points(
    session: Session, filters: BrowseFilters, today: date
) -> list[NeighbourhoodPoint]:
    """How many public postings (matching ``filters``) each neighbourhood has, most first."""
    postings = browse_query(filters, today).order_by(None).subquery()
    rows = session.execute(
        select(postings.c.neighbourhood, func.min(postings.c.pc4), func.count())
        .group_by(postings.c.neighbourhood)
        .order_by(func.count().desc(), postings.c.neighbourhood)
    ).all()
    points = []
    for neighbourhood, pc4, count in rows:
        point = approximate_point(neighbourhood, pc4)
        if point is not None:
            points.append(NeighbourhoodPoint(neighbourhood, point[0], point[1], count))
    return points

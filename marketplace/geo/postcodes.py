"""Dutch postcode -> approximate place, from the CSV files shipped beside this module."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
# "3011", "3011AB", "3011 ab", " 3011  AB " (letters SA, SD and SS are never issued)
POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*(?:([A-Za-z]{2}))?\s*$")


class InvalidPostcode(ValueError):
    """The text is not shaped like a Dutch postcode."""


class UnknownPostcode(LookupError):
    """Shaped like a postcode, but no place is known for it (e.g. a PO-box range)."""


@dataclass(frozen=True)
class Place:
    postcode: str  # normalised: "3011 AB" or "3011"
    pc4: str
    lat: float
    lon: float
    neighbourhood: str  # Rotterdam: the wijk; elsewhere the place name
    municipality: str

    def columns(self) -> dict[str, str | float]:
        """What a posting or a profile keeps of its place, by the names of their columns."""
        return {
            "postcode": self.postcode,
            "pc4": self.pc4,
            "lat": self.lat,
            "lon": self.lon,
            "neighbourhood": self.neighbourhood,
        }


def normalise_postcode(text: str) -> tuple[str, str]:
    """Return (normalised postcode, pc4). Raises InvalidPostcode."""
    match = POSTCODE_RE.match(text or "")
    if not match:
        raise InvalidPostcode(text)
    pc4, letters = match.group(1), match.group(2)
    if letters and letters.upper() in {"SA", "SD", "SS"}:
        raise InvalidPostcode(text)
    return (f"{pc4} {letters.upper()}" if letters else pc4), pc4


@cache
def _pc4_table() -> dict[str, tuple[float, float, str, str]]:
    with open(DATA_DIR / "nl_pc4.csv", encoding="utf-8", newline="") as f:
        return {
            row["pc4"]: (float(row["lat"]), float(row["lon"]), row["place"], row["municipality"])
            for row in csv.DictReader(f)
        }


@cache
def _rotterdam_wijken() -> dict[str, str]:
    with open(DATA_DIR / "rotterdam_pc4_wijk.csv", encoding="utf-8", newline="") as f:
        return {row["pc4"]: row["wijk"] for row in csv.DictReader(f)}


def is_neighbourhood(name: str) -> bool:
    """Whether ``name`` is one of Rotterdam's wijken (as postings store the neighbourhood)."""
    return name in set(_rotterdam_wijken().values())


def wijk_names() -> list[str]:
    """Rotterdam's wijken, sorted (choices for a list of wijken)."""
    return sorted(set(_rotterdam_wijken().values()), key=str.casefold)


def lookup_postcode(text: str) -> Place:
    """Raises InvalidPostcode or UnknownPostcode."""
    postcode, pc4 = normalise_postcode(text)
    try:
        lat, lon, place, municipality = _pc4_table()[pc4]
    except KeyError:
        raise UnknownPostcode(postcode) from None
    neighbourhood = _rotterdam_wijken().get(pc4, place)
    return Place(postcode, pc4, lat, lon, neighbourhood, municipality)


def all_pc4s(municipality: str | None = None) -> list[str]:
    """Every known PC4, or those of one municipality (used by demo data and benchmarks)."""
    return [
        pc4 for pc4, row in _pc4_table().items() if municipality is None or row[3] == municipality
    ]

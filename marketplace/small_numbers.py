"""Hiding small numbers on every figures page (k-anonymity, k = 5): a count from 1 to 4
could point at a person, so it reads "< 5". A 0 is shown as 0: "nobody" identifies no one.
The municipality's dashboard and an organisation's own figures both use ``shown_count``."""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 5  # counts below this (but above 0) are hidden; medians need at least this many


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown: ``value`` is None when it is hidden or unknown."""

    value: float | None
    text: str
    is_hidden: bool = False

    @property
    def csv(self) -> str:
        return self.text if self.value is None else _plain(self.value)


@dataclass(frozen=True)
class FigureRow:
    """One line of an organisation's figures table: what is counted, and its figure."""

    label: str
    cell: Cell


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def shown_count(n: int) -> Cell:
    """0 stays 0; 1 to 4 read "< 5"; 5 or more as they are."""
    if 0 < n < SMALL:
        return Cell(None, "< 5", is_hidden=True)
    return Cell(n, str(n))

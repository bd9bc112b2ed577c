"""Counts and progress bars for long work: loaders, imports, key rotation, backfills.

``progress(items, "Sleutels vernieuwen", total=n)`` wraps an iterable; ``counter(...)`` gives
a bar to ``update(n)`` by hand (work done in batches). Both draw a tqdm bar on standard error
when it is a terminal, and are silent otherwise (a web request, a worker, a log file, the
tests), so wrapping work in them changes nothing else. ``BUURTHULP_PROGRESS=1`` forces the
bar on (a pipe into a log you watch), ``BUURTHULP_PROGRESS=0`` off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")

SWITCH = "BUURTHULP_PROGRESS"


def shown(stream: TextIO | None = None) -> bool:
    """Whether bars are drawn: forced by BUURTHULP_PROGRESS, else on a terminal only."""
    forced = os.environ.get(SWITCH, "").strip()
    if forced in {"0", "1"}:
        return forced == "1"
    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


def _bar(description: str, total: int | None, unit: str) -> tqdm:
    return tqdm(
        total=total,
        desc=description,
        unit=f" {unit}",
        file=sys.stderr,
        disable=not shown(),
        mininterval=0.5,
        dynamic_ncols=True,
    )


def progress(
    items: Iterable[T], description: str, total: int | None = None, unit: str = "rijen"
) -> Iterator[T]:
    """Yield ``items`` while a bar counts them (``total`` defaults to ``len(items)``)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with _bar(description, total, unit) as bar:
        for item in items:
            yield item
            bar.update(1)


@contextmanager
def counter(description: str, total: int | None = None, unit: str = "rijen") -> Iterator[tqdm]:
    """A bar to advance with ``bar.update(n)``, closed at the end of the block."""
    with _bar(description, total, unit) as bar:
        yield bar

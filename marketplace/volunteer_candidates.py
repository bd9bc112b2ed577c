"""Who could help with a request, asked by features that do not own matching.

Matching owns the ranking (candidates, scoring, reasons); matchmaking shows it to welfare
staff; credentials decide who may be offered a request at all. Features do not import each
other (DEVELOPERS.md, "Layers"), so they meet here, in registries filled from their
``hooks.py``:

- ``register_ranker``: matching's ranking of volunteers for one posting, best first, each
  with the reasons in words (the same words volunteers see, "Waarom ziet u dit?");
- ``register_requirement``: credentials' answer to "who among these people may be offered
  this posting", with what they hold ("vog"); ``None`` when the posting needs nothing;
- ``register_reason_words``: words for reasons that a registered feature stored
  (credentials: "Heeft een VOG").

A shared module: no imports from the app, postings are passed as ``Any``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

_KEY = "volunteer_candidates"


@dataclass(frozen=True)
class RankedVolunteer:
    """One volunteer a posting fits, with the reasons in the current language."""

    user_id: int
    score: float
    distance_km: float
    phrases: list[str] = field(default_factory=list)


Ranker = Callable[[Session, Any, int], list[RankedVolunteer]]
# (session, posting, user ids) -> {user id: what they hold that counts} or None (no need)
Requirement = Callable[[Session, Any, Sequence[int]], dict[int, list[str]] | None]
ReasonWords = Callable[[Mapping[str, Any]], list[str]]


def _registry(app: Flask) -> dict[str, list[Any]]:
    return app.extensions.setdefault(_KEY, {"rankers": [], "requirements": [], "reason_words": []})


def _registered(kind: str) -> list[Any]:
    if not has_app_context():
        return []
    return list(current_app.extensions.get(_KEY, {}).get(kind, []))


def register_ranker(app: Flask, ranker: Ranker) -> None:
    rankers = _registry(app)["rankers"]
    if ranker not in rankers:
        rankers.append(ranker)


def register_requirement(app: Flask, requirement: Requirement) -> None:
    requirements = _registry(app)["requirements"]
    if requirement not in requirements:
        requirements.append(requirement)


def register_reason_words(app: Flask, words: ReasonWords) -> None:
    fillers = _registry(app)["reason_words"]
    if words not in fillers:
        fillers.append(words)


def rank(session: Session, posting: Any, limit: int) -> list[RankedVolunteer]:
    """The best ``limit`` volunteers for ``posting`` by the registered ranker (none: [])."""
    for ranker in _registered("rankers"):
        return ranker(session, posting, limit)
    return []


def holders(session: Session, posting: Any, user_ids: Sequence[int]) -> dict[int, list[str]] | None:
    """Those of ``user_ids`` who may be offered ``posting``, with what they hold, or None
    when nothing is needed. With more than one requirement, a person must meet them all."""
    result: dict[int, list[str]] | None = None
    for requirement in _registered("requirements"):
        held = requirement(session, posting, user_ids)
        if held is None:
            continue
        if result is None:
            result = held
        else:
            result = {uid: result[uid] + held[uid] for uid in result if uid in held}
    return result


def reason_words(reasons: Mapping[str, Any]) -> list[str]:
    """Phrases the registered features make of the stored ``reasons``."""
    return [phrase for words in _registered("reason_words") for phrase in words(reasons)]

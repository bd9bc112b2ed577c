"""Rounds and their address lists: making a round and importing a wijk's list into it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.encryption import lookup_key
from marketplace.home_visits.address_list import read_address_list
from marketplace.home_visits.errors import InvalidRound
from marketplace.home_visits.models import RoundAddress, VisitRound
from marketplace.progress import progress
from marketplace.timestamps import utcnow

NAME_MAX = 120
INSERT_BATCH = 2_000


def resident_key(postcode: str, address: str, last_name: str, first_name: str) -> str:
    """Recognises a resident already on the list (names and addresses are encrypted, so SQL
    cannot compare them). Two people at one address (a couple) are two residents."""
    return lookup_key("|".join((postcode, address, last_name, first_name)))


def create_round(
    session: Session, actor: User, organisation: Organisation, *, name: str, wijk: str, year: int
) -> VisitRound:
    """Raises InvalidRound (field, message). The caller checked ``actor`` coordinates."""
    name, wijk = name.strip(), wijk.strip()
    if not name:
        raise InvalidRound("name", _l("Geef de ronde een naam, bijvoorbeeld ‘75+ Delfshaven’."))
    if not wijk:
        raise InvalidRound("wijk", _l("Vul de wijk in."))
    visit_round = VisitRound(
        organisation_id=organisation.id,
        name=name[:NAME_MAX],
        wijk=wijk[:NAME_MAX],
        year=year,
        created_by_id=actor.id,
    )
    session.add(visit_round)
    session.flush()
    return visit_round


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int


def import_addresses(session: Session, visit_round: VisitRound, data: bytes) -> ImportResult:
    """Add the file's residents to the round. Raises InvalidAddressList (every bad row) and
    then adds nothing. Residents the round already has (same resident key) are left as they
    are, so importing the same list again changes nothing."""
    rows = read_address_list(data)
    known = set(
        session.scalars(
            select(RoundAddress.resident_key).where(RoundAddress.round_id == visit_round.id)
        )
    )
    now = utcnow()
    new: list[dict[str, object]] = []
    for row in progress(rows, "Adreslijst", unit="adressen"):
        key = resident_key(row.postcode, row.address, row.last_name, row.first_name)
        if key in known:
            continue
        known.add(key)  # the same person twice in one file is one resident
        new.append(
            {
                "round_id": visit_round.id,
                "resident_key": key,
                "last_name": row.last_name,
                "first_name": row.first_name,
                "address": row.address,
                "postcode": row.postcode,
                "pc4": row.pc4,
                "lat": row.lat,
                "lon": row.lon,
                "birth_year": row.birth_year,
                "created_at": now,
            }
        )
    for start in range(0, len(new), INSERT_BATCH):
        session.execute(insert(RoundAddress), new[start : start + INSERT_BATCH])
    session.flush()
    return ImportResult(added=len(new), already_there=len(rows) - len(new))


def rounds_of(session: Session, organisation: Organisation) -> list[VisitRound]:
    return list(
        session.scalars(
            select(VisitRound)
            .where(VisitRound.organisation_id == organisation.id)
            .order_by(VisitRound.year.desc(), VisitRound.id.desc())
        )
    )


def address_count(session: Session, visit_round: VisitRound) -> int:
    return (
        session.scalar(
            select(func.count(RoundAddress.id)).where(RoundAddress.round_id == visit_round.id)
        )
        or 0
    )


def end_round(session: Session, visit_round: VisitRound, today: date) -> None:
    """The round is over: retention counts its months from today. Ending it again keeps the
    first day (nothing is kept longer by pressing twice)."""
    visit_round.ended_on = visit_round.ended_on or today
    session.flush()

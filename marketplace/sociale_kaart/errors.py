"""The sociale kaart's domain errors."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from marketplace.domain_errors import DomainError, FieldError


@dataclass(frozen=True)
class Problem:
    """One record that cannot be imported, and why."""

    table: str
    row: int  # 1 is the first record after the header (CSV) or in the list (JSON)
    record_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table} {self.row} ({self.record_id or '-'}): {self.reason}"


class ImportRejected(DomainError):
    """The package has problems; nothing of it was written."""

    message = _l("Het bestand is niet ingelezen: los de fouten op en probeer het opnieuw.")
    status = 422

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class ServiceNotFound(DomainError):
    message = _l("Deze dienst staat niet (meer) op de sociale kaart.")
    status = 404


class NotStaff(DomainError):
    """Only the organisation's own staff edit its services (others: as if it is not there)."""

    message = ServiceNotFound.message  # the same words: others do not learn it is there
    status = 404


class InvalidService(FieldError):
    """An answer in the service form is wrong; ``field`` names the form field."""

    status = 422


class NotPending(DomainError, message=_l("Deze dienst is al beoordeeld.")): ...


class NotWelfareStaff(DomainError):
    """Referring is for people who work for an organisation (or hold a staff role)."""

    message = _l("Alleen medewerkers van een organisatie kunnen iemand verwijzen.")
    status = 403


class ConsentNeeded(DomainError):
    message = _l("Vraag eerst of de persoon het goed vindt. Zet dan het vinkje.")
    status = 422


class NoContactAddress(DomainError):
    message = _l("Deze dienst heeft geen e-mailadres. Bel de dienst om iemand te verwijzen.")
    status = 422


class TermInUse(DomainError):
    """A kind of problem or target group that services still use is not deleted."""

    status = 422

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.message = ngettext(
            "%(num)s dienst gebruikt deze soort nog. Kies eerst een soort om die dienst naar "
            "te verplaatsen.",
            "%(num)s diensten gebruiken deze soort nog. Kies eerst een soort om die diensten "
            "naar te verplaatsen.",
            count,
        )


class BadTermMove(DomainError):
    message = _l("Kies een andere soort van hetzelfde soort lijst (probleem of doelgroep).")
    status = 422

"""What can go wrong with home visits."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class HomeVisitError(DomainError, message=_l("Dat lukt nu niet.")): ...


class NotFound(HomeVisitError):
    """Not there, or not the viewer's organisation's: we do not say which."""

    message = _l("Deze pagina bestaat niet.")
    status = 404


class NotCoordinator(HomeVisitError):
    message = _l("Alleen de coördinator van de organisatie kan dit doen.")
    status = 403


@dataclass(frozen=True)
class BadRow:
    line: int  # the line in the file, as a spreadsheet numbers it (the header is line 1)
    message: str


class InvalidAddressList(HomeVisitError):
    """The file cannot be read, or some rows are wrong: nothing was imported."""

    message = _l(
        "Het bestand is niet ingelezen. Verbeter de regels hieronder en probeer het opnieuw."
    )
    status = 422

    def __init__(self, rows: list[BadRow], problem: str | None = None) -> None:
        super().__init__(problem or str(self.message))
        self.rows = rows
        self.problem = problem


class InvalidRound(FieldError, HomeVisitError, status=422): ...


class NothingToPlan(HomeVisitError):
    message = _l("Er is niets te plannen: alle adressen hebben al een bezoek.")


class NoVisitors(HomeVisitError):
    message = _l(
        "Er zijn geen bezoekers die kunnen: voeg medewerkers of getrainde vrijwilligers toe, "
        "met hun postcode en wanneer ze kunnen in hun profiel."
    )


class VisitClosed(HomeVisitError, message=_l("Dit bezoek is al afgerond.")): ...


class InvalidQualification(FieldError, HomeVisitError, status=422): ...

"""The municipality's figures: what happened per wijk and period, with small numbers hidden.

``compute_figures`` runs the aggregate queries and returns exact counts (for tests and the
bench). ``build_report`` turns them into tables in which every count from 1 to 4 reads
"< 5", a second count is hidden where one "< 5" could be worked out from a total, and
every median based on fewer than 5 postings is left out: the HTML page, the charts and the
CSV are all made from that report, so none of them can show a small number. A 0 is shown
as 0: "nobody" identifies no one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.choice_memo import Memo
from marketplace.dashboard import follow_through, queries
from marketplace.dashboard.queries import (
    APPROVED,
    DONE,
    FILLED,
    MATCHED,
    POSTED,
    TO_APPROVAL,
    TO_FIRST_RESPONSE,
    TO_MATCH,
    Scope,
)
from marketplace.dashboard.side_by_side import side_by_side
from marketplace.periods import Period
from marketplace.postings.models import PostingKind
from marketplace.small_numbers import SMALL, Cell, shown_count

COMPANY = "gezelschap"  # the category of requests for company


class UnknownNeighbourhood(ValueError):
    """No posting was ever placed in this wijk."""


@dataclass(frozen=True)
class Figures:
    """Exact numbers, straight from the queries. Never shown as they are."""

    period: Period
    neighbourhood: str | None
    counts: list[queries.CountRow]
    months: list[queries.MonthRow]
    medians: list[queries.MedianRow]
    unanswered: dict[str, int]
    volunteers: dict[str, int]
    category_names: dict[int, str]
    registered_volunteers: int = 0
    follow_ups: dict[str, int] = field(default_factory=dict)
    matchmaker_requests: tuple[int, int] = (0, 0)
    company_category_id: int | None = None

    @cached_property
    def _sums(self) -> Counter[tuple[str, str | None, int | None, str | None]]:
        # The grouped rows summed once per way they are looked up, so building the tables
        # costs one pass over a few thousand groups, not one per cell.
        sums: Counter[tuple[str, str | None, int | None, str | None]] = Counter()
        for row in self.counts:
            for kind in (row.kind, None):
                sums[row.event, kind, None, None] += row.count
                sums[row.event, kind, row.category_id, None] += row.count
                sums[row.event, kind, None, row.neighbourhood] += row.count
                sums[row.event, kind, row.category_id, row.neighbourhood] += row.count
        return sums

    def count(
        self,
        event: str,
        kind: str | None = None,
        category_id: int | None = None,
        neighbourhood: str | None = None,
    ) -> int:
        """How many ``event``s (of ``kind``; in one category or in one wijk)."""
        return self._sums[event, kind, category_id, neighbourhood]

    def median_hours(self, name: str, kind: str) -> tuple[float | None, int]:
        for row in self.medians:
            if row.name == name and row.kind == kind:
                return row.seconds / 3600, row.count
        return None, 0

    @property
    def unanswered_total(self) -> int:
        return sum(self.unanswered.values())

    @property
    def volunteers_total(self) -> int:
        return sum(self.volunteers.values())


_neighbourhoods = Memo("dashboard_neighbourhoods", watch=("postings",))


def dashboard_neighbourhoods(session: Session) -> list[str]:
    """The wijken one can choose: those in which postings were placed (every posting of a
    city's years read for a list that hardly changes, so kept like the filter's choices)."""
    return list(_neighbourhoods.get("all", lambda: tuple(queries.neighbourhoods(session))))


def compute_figures(
    session: Session,
    period: Period,
    now: datetime,
    neighbourhood: str | None = None,
    locale: str = "nl",
) -> Figures:
    """Run the dashboard's queries for one wijk (or all, when None) and period.

    Raises UnknownNeighbourhood for a wijk in which no posting was ever placed.
    """
    if neighbourhood is not None and not queries.has_neighbourhood(session, neighbourhood):
        raise UnknownNeighbourhood(neighbourhood)
    scope = Scope(period.start, period.end, neighbourhood)
    with side_by_side(session, queries.prepare_for_reading) as start:
        counts_and_months = start(queries.counts_and_months, scope)
        placed = start(queries.placed_on_vacancies, scope)
        medians = start(queries.medians, scope)
        unanswered = start(queries.unanswered_requests, scope, now)
        volunteers = start(queries.active_volunteers, scope)
        registered = start(follow_through.registered_volunteers, scope)
        follow_ups = start(follow_through.follow_up_answers, scope)
        matchmaker = start(follow_through.matchmaker_requests, scope)
    counts, months = counts_and_months.result()
    categories = queries.categories(session)
    return Figures(
        period=period,
        neighbourhood=neighbourhood,
        counts=counts + placed.result(),
        months=months,
        medians=medians.result(),
        unanswered=unanswered.result(),
        volunteers=volunteers.result(),
        category_names={c.id: c.name(locale) for c in categories},
        registered_volunteers=registered.result(),
        follow_ups=follow_ups.result(),
        matchmaker_requests=matchmaker.result(),
        company_category_id=next((c.id for c in categories if c.slug == COMPANY), None),
    )


# A city's year takes a quarter to a whole second to count, for figures that hardly move in
# a minute: each process keeps a report for CHOICE_MEMO_SECONDS, and forgets it at once when
# it writes to a table the report counts (other processes within that minute).
_reports = Memo(
    "dashboard_reports",
    watch=(
        "postings",
        "responses",
        "categories",
        "follow_ups",
        "matchmaker_invitations",
        "applications",
        "volunteer_hours",
        "profiles",
        "users",
    ),
)


def dashboard_report(
    session: Session,
    period: Period,
    now: datetime,
    neighbourhood: str | None = None,
    locale: str = "nl",
) -> Report:
    """The figures of one wijk (or all) and period, fit to show and export; kept a minute
    (see ``_reports``), so the page and its CSV download show the same.

    Raises UnknownNeighbourhood for a wijk in which no posting was ever placed.
    """
    return _reports.get(
        (period.first_day, period.last_day, neighbourhood, locale),
        lambda: build_report(compute_figures(session, period, now, neighbourhood, locale)),
    )


# --- What may be shown ---------------------------------------------------------------


def shielded() -> Cell:
    """A count of 5 or more hidden so that a small one cannot be worked out (see
    ``shield_columns``)."""
    return Cell(None, str(_("afgeschermd")), is_hidden=True)


def shield_columns(table: Table) -> Table:
    """Hide a second count in every column that hides exactly one.

    The columns of the breakdowns add up to totals shown elsewhere on the page: with one
    "< 5" in a column, total minus the rest would give it away. With two hidden, only
    their sum can be worked out. The second is the smallest other count above 0.
    """
    for index in range(len(table.columns)):
        cells = [row.cells[index] for row in table.rows]
        if sum(cell.is_hidden for cell in cells) != 1:
            continue
        others = [(cell.value, position) for position, cell in enumerate(cells) if cell.value]
        if others:
            _, position = min(others)
            table.rows[position].cells[index] = shielded()
    return table


def shown_median(hours: float | None, based_on: int) -> Cell:
    if hours is None or based_on < SMALL:
        return Cell(None, str(_("te weinig gegevens")), is_hidden=True)
    if hours < 48:
        return Cell(round(hours, 1), _("%(n)s uur", n=_decimal(hours)))
    return Cell(round(hours, 1), _("%(n)s dagen", n=_decimal(hours / 24)))


def _decimal(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy string


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Table:
    key: str
    caption: Any
    row_header: Any
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    csv_unit: Any = None  # added to the column names in the CSV, e.g. "uren"

    def series(self, column_key: str) -> list[tuple[str, Cell]]:
        """(row label, cell) of one column: what a chart draws."""
        index = [c.key for c in self.columns].index(column_key)
        return [(row.label, row.cells[index]) for row in self.rows]


@dataclass
class Report:
    period: Period
    neighbourhood: str | None
    summary: Table
    waits: Table
    volunteering: Table
    unanswered: Cell
    per_month: Table
    per_category: Table
    per_neighbourhood: Table | None
    follow_through: Table | None = None
    company: Table | None = None

    def tables(self) -> Iterator[Table]:
        yield from (self.summary, self.waits, self.volunteering, self.per_month)
        yield self.per_category
        if self.per_neighbourhood is not None:
            yield self.per_neighbourhood
        if self.follow_through is not None:
            yield self.follow_through
        if self.company is not None:
            yield self.company


FIGURE_LABELS = {
    POSTED: _l("Geplaatst"),
    APPROVED: _l("Goedgekeurd"),
    MATCHED: _l("Helper gevonden"),
    DONE: _l("Afgerond"),
}
KIND_COLUMNS = [
    Column(PostingKind.REQUEST.value, _l("Hulpvragen")),
    Column(PostingKind.OFFER.value, _l("Hulpaanbod")),
]
WAIT_LABELS = {
    TO_APPROVAL: _l("Van insturen tot goedkeuring"),
    TO_FIRST_RESPONSE: _l("Van goedkeuring tot eerste reactie"),
    TO_MATCH: _l("Van goedkeuring tot helper gevonden"),
}


def build_report(figures: Figures) -> Report:
    """The figures as tables fit to show and export: small numbers hidden, nobody named."""
    summary = Table("summary", _l("Hulpvragen en hulpaanbod"), _l("Wat"), KIND_COLUMNS)
    for event, label in FIGURE_LABELS.items():
        summary.rows.append(
            Row(str(label), [shown_count(figures.count(event, c.key)) for c in KIND_COLUMNS])
        )

    waits = Table(
        "waits",
        _l("Hoe lang duurde het? (mediaan)"),
        _l("Wachttijd"),
        KIND_COLUMNS,
        csv_unit=_l("uren"),
    )
    for name, label in WAIT_LABELS.items():
        waits.rows.append(
            Row(
                str(label),
                [shown_median(*figures.median_hours(name, c.key)) for c in KIND_COLUMNS],
            )
        )

    volunteering = Table(
        "volunteering",
        _l("Vrijwilligers en vrijwilligerswerk"),
        _l("Wat"),
        [Column("count", _l("Aantal"))],
    )
    for label, n in (
        (_l("Actieve vrijwilligers"), figures.volunteers_total),
        (_l("Vacatures geplaatst"), figures.count(POSTED, PostingKind.VACANCY.value)),
        (_l("Vrijwilligers geplaatst op een vacature"), figures.count(FILLED)),
    ):
        volunteering.rows.append(Row(str(label), [shown_count(n)]))

    return Report(
        period=figures.period,
        neighbourhood=figures.neighbourhood,
        summary=summary,
        waits=waits,
        volunteering=volunteering,
        unanswered=shown_count(figures.unanswered_total),
        per_month=shield_columns(_per_month(figures)),
        per_category=shield_columns(_per_category(figures)),
        per_neighbourhood=None
        if figures.neighbourhood
        else shield_columns(_per_neighbourhood(figures)),
        follow_through=_follow_through(figures),
        company=_shield_shares(shield_columns(_company(figures))),
    )


FOLLOW_UP_LABELS = {
    "yes": _l("Is het gelukt? Ja"),
    "not_yet": _l("Is het gelukt? Nog niet"),
    "no": _l("Is het gelukt? Nee"),
}


def _follow_through(figures: Figures) -> Table:
    """Registered and active volunteers, follow-up answers, requests matchmakers took on."""
    table = Table(
        "follow_through",
        _l("Vrijwilligers, opvolging en rondbellen"),
        _l("Wat"),
        [Column("count", _l("Aantal"))],
    )
    handled, helped = figures.matchmaker_requests
    rows = [
        (_l("Vrijwilligers ingeschreven (nu)"), figures.registered_volunteers),
        (_l("Vrijwilligers actief in deze periode"), figures.volunteers_total),
        *((label, figures.follow_ups.get(key, 0)) for key, label in FOLLOW_UP_LABELS.items()),
        (_l("Hulpvragen opgepakt door een medewerker (rondbellen)"), handled),
        (_l("waarvan een vrijwilliger ja zei"), helped),
    ]
    for label, n in rows:
        table.rows.append(Row(str(label), [shown_count(n)]))
    return table


def _share(part: int, whole: int) -> Cell:
    """A percentage, only when the part itself is 5 or more (else it could name someone)."""
    if part < SMALL or whole == 0:
        return Cell(None, "< 5" if part else "0", is_hidden=bool(part))
    percent = round(100 * part / whole)
    return Cell(percent, f"{percent}%")


def _shield_shares(table: Table) -> Table:
    """A hidden count of company requests hides its share too (posted times share would
    give it away)."""
    for row in table.rows:
        if row.cells[1].is_hidden and not row.cells[2].is_hidden:
            row.cells[2] = shielded()
    return table


def _company(figures: Figures) -> Table:
    """Per wijk (or the one wijk): requests placed, of which for company, and the share."""
    request = PostingKind.REQUEST.value
    columns = [
        Column("requests_posted", _l("Hulpvragen geplaatst")),
        Column("company_posted", _l("Waarvan voor gezelschap")),
        Column("company_share", _l("Aandeel gezelschap")),
    ]
    table = Table("company", _l("Hulpvragen voor gezelschap per wijk"), _l("Wijk"), columns)
    wijken = (
        [figures.neighbourhood]
        if figures.neighbourhood
        else sorted({row.neighbourhood for row in figures.counts if row.neighbourhood})
    )
    company = figures.company_category_id
    for wijk in wijken:
        posted = figures.count(POSTED, request, neighbourhood=wijk)
        if not posted:
            continue
        part = (
            figures.count(POSTED, request, category_id=company, neighbourhood=wijk)
            if company is not None
            else 0
        )
        table.rows.append(Row(wijk, [shown_count(posted), shown_count(part), _share(part, posted)]))
    return table


def _per_month(figures: Figures) -> Table:
    columns = [
        Column("requests_posted", _l("Hulpvragen geplaatst")),
        Column("requests_matched", _l("Hulpvragen met helper")),
        Column("offers_posted", _l("Hulpaanbod geplaatst")),
        Column("done", _l("Afgerond")),
    ]
    wanted = {
        (PostingKind.REQUEST.value, POSTED): "requests_posted",
        (PostingKind.REQUEST.value, MATCHED): "requests_matched",
        (PostingKind.OFFER.value, POSTED): "offers_posted",
        (PostingKind.REQUEST.value, DONE): "done",
        (PostingKind.OFFER.value, DONE): "done",
    }
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in figures.months:
        key = wanted.get((row.kind, row.event))
        if key:
            totals[row.month, key] += row.count
    table = Table("per_month", _l("Per maand"), _l("Maand"), columns)
    for month in figures.period.months():
        label = format_date(date.fromisoformat(f"{month}-01"), "LLL yyyy")
        table.rows.append(Row(label, [shown_count(totals[month, c.key]) for c in columns]))
    return table


# The postings' columns of the tables per category and per wijk.
_POSTING_COLUMNS = (
    Column("requests_posted", _l("Hulpvragen geplaatst")),
    Column("requests_matched", _l("Hulpvragen met helper")),
    Column("requests_done", _l("Hulpvragen afgerond")),
    Column("offers_posted", _l("Hulpaanbod geplaatst")),
)


def _posting_counts(figures: Figures, **where: Any) -> list[int]:
    """The figures of ``_POSTING_COLUMNS`` in one category or one wijk (``where``)."""
    request, offer = PostingKind.REQUEST.value, PostingKind.OFFER.value
    return [
        figures.count(POSTED, request, **where),
        figures.count(MATCHED, request, **where),
        figures.count(DONE, request, **where),
        figures.count(POSTED, offer, **where),
    ]


def _per_category(figures: Figures) -> Table:
    table = Table("per_category", _l("Per soort hulp"), _l("Soort hulp"), [*_POSTING_COLUMNS])
    for category_id, name in figures.category_names.items():
        values = _posting_counts(figures, category_id=category_id)
        table.rows.append(Row(name, [shown_count(n) for n in values]))
    return table


def _per_neighbourhood(figures: Figures) -> Table:
    columns = [
        *_POSTING_COLUMNS,
        Column("volunteers", _l("Actieve vrijwilligers (woonwijk)")),
        Column("unanswered", _l("Nu zonder reactie na 7 dagen")),
    ]
    names: set[str] = {row.neighbourhood for row in figures.counts}
    names |= {name for name in figures.volunteers if name} | set(figures.unanswered)
    table = Table("per_neighbourhood", _l("Per wijk"), _l("Wijk"), columns)
    for name in sorted(names):
        values = [
            *_posting_counts(figures, neighbourhood=name),
            figures.volunteers.get(name, 0),
            figures.unanswered.get(name, 0),
        ]
        table.rows.append(Row(name, [shown_count(n) for n in values]))
    return table


def csv_rows(report: Report) -> Iterable[list[str]]:
    """The report as CSV rows: table, row, column, value (hidden values read "< 5")."""
    yield [str(_("tabel")), str(_("rij")), str(_("kolom")), str(_("waarde"))]
    yield [
        str(_("Periode")),
        report.period.first_day.isoformat(),
        report.period.last_day.isoformat(),
        report.neighbourhood or str(_("Alle wijken")),
    ]
    yield [str(_("Hulpvragen zonder reactie na 7 dagen (nu)")), "", "", report.unanswered.csv]
    for table in report.tables():
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                name = str(column.label)
                if table.csv_unit:
                    name = _("%(name)s (%(unit)s)", name=name, unit=table.csv_unit)
                yield [str(table.caption), row.label, name, cell.csv]

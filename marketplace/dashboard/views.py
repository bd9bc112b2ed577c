"""The municipality's dashboard: figures per wijk and period, as a page and as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.models import Role
from marketplace.accounts.permissions import role_required
from marketplace.dashboard import charts
from marketplace.dashboard.forms import DashboardForm
from marketplace.dashboard.services import (
    Report,
    UnknownNeighbourhood,
    csv_rows,
    dashboard_neighbourhoods,
    dashboard_report,
)
from marketplace.extensions import db
from marketplace.i18n import current_language
from marketplace.templating import kept_public_part, render_public_part
from marketplace.timestamps import local_today, utcnow

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

# Welfare staff act on this list; it belongs to the escalation feature and may not exist yet.
FORM_FIELDS = ("neighbourhood", "period", "year", "month", "quarter", "date_from", "date_to")


def _report() -> tuple[DashboardForm, Report | None]:
    """The form as filled in, and the report, or None when the form needs correcting."""
    now = utcnow()
    today = local_today(now)
    form = DashboardForm(formdata=request.args)
    form.set_choices(dashboard_neighbourhoods(db.session), today)
    if not form.validate():
        return form, None
    try:
        report = dashboard_report(
            db.session,
            form.chosen_period(today),
            now,
            neighbourhood=form.chosen_neighbourhood(),
            locale=current_language(),
        )
    except UnknownNeighbourhood:  # removed between showing the list and choosing
        form.neighbourhood.errors = [_("Deze wijk kennen we niet. Kies een wijk uit de lijst.")]
        return form, None
    return form, report


@bp.get("/")
@role_required(Role.MUNICIPALITY)
def index() -> str | tuple[str, int]:
    form, report = _report()
    if report is None:
        return _form_to_correct(form), 422
    chosen = _chosen_values()
    return render_template(
        "dashboard/index.html",
        form=form,
        filters=kept_public_part(
            "dashboard/_filters.html", lambda: {"form": form}, vary=sorted(chosen.items())
        ),
        report=report,
        csv_url=url_for("dashboard.export", **chosen),
        figures=kept_public_part(
            "dashboard/_figures.html",
            lambda: _figures(report),
            vary=(report.period, report.neighbourhood),
        ),
    )


def _form_to_correct(form: DashboardForm) -> str:
    """The page without figures, the form with its messages (this person's input: not kept)."""
    filters = render_public_part("dashboard/_filters.html", form=form)
    return render_template("dashboard/index.html", form=form, filters=filters, report=None)


def _figures(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "month_chart": charts.table_chart(
            report.per_month,
            ["requests_posted", "requests_matched", "offers_posted"],
            "chart-months",
            _("Staafdiagram per maand. De getallen staan ook in de tabel hiernaast."),
        ),
        "category_chart": charts.table_chart(
            report.per_category,
            ["requests_posted", "offers_posted"],
            "chart-categories",
            _("Staafdiagram per soort hulp. De getallen staan ook in de tabel hiernaast."),
        ),
    }


@bp.get("/export.csv")
@role_required(Role.MUNICIPALITY)
def export() -> WerkzeugResponse | tuple[str, int]:
    form, report = _report()
    if report is None:
        return _form_to_correct(form), 422
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows([_safe_cell(value) for value in row] for row in csv_rows(report))
    name = f"buurthulp-{report.period.first_day}-{report.period.last_day}.csv"
    return WerkzeugResponse(
        "\ufeff" + buffer.getvalue(),  # the BOM makes Excel read the UTF-8 correctly
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _chosen_values() -> dict[str, Any]:
    """The form's values from the query string, to link the CSV of the same figures."""
    return {name: request.args[name] for name in FORM_FIELDS if request.args.get(name)}


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; those get a quote first."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value

"""Small server-rendered SVG bar charts: no JavaScript, no chart library.

A chart draws cells that are already fit to show (see services.Cell): a hidden value gets
no bar, only its text ("< 5", "afgeschermd"), so a bar's length never gives a small number
away. Every chart has a <title> and <desc> and sits beside a table with the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from marketplace.dashboard.services import Cell, Table

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 56
BAR_HEIGHT = 16
BAR_GAP = 2
GROUP_GAP = 12
LEGEND_LINE = 18
# Dark enough against white for text and bars (WCAG 3:1 for graphics), told apart in the
# legend by name as well as colour.
COLOURS = ("#1d5c96", "#b3541e", "#2f7d32", "#6a3d9a")


@dataclass(frozen=True)
class Series:
    name: str
    cells: Sequence[Cell]


def bar_chart(
    chart_id: str, title: str, description: str, labels: Sequence[str], series: Sequence[Series]
) -> Markup:
    """Horizontal grouped bars: one group per label, one bar per series."""
    biggest = max(
        (cell.value or 0 for s in series for cell in s.cells),
        default=0,
    )
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / biggest if biggest else 0
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    height = len(series) * LEGEND_LINE + 8 + max(len(labels), 1) * group_height
    parts = [
        f'<svg class="chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for number, s in enumerate(series):  # one legend line per series: long names fit
        colour = COLOURS[number % len(COLOURS)]
        y = 4 + number * LEGEND_LINE
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="12" height="12" fill="{colour}"></rect>'
            f'<text x="{LABEL_WIDTH + 18}" y="{y + 10}" font-size="12">{escape(s.name)}</text>'
        )
    legend_height = len(series) * LEGEND_LINE + 8
    for group, label in enumerate(labels):
        top = legend_height + group * group_height
        middle = top + len(series) * (BAR_HEIGHT + BAR_GAP) / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle + 4:.0f}" font-size="12" '
            f'text-anchor="end">{escape(_shorten(label))}</text>'
        )
        for number, s in enumerate(series):
            cell = s.cells[group]
            y = top + number * (BAR_HEIGHT + BAR_GAP)
            length = round((cell.value or 0) * scale, 1)
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
                    f'fill="{COLOURS[number % len(COLOURS)]}"></rect>'
                )
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 4}" '
                f'font-size="11">{escape(cell.text)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def table_chart(
    table: Table, column_keys: Sequence[str], chart_id: str, description: str
) -> Markup:
    """A bar chart of some columns of a report table."""
    by_key = {c.key: c for c in table.columns}
    series = [
        Series(str(by_key[key].label), [cell for _, cell in table.series(key)])
        for key in column_keys
    ]
    return bar_chart(
        chart_id, str(table.caption), description, [row.label for row in table.rows], series
    )


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"

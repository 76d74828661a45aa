"""What the generic report screen needs beyond the framework: filter widgets and charts.

The screen knows no report by name. A report lists the filters it reads; each known filter
name has a widget here (anything new falls back to a text box), and a chart is drawn when
the columns call for one: a trend line over a period column, bars for aging buckets, and
ranked bars of the largest rows by the report's headline figure (value, sales …).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.web.i18n import N_
from openjxc.queries.reports.filters import DIMENSIONS
from openjxc.queries.reports.framework import Column, Kind, Report

#: columns that hold a period: a report with one is drawn as a trend over it
PERIOD_KEYS = ("date", "day", "week", "month", "period", "year")
NUMERIC = (Kind.MONEY, Kind.QTY, Kind.INT, Kind.RATIO)
MAX_SERIES = 4
RANKED = 10  # rows a ranking chart shows
_NOT_BUCKETS = {"total", "net", "balance", "open_charges", "unapplied", "credit_limit"}


@dataclass(frozen=True)
class Widget:
    name: str
    label: str
    kind: str  # date, number, text, by, level, check
    choices: tuple[tuple[str, str], ...] = ()


_WIDGETS: dict[str, Widget] = {
    "from": Widget("from", N_("From"), "date"),
    "to": Widget("to", N_("To"), "date"),
    "as_of": Widget("as_of", N_("As of"), "date"),
    "by": Widget("by", N_("Group by"), "by"),
    "product": Widget("product", N_("Product"), "text"),
    "warehouse": Widget("warehouse", N_("Warehouse"), "warehouse"),
    "category": Widget("category", N_("Category"), "text"),
    "partner": Widget("partner", N_("Partner"), "text"),
    "salesperson": Widget("salesperson", N_("Salesperson"), "text"),
    "organisation": Widget("organisation", N_("Organisation code"), "text"),
    "document": Widget("document", N_("Document number"), "text"),
    "buckets": Widget("buckets", N_("Aging buckets (days, e.g. 30,60,90)"), "text"),
    "days": Widget("days", N_("Days"), "number"),
    "threshold": Widget("threshold", N_("Threshold"), "number"),
    "a": Widget("a", N_("Class A share"), "number"),
    "b": Widget("b", N_("Class B share"), "number"),
    "level": Widget(
        "level",
        N_("Level"),
        "level",
        (
            ("below_safety", N_("Below safety stock")),
            ("reorder", N_("At reorder point")),
            ("above_max", N_("Above maximum")),
        ),
    ),
    "include_expired": Widget("include_expired", N_("Include expired"), "check"),
    "channel": Widget(
        "channel",
        N_("Channel"),
        "level",
        (("wholesale", N_("Wholesale")), ("retail", N_("Retail"))),
    ),
}
_INTEGERS = {"days": (1, 3660)}
#: labels of the grouping dimensions; a dimension the framework adds later shows its name
DIMENSION_LABELS = {
    "product": N_("Product"),
    "warehouse": N_("Warehouse"),
    "category": N_("Category"),
    "partner": N_("Partner"),
    "customer": N_("Customer"),
    "supplier": N_("Supplier"),
    "salesperson": N_("Salesperson"),
    "organisation": N_("Organisation"),
    "day": N_("Day"),
    "week": N_("Week"),
    "month": N_("Month"),
    "channel": N_("Channel"),
}


def widgets(report: Report) -> list[Widget]:
    """The filter form of ``report``: a known widget per filter, a text box for new ones."""
    result = []
    for name in report.filters:
        widget = _WIDGETS.get(name) or Widget(name, name, "text")
        if widget.kind == "by":
            offered = getattr(report, "dimensions", DIMENSIONS)
            choices = tuple((d, DIMENSION_LABELS.get(d, d)) for d in offered)
            widget = Widget(widget.name, widget.label, "by", choices)
        result.append(widget)
    return result


def raw_filters(report: Report, query: Mapping[str, Any], by: Sequence[str]) -> dict[str, Any]:
    """The request's values of the filters ``report`` reads, checked where the API checks."""
    raw: dict[str, Any] = {}
    for name in report.filters:
        if name == "by":
            offered = getattr(report, "dimensions", DIMENSIONS)
            raw[name] = ",".join(b for b in by if b in offered) or None
            continue
        value = str(query.get(name) or "").strip()[:64]
        if not value:
            continue
        if name in _INTEGERS:
            low, high = _INTEGERS[name]
            if not value.isdigit() or not low <= int(value) <= high:
                raise ValidationError("out_of_range", field=name, minimum=low, maximum=high)
            raw[name] = int(value)
        elif name == "include_expired":
            raw[name] = value in ("on", "true", "1")
        elif name in ("level", "channel") and value not in dict(_WIDGETS[name].choices):
            raise ValidationError("invalid_choice", field=name, value=value)
        else:
            raw[name] = value
    return raw


def chart(
    report: Report,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    totals: Mapping[str, Any] | None,
    language: str,
) -> dict[str, Any] | None:
    """An ECharts option for this page of the report, or None when no picture helps."""
    keys = {c.key for c in columns}
    period = next((k for k in PERIOD_KEYS if k in keys), None)
    if "aging" in report.name and totals:
        return _aging_bars(columns, totals, language)
    if period is not None and rows:
        return _trend(columns, rows, period, language)
    headline = next((c for c in columns if c.key == report.headline), None)
    if headline is not None and rows:
        return _ranking(columns, rows, headline, language)
    return None


def _ranking(
    columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], figure: Column, language: str
) -> dict[str, Any] | None:
    """Bars of the page's largest rows by the report's headline figure, largest on top, each
    named by its grouping (product, category, warehouse, partner …)."""
    dims = [c for c in columns if c.dim is not None]
    names = [c for c in dims if c.key.endswith("_name")] or dims
    ranked = sorted(
        (r for r in rows if isinstance(r.get(figure.key), Decimal | int) and r[figure.key] > 0),
        key=lambda r: r[figure.key],
        reverse=True,
    )[:RANKED]
    if not names or len(ranked) < 2:
        return None
    labels = [" · ".join(str(r.get(c.key) or "") for c in names) for r in ranked]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": labels[::-1], "axisLabel": {"width": 160}},
        "series": [
            {
                "type": "bar",
                "name": figure.header(language),
                "data": [str(r[figure.key]) for r in ranked[::-1]],
            }
        ],
        "title": {"text": figure.header(language), "top": 0, "textStyle": {"fontSize": 12}},
    }


def _series_columns(columns: Sequence[Column]) -> list[Column]:
    summed = [c for c in columns if c.total and c.kind in NUMERIC]
    return (summed or [c for c in columns if c.kind in NUMERIC])[:MAX_SERIES]


def _trend(
    columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], period: str, language: str
) -> dict[str, Any] | None:
    """One line per figure over the periods; rows of one period (per warehouse…) are summed."""
    chosen = _series_columns(columns)
    if not chosen:
        return None
    periods = sorted({str(r[period]) for r in rows if r.get(period) is not None})
    sums: dict[tuple[str, str], Decimal] = {}
    counts: dict[str, int] = {}
    for row in rows:
        when = str(row.get(period))
        counts[when] = counts.get(when, 0) + 1
        for column in chosen:
            value = row.get(column.key)
            if isinstance(value, Decimal | int):
                sums[when, column.key] = sums.get((when, column.key), Decimal(0)) + value
    # a ratio summed over warehouses means nothing: drop ratios when periods repeat
    if any(n > 1 for n in counts.values()):
        chosen = [c for c in chosen if c.kind is not Kind.RATIO]
    if not chosen or len(periods) < 2:
        return None
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 60, "right": 16, "top": 32, "bottom": 32},
        "xAxis": {"type": "category", "data": periods},
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "line",
                "name": c.header(language),
                "data": [str(sums.get((p, c.key), "")) or None for p in periods],
            }
            for c in chosen
        ],
    }


def _aging_bars(
    columns: Sequence[Column], totals: Mapping[str, Any], language: str
) -> dict[str, Any] | None:
    buckets = [
        c for c in columns if c.kind is Kind.MONEY and c.key in totals and c.key not in _NOT_BUCKETS
    ][:8]
    if not buckets:
        return None
    return {
        "tooltip": {},
        "grid": {"left": 60, "right": 16, "top": 16, "bottom": 48},
        "xAxis": {"type": "category", "data": [c.header(language) for c in buckets]},
        "yAxis": {"type": "value"},
        "series": [{"type": "bar", "data": [str(totals[c.key] or 0) for c in buckets]}],
    }

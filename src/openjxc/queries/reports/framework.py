"""The report framework: a report is named columns over one SQL query, paged or streamed.

A report builds one grouped SELECT whose labels are its column keys; quantities and money
leave SQL as the raw scaled integers they were summed as (exact on both databases) and are
turned into Decimals here, once. The framework adds what every report shares: sorting on
any SQL column, limit/offset, a totals row computed by SQL over the whole result, hiding
costs from callers without ``price.read``, and streaming every row for export.

Column headers live with the columns (Chinese and English side by side), so a report and
its export can never disagree on what a figure is called.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from operator import itemgetter
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Select, case, func, select, type_coerce
from sqlalchemy.orm import Session

from openjxc.adapters.db.tables import catalog
from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import MONEY_SCALE, QTY_SCALE

STREAM_CHUNK = 2000  # rows fetched at a time when streaming (bounded memory)


class Kind(StrEnum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    QTY = "qty"  # leaves SQL as an integer scaled by 10**QTY_SCALE
    MONEY = "money"  # scaled by 10**MONEY_SCALE
    PRICE = "price"  # a Decimal computed per row (unit cost): never summed
    RATIO = "ratio"  # a Decimal computed per row (turnover, shares)
    BOOL = "bool"


_SCALES = {Kind.QTY: QTY_SCALE, Kind.MONEY: MONEY_SCALE}


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: Kind = Kind.TEXT
    total: bool = False  # summed in the totals row
    cost: bool = False  # hidden from callers without price.read
    sortable: bool = True  # False for values computed per row after SQL
    dim: str | None = None  # shown only when the report is grouped by this dimension
    #: the words for a coded value (code -> (zh, en)) in exported files; the API keeps codes
    labels: Mapping[str, tuple[str, str]] | None = field(default=None, compare=False)

    def header(self, language: str) -> str:
        return self.zh if language == "zh-CN" else self.en

    def shown(self, value: Any, language: str) -> Any:
        """``value`` as a file shows it: a code in ``labels`` in the reader's words."""
        if self.labels is None or not isinstance(value, str) or value not in self.labels:
            return value
        zh, en = self.labels[value]
        return zh if language == "zh-CN" else en


def scaled(expression: Any) -> ColumnElement[Any]:
    """An aggregate of Scaled columns, typed so SQLAlchemy hands back the raw integer."""
    return type_coerce(expression, BigInteger())


def unscale(raw: object, kind: Kind) -> Decimal:
    """A raw scaled aggregate (int, or an integral Decimal from PostgreSQL's SUM) as a Decimal."""
    return Decimal(int(raw or 0)).scaleb(-_SCALES[kind])  # type: ignore[call-overload]


@dataclass
class Context:
    """What a report runs with: the caller, the parsed filters, the visible warehouses."""

    session: Session
    actor: Actor
    filters: Mapping[str, Any]
    warehouse_ids: frozenset[int] | None  # the caller's scope; None = every warehouse

    def get(self, name: str, default: Any = None) -> Any:
        value = self.filters.get(name)
        return default if value is None else value


Build = Callable[[Context], Select[Any]]
Derive = Callable[[dict[str, Any], Context], None]
#: rows a report computes in Python from an existing query (aging, statements): finished
#: Decimals, few enough to sort and page in memory (one per partner, or one partner's entries)
Rows = Callable[[Context], list[dict[str, Any]]]
Columns = Callable[[Context], tuple["Column", ...]]


def no_query(context: Context) -> Select[Any]:
    """The ``build`` of a report that computes its rows (``Report.rows``)."""
    raise NotImplementedError(context)


@dataclass(frozen=True)
class Report:
    """One report: its columns, the query that produces them, and how rows are finished."""

    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    build: Build
    default_sort: tuple[str, ...]
    dimensions: tuple[str, ...] = ("product", "warehouse", "category")  # what ``by`` may name
    filters: tuple[str, ...] = ()  # the filter names it reads (documented in the API)
    derive: Derive | None = None  # per-row arithmetic on finished values (no queries)
    permissions: tuple[Permission, ...] = (Permission.REPORT_READ, Permission.STOCK_READ)
    prepare: Callable[[Context], None] | None = None  # checks/defaults before the query
    keys: tuple[str, ...] = field(default=())
    rows: Rows | None = None  # instead of ``build``: rows computed by an existing query
    extra_columns: Columns | None = None  # columns that depend on the filters (aging buckets)
    derive_totals: bool = False  # run ``derive`` on the totals row too (ratios of sums)
    one_product: bool = False  # its rows are one product's (a ledger): one unit throughout
    #: fills per-page columns that need a query once per page (quantities in units)
    annotate: Callable[[list[dict[str, Any]], Context], None] | None = None
    headline: str | None = None  # the figure its rows are compared by (a chart ranks them)

    def title(self, language: str) -> str:
        return self.zh if language == "zh-CN" else self.en

    def columns_for(self, context: Context) -> tuple[Column, ...]:
        """The columns of this run: dimension columns only for the chosen grouping."""
        by = context.get("by", ())
        extra = self.extra_columns(context) if self.extra_columns is not None else ()
        return tuple(c for c in self.columns + extra if c.dim is None or c.dim in by)


@dataclass
class Page:
    rows: list[dict[str, Any]]
    count: int
    totals: dict[str, Any] | None


def parse_sort(report: Report, context: Context, sort: str | None) -> list[tuple[str, bool]]:
    """``"-closing_amount,product"`` as (key, descending) pairs; unknown keys are refused."""
    keys = {c.key for c in report.columns_for(context) if c.sortable}
    wanted = [part.strip() for part in (sort or "").split(",") if part.strip()]
    if not wanted:
        wanted = [k for k in report.default_sort if k.lstrip("-") in keys]
    result = []
    for part in wanted[:5]:
        key = part.lstrip("-+")
        if key not in keys:
            raise ValidationError("invalid_choice", field="sort", value=part[:40])
        result.append((key, part.startswith("-")))
    return result


def _ordered(
    report: Report,
    query: Select[Any],
    sort: list[tuple[str, bool]],
    extra: Callable[[Any], list[Any]] = lambda inner: [],
) -> Select[Any]:
    # OFFSET 0 plans the report as a whole: the count and totals windows read every row
    # anyway, and a page's LIMIT above them made PostgreSQL pick nested loops meant for a
    # few rows (销售明细 on a 5M-move history: 120 s instead of well under a second)
    inner = query.offset(0).subquery()
    order = []
    for key, descending in sort:
        column = inner.c[key]
        order += [column.is_(None), column.desc() if descending else column.asc()]
    # a stable order for paging: the report's grouping keys break ties
    order += [inner.c[k] for k in report.keys if k in inner.c]
    return select(inner, *extra(inner)).order_by(*order)


def start(session: Session, actor: Actor, report: Report, filters: Mapping[str, Any]) -> Context:
    """Check the caller may run ``report`` and resolve their data scope."""
    actor.require(*report.permissions)
    asked = tuple(filters.get("by") or ()) if filters.get("by_given") else ()
    for dimension in asked:  # the default grouping is every report's own business
        if dimension not in report.dimensions:
            raise ValidationError("invalid_choice", field="by", value=dimension)
    context = Context(session, actor, dict(filters), visible_warehouses(session, actor))
    if report.prepare is not None:
        report.prepare(context)
    return context


def visible_warehouses(session: Session, actor: Actor) -> frozenset[int] | None:
    """The warehouses the caller's data scope covers (None: all of them)."""
    if actor.warehouse_ids is not None:
        return actor.warehouse_ids
    if actor.organisation_ids is None:
        return None
    w = catalog.warehouse
    rows = session.scalars(select(w.c.id).where(w.c.organisation_id.in_(actor.organisation_ids)))
    return frozenset(rows)


def run(report: Report, context: Context, sort: str | None, limit: int, offset: int) -> Page:
    """One page of rows, the number of rows and the totals over all of them.

    The count and the totals ride on the page's rows as window aggregates, so the report's
    query runs once; only a page past the end needs a second query for them.
    """
    if report.rows is not None:
        return _run_rows(report, context, sort, limit, offset)
    query = report.build(context)
    summed = [c for c in report.columns_for(context) if c.total]

    def windows(inner: Any) -> list[Any]:
        return (
            [func.count().over().label("__count")]
            + [scaled(func.sum(inner.c[c.key]).over()).label(f"__total_{c.key}") for c in summed]
            + _unit_span(inner, lambda column: column.over())
        )

    ordered = _ordered(report, query, parse_sort(report, context, sort), windows)
    raw = [dict(r) for r in context.session.execute(ordered.limit(limit).offset(offset)).mappings()]
    if raw:
        figures: Any = raw[0]
    else:
        inner = query.subquery()
        figures = (
            context.session.execute(
                select(
                    func.count().label("__count"),
                    *[scaled(func.sum(inner.c[c.key])).label(f"__total_{c.key}") for c in summed],
                    *_unit_span(inner, lambda column: column),
                )
            )
            .one()
            ._mapping
        )
    totals = None
    if summed:
        totals = {c.key: _total(figures[f"__total_{c.key}"], c.kind) for c in summed}
        # no unit column: rows of many products (by partner, by category) count as mixed
        named = "__unit_min" in figures
        mixed = not named or figures["__unit_min"] != figures["__unit_max"]
        if not report.one_product and (mixed or figures["__unit_missing"]):
            _drop_quantities(totals, summed)
        if report.derive_totals and report.derive is not None:
            report.derive(totals, context)
        _hide_costs(report, totals, context.actor)
    rows = [finish(report, row, context) for row in raw]
    if report.annotate is not None:
        report.annotate(rows, context)
    return Page(rows, int(figures["__count"] or 0), totals)


def _sorted_rows(report: Report, context: Context, sort: str | None) -> list[dict[str, Any]]:
    """A computed report's rows in the asked order (missing values last), keys breaking ties."""
    assert report.rows is not None
    rows = report.rows(context)
    order = parse_sort(report, context, sort)
    if not sort and not report.default_sort:
        return rows  # a statement keeps the ledger's order
    # sort by the least significant key first (stable sorts compose)
    for key, descending in [(k, False) for k in reversed(report.keys)] + list(reversed(order)):
        present = [r for r in rows if r.get(key) is not None]
        missing = [r for r in rows if r.get(key) is None]
        present.sort(key=lambda r: r[key], reverse=descending)
        rows = present + missing
    return rows


def _run_rows(report: Report, context: Context, sort: str | None, limit: int, offset: int) -> Page:
    rows = _sorted_rows(report, context, sort)
    summed = [c for c in report.columns_for(context) if c.total]
    totals = _computed_totals(report, context, rows, summed)
    page = [_finish_computed(report, row, context) for row in rows[offset : offset + limit]]
    return Page(page, len(rows), totals)


def _computed_totals(
    report: Report, context: Context, rows: list[dict[str, Any]], summed: list[Column]
) -> dict[str, Any] | None:
    if not summed:
        return None
    totals = {c.key: sum((r.get(c.key) or 0 for r in rows), Decimal(0)) for c in summed}
    key = "base_unit" if any("base_unit" in r for r in rows) else "product"
    units = {r.get(key) for r in rows}
    if not report.one_product and rows and (len(units) != 1 or None in units):
        _drop_quantities(totals, summed)
    _hide_costs(report, totals, context.actor)
    return totals


def _finish_computed(report: Report, row: dict[str, Any], context: Context) -> dict[str, Any]:
    _hide_costs(report, row, context.actor)
    return {c.key: row.get(c.key) for c in report.columns_for(context)}


def _unit_span(inner: Any, over: Callable[[Any], Any]) -> list[Any]:
    """The least and greatest base unit of the rows, when they name one; else of their
    product (rows of one product share its unit)."""
    key = next((k for k in ("base_unit", "product") if k in inner.c), None)
    if key is None:
        return []
    column = inner.c[key]
    return [
        over(func.min(column)).label("__unit_min"),
        over(func.max(column)).label("__unit_max"),
        # a row without a unit holds products of several units (grouped by category)
        over(func.sum(case((column.is_(None), 1), else_=0))).label("__unit_missing"),
    ]


def _drop_quantities(totals: dict[str, Any], summed: list[Column]) -> None:
    """Quantities of different units never add up (1 kg + 2 个): such a totals row shows
    amounts only. Rows without a unit (grouped by category, by partner) count as mixed."""
    for column in summed:
        if column.kind is Kind.QTY:
            totals[column.key] = None


def _total(raw: object, kind: Kind) -> Decimal | int:
    return unscale(raw, kind) if kind in _SCALES else int(raw or 0)  # type: ignore[call-overload]


def stream(report: Report, context: Context, sort: str | None) -> Iterator[dict[str, Any]]:
    """Every row, fetched in chunks: memory stays bounded however long the report is."""
    if report.rows is not None:
        for computed in _sorted_rows(report, context, sort):
            yield _finish_computed(report, computed, context)
        return
    yield from _streamed(report, context, sort, None)


def ordered_query(report: Report, context: Context, sort: str | None) -> Select[Any]:
    """The statement an export streams: the report's query in the asked order."""
    return _ordered(report, report.build(context), parse_sort(report, context, sort))


def _streamed(
    report: Report, context: Context, sort: str | None, tally: _Tally | None
) -> Iterator[dict[str, Any]]:
    """The rows of a query report, chunk by chunk; ``tally`` (if any) adds up each raw row."""
    result = context.session.execute(
        ordered_query(report, context, sort).execution_options(
            stream_results=True, yield_per=STREAM_CHUNK
        )
    )
    keys = tuple(result.keys())
    finished = _finisher(report, context, keys)
    if tally is not None:
        tally.start(keys)
    while raw := result.fetchmany(STREAM_CHUNK):
        if tally is not None:
            tally.add(raw)
        yield from _annotated(report, [finished(r) for r in raw], context)


def _annotated(
    report: Report, rows: list[dict[str, Any]], context: Context
) -> list[dict[str, Any]]:
    if report.annotate is not None and rows:
        report.annotate(rows, context)
    return rows


class _Tally:
    """The totals row of a streamed report, added up from the raw rows as they pass.

    It sums the same scaled integers the totals query's ``SUM`` would (exactly: Python's
    integers do not overflow, PostgreSQL's integral ``numeric`` sums arrive as whole
    Decimals) and keeps the distinct units seen (``None``: a row of several), as ``run``
    compares their least and greatest and counts the rows without one.
    """

    def __init__(self, summed: list[Column]) -> None:
        self.summed = summed
        self.sums: list[Any] = [0] * len(summed)
        self.units: set[Any] = set()
        self.unit_at: int | None = None
        self.positions: list[int] = []

    def start(self, keys: tuple[str, ...]) -> None:
        self.positions = [keys.index(c.key) for c in self.summed]
        unit = next((k for k in ("base_unit", "product") if k in keys), None)
        self.unit_at = None if unit is None else keys.index(unit)

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        for i, at in enumerate(self.positions):
            # filter(None, …) leaves out NULLs (as SUM does) and zeros (which add nothing)
            self.sums[i] += sum(filter(None, map(itemgetter(at), rows)))
        if self.unit_at is not None and len(self.units) < 2:
            # None: a row of products of several units (grouped by category), so mixed
            self.units.update(map(itemgetter(self.unit_at), rows))

    def totals(self, report: Report, context: Context) -> dict[str, Any]:
        totals = {c.key: _total(s, c.kind) for c, s in zip(self.summed, self.sums, strict=True)}
        mixed = self.unit_at is None or len(self.units) > 1 or None in self.units
        if not report.one_product and mixed:
            _drop_quantities(totals, self.summed)
        if report.derive_totals and report.derive is not None:
            report.derive(totals, context)
        _hide_costs(report, totals, context.actor)
        return totals


#: the label of a totals row, in its first column
TOTAL_LABEL = {"zh-CN": "合计", "en": "Total"}


def stream_with_totals(
    report: Report, context: Context, sort: str | None, language: str
) -> Iterator[dict[str, Any]]:
    """Every row, then the totals row the screen shows (合计 in its first column), so that a
    file ends as the screen does.

    The report's query runs once: the totals are added up from the rows as they stream
    (``_Tally``), to the same figures as ``run``'s totals over the whole result."""
    summed = [c for c in report.columns_for(context) if c.total]
    totals: dict[str, Any] | None = None
    if report.rows is not None:
        rows = _sorted_rows(report, context, sort)
        totals = _computed_totals(report, context, rows, summed)
        for computed in rows:
            yield _finish_computed(report, computed, context)
    else:
        tally = _Tally(summed)
        yield from _streamed(report, context, sort, tally)
        totals = tally.totals(report, context) if summed else None
    if not totals:
        return
    first = report.columns_for(context)[0]
    label = {} if first.key in totals else {first.key: TOTAL_LABEL.get(language, "Total")}
    yield {**label, **totals}


def finish(report: Report, row: dict[str, Any], context: Context) -> dict[str, Any]:
    """Raw SQL values as Decimals, derived figures, costs hidden where not allowed."""
    return _finisher(report, context, tuple(row))(tuple(row.values()))


def _finisher(
    report: Report, context: Context, keys: tuple[str, ...]
) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """``finish`` for every raw row (labelled ``keys``) of one run, with what it looks up
    worked out once: exports finish tens of thousands of rows."""
    at = {key: i for i, key in enumerate(keys)}
    # raw scaled integers → Decimals (exact: a whole number times 10**-scale, as ``unscale``)
    scaled = [
        (at[c.key], Decimal(1).scaleb(-scale), Decimal(0).scaleb(-scale))
        for c in report.columns
        if (scale := _SCALES.get(c.kind)) is not None and c.key in at
    ]
    hidden = (
        []
        if context.actor.can(Permission.PRICE_READ)
        else [c.key for c in report.columns if c.cost]
    )
    shown = [c.key for c in report.columns_for(context)]
    derive = report.derive
    missing = len(keys)  # where a column the query does not select reads None
    picked = [at.get(key, missing) for key in shown]
    blanked = [at[key] for key in hidden if key in at]

    def unscaled(raw: Sequence[Any]) -> list[Any]:
        values = list(raw)
        for i, step, zero in scaled:
            value = values[i]
            if value is not None:
                values[i] = (
                    Decimal(value if type(value) is int else int(value)) * step if value else zero
                )
        return values

    def finished(raw: Sequence[Any]) -> dict[str, Any]:
        row = dict(zip(keys, unscaled(raw), strict=True))
        if derive is not None:
            derive(row, context)
        for key in hidden:
            if key in row:
                row[key] = None
        return {key: row.get(key) for key in shown}

    def plain(raw: Sequence[Any]) -> dict[str, Any]:  # no derived figures: no dict to fill
        values = unscaled(raw)
        for i in blanked:
            values[i] = None
        values.append(None)
        return dict(zip(shown, [values[i] for i in picked], strict=True))

    return finished if derive is not None else plain


def _hide_costs(report: Report, row: dict[str, Any], actor: Actor) -> None:
    if actor.can(Permission.PRICE_READ):
        return
    for column in report.columns:
        if column.cost and column.key in row:
            row[column.key] = None


def in_scope(column: Any, context: Context) -> Sequence[ColumnElement[bool]]:
    """A WHERE limiting ``column`` (a warehouse id) to the caller's scope, if any."""
    if context.warehouse_ids is None:
        return []
    return [column.in_(sorted(context.warehouse_ids))]

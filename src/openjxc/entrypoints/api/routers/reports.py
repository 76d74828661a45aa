"""Reports: 进销存汇总表, 库存流水, valuation, turnover, ABC, 销售/采购统计, 毛利, 账龄, 对账单, ….

Every report shares the same filters, sorting, paging and export (`/export?format=csv|xlsx`,
streamed). Column headers follow `Accept-Language` (zh-CN by default, en).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from openjxc.entrypoints.api.deps import CurrentActor, PageDep, ReadSession, SystemDep, new_router
from openjxc.entrypoints.api.errors import language_of
from openjxc.queries.reports import REPORTS, export, filters, framework
from openjxc.queries.reports.framework import Kind

router = new_router(prefix="/reports", tags=["reports"])

ReportName = Literal[
    "stock-summary",
    "stock-ledger",
    "stock-at",
    "valuation",
    "expiring-batches",
    "stock-alerts",
    "turnover",
    "abc",
    "slow-moving",
    "stocktake-accuracy",
    "sales-statistics",
    "sales-detail",
    "cost-layers",
    "purchase-statistics",
    "purchase-detail",
    "receivable-aging",
    "receivable-statement",
    "payable-aging",
    "payable-statement",
]
Ref = Annotated[str | None, Query(max_length=32, description="code or id")]


class ReportFilters:
    """The filters every report understands (each report reads the ones it lists)."""

    def __init__(
        self,
        date_from: Annotated[date | None, Query(alias="from")] = None,
        date_to: Annotated[date | None, Query(alias="to")] = None,
        as_of: date | None = None,
        by: Annotated[
            str | None,
            Query(
                max_length=80,
                description="grouping (comma list): product, warehouse, category; the trade "
                "statistics also partner, salesperson, organisation, day, week, month; the sales "
                "reports channel (wholesale or retail)",
            ),
        ] = None,
        product: Ref = None,
        warehouse: Ref = None,
        category: Ref = None,
        partner: Annotated[
            str | None, Query(max_length=32, description="customer or supplier: code or id")
        ] = None,
        salesperson: Annotated[
            str | None, Query(max_length=64, description="the documents' author: username or id")
        ] = None,
        organisation: Annotated[
            str | None, Query(max_length=32, description="organisation (store): code or id")
        ] = None,
        document: Annotated[
            str | None, Query(max_length=32, description="one document's number")
        ] = None,
        channel: Annotated[
            Literal["wholesale", "retail"] | None,
            Query(description="sales reports: wholesale (deliveries) or retail (零售单)"),
        ] = None,
        buckets: Annotated[
            str | None, Query(max_length=80, description="aging buckets in days, e.g. 30,60,90")
        ] = None,
        days: Annotated[int | None, Query(ge=1, le=3660)] = None,
        threshold: Annotated[Decimal | None, Query(ge=0, le=1000)] = None,
        a: Annotated[Decimal | None, Query(gt=0, le=1, description="ABC: class A share")] = None,
        b: Annotated[Decimal | None, Query(gt=0, le=1, description="ABC: class B share")] = None,
        level: Literal["below_safety", "reorder", "above_max"] | None = None,
        include_expired: bool | None = None,
        sort: Annotated[
            str | None, Query(max_length=200, description="columns, `-` for descending")
        ] = None,
    ):
        self.raw: dict[str, Any] = {
            "from": date_from,
            "to": date_to,
            "as_of": as_of,
            "by": by,
            "product": product,
            "warehouse": warehouse,
            "category": category,
            "partner": partner,
            "salesperson": salesperson,
            "organisation": organisation,
            "document": document,
            "channel": channel,
            "buckets": buckets,
            "days": days,
            "threshold": threshold,
            "a": a,
            "b": b,
            "level": level,
            "include_expired": include_expired,
        }
        self.sort = sort


FiltersDep = Annotated[ReportFilters, Depends()]


class ColumnRead(BaseModel):
    key: str
    label: str
    kind: str


class ReportInfo(BaseModel):
    name: str
    title: str
    filters: list[str]
    columns: list[ColumnRead]


class ReportPage(BaseModel):
    report: str
    title: str
    columns: list[ColumnRead]
    data: list[dict[str, Any]] = Field(description="one object per row, keyed by column key")
    count: int
    totals: dict[str, Any] | None
    date_from: date | None = Field(
        default=None,
        description="the first day the report covers; when `from` is not given, the first "
        "day of the month of `to`",
    )
    date_to: date | None = Field(
        default=None, description="the last day the report covers; when `to` is not given, today"
    )
    as_of: date | None = Field(
        default=None, description="the day a balance report is taken at; when not given, today"
    )


def _language(request: Request, actor_language: str) -> str:
    return language_of(request) if request.headers.get("accept-language") else actor_language


def _json(value: Any, kind: Kind) -> Any:
    """Exact numbers as strings (as everywhere in the API), other values as they are."""
    if isinstance(value, Decimal):
        return export.text_of(value, kind)
    return value


def _columns(columns: tuple[framework.Column, ...], language: str) -> list[ColumnRead]:
    return [ColumnRead(key=c.key, label=c.header(language), kind=c.kind.value) for c in columns]


@router.get("", response_model=list[ReportInfo])
def list_reports(request: Request, actor: CurrentActor) -> list[ReportInfo]:
    """The reports, their filters and columns, with headers in the caller's language."""
    language = _language(request, actor.language)
    return [
        ReportInfo(
            name=r.name,
            title=r.title(language),
            filters=list(r.filters),
            columns=_columns(r.columns, language),  # aging adds its bucket columns per run
        )
        for r in REPORTS.values()
    ]


@router.get("/{name}", response_model=ReportPage)
def run_report(
    name: ReportName,
    request: Request,
    session: ReadSession,
    actor: CurrentActor,
    page: PageDep,
    query: FiltersDep,
) -> ReportPage:
    """One page of a report, the number of rows and the totals over all of them."""
    report = REPORTS[name]
    context = framework.start(session, actor, report, filters.resolve(session, query.raw))
    result = framework.run(report, context, query.sort, page.limit, page.offset)
    columns = report.columns_for(context)
    kinds = {c.key: c.kind for c in columns}
    language = _language(request, actor.language)
    return ReportPage(
        report=report.name,
        title=report.title(language),
        columns=_columns(columns, language),
        data=[{k: _json(v, kinds[k]) for k, v in row.items()} for row in result.rows],
        count=result.count,
        totals=None
        if result.totals is None
        else {k: _json(v, kinds[k]) for k, v in result.totals.items()},
        **_period(report, context),
    )


def _period(report: framework.Report, context: framework.Context) -> dict[str, date]:
    """The dates the report ran with, also those it chose itself (this month, today)."""
    used = {"from": "date_from", "to": "date_to", "as_of": "as_of"}
    return {key: context.get(key) for name, key in used.items() if name in report.filters}


@router.get("/{name}/export", response_class=StreamingResponse)
def export_report(
    name: ReportName,
    request: Request,
    system: SystemDep,
    session: ReadSession,
    actor: CurrentActor,
    query: FiltersDep,
    format: Literal["csv", "xlsx"] = "csv",
) -> StreamingResponse:
    """Every row of a report as .csv or .xlsx, streamed (memory stays bounded)."""
    report = REPORTS[name]
    resolved = filters.resolve(session, query.raw)
    checked = framework.start(session, actor, report, resolved)
    framework.parse_sort(report, checked, query.sort)  # a bad sort fails before streaming
    language = _language(request, actor.language)
    columns = report.columns_for(checked)

    def rows() -> Iterator[dict[str, Any]]:
        # the request's session is closed once the handler returns: the stream has its own
        with system.read_sessions() as own:
            context = framework.start(own, actor, report, resolved)
            yield from framework.stream_with_totals(report, context, query.sort, language)

    title = report.title(language)
    if format == "xlsx":
        body = export.xlsx_chunks(columns, rows(), language, title)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = export.csv_chunks(columns, rows(), language)
        media = "text/csv; charset=utf-8"
    filename = f"{report.name}.{format}"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

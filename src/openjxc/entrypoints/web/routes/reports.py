"""报表: every report of the framework on one generic screen, with its filters and export."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared.errors import DomainError, NotFound
from openjxc.entrypoints.messages import describe
from openjxc.entrypoints.web import downloads, report_screen, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, SystemDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.labels import REPORT_SUMMARIES
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import is_htmx, render
from openjxc.queries.reports import REPORTS, filters, framework
from openjxc.queries.reports.framework import Report

router = web_router(prefix="/reports")
PAGE = 50
WIDE = 12  # beyond this many columns, columns empty on the page are folded away
_ALWAYS_SHOWN = ("opening", "closing")  # 期初 + 入 − 出 = 期末 reads only with both ends
_SHOWN_DATES = {"from": "date_from", "to": "date_to", "as_of": "as_of"}
By = Annotated[list[str], Query(max_length=20)]


def _report(name: str) -> Report:
    if name not in REPORTS:
        raise NotFound("report", name)
    return REPORTS[name]


@router.get("")
def index(request: Request, actor: CurrentUser) -> Response:
    """Every report the framework has, by title."""
    actor.require(Permission.REPORT_READ)
    reports = [r for r in REPORTS.values() if all(actor.can(p) for p in r.permissions)]
    return render(request, "report_index.html", {"reports": reports, "summaries": REPORT_SUMMARIES})


def _query(request: Request, drop: tuple[str, ...] = ()) -> str:
    """The page's query string without ``drop`` (to build sort, paging and export links)."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k not in drop and v])


@router.get("/{name}")
def show(
    name: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    sort: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    by: By = [],  # noqa: B006 - FastAPI copies the default
) -> Response:
    """One page of a report: filter form, sortable headers, totals row, chart, export links."""
    report = _report(name)
    values: dict[str, Any] = {
        "report": report,
        "widgets": report_screen.widgets(report),
        "params": dict(request.query_params),
        "by": by or ["product"],
        "sort": sort or "",
        "offset": offset,
        "limit": PAGE,
        "warehouses": (
            warehouse_options(db, actor, transit=True) if "warehouse" in report.filters else []
        ),
        "reports": [r for r in REPORTS.values() if all(actor.can(p) for p in r.permissions)],
        "error": None,
        "page": None,
    }
    try:
        raw = report_screen.raw_filters(report, request.query_params, by)
        context = framework.start(db, actor, report, filters.resolve(db, raw))
        page = framework.run(report, context, sort, PAGE, offset)
    except DomainError as error:
        if error.kind in ("forbidden", "not_found"):
            raise
        body = describe(error, session.language(request))
        values["error"] = " ".join(
            [body["message"], *[d["message"] for d in body["details"] if "message" in d]]
        )
        # a report opened without filters that needs one (a product…) just asks for it; htmx
        # swaps only a 2xx in, and a filter box that names nothing is a search, not a refusal
        status = 400 if request.query_params and not is_htmx(request) else 200
        return render(request, "report.html", values, block="result", status=status)
    columns = report.columns_for(context)
    language = session.language(request)
    # the dates the report ran with, also when the form left them empty (this month, today)
    for name, key in _SHOWN_DATES.items():
        if name in report.filters and not values["params"].get(name):
            values["params"][name] = context.get(key)
    shown = (
        _without_empty(columns, page) if not request.query_params.get("all_columns") else columns
    )
    values.update(
        page=page,
        columns=shown,
        folded=len(columns) - len(shown),
        print_url=_statement_print(report, values["params"]),
        language=language,
        chart=report_screen.chart(report, columns, page.rows, page.totals, language),
        base=_query(request, drop=("offset", "sort")),
        paging=_query(request, drop=("offset",)),
    )
    return render(request, "report.html", values, block="result")


def _statement_print(report: Report, params: dict[str, Any]) -> str | None:
    """A statement report of one partner prints as the 往来对账单 sheet."""
    account = report.name.removesuffix("-statement")
    if account not in ("receivable", "payable") or not params.get("partner"):
        return None
    query = {"partner": params["partner"], "account": account}
    query.update({k: str(params[k]) for k in ("from", "to") if params.get(k)})
    return "/print/statement?" + urlencode(query)


def _without_empty(
    columns: tuple[framework.Column, ...], page: framework.Page
) -> tuple[framework.Column, ...]:
    """A wide report (进销存汇总表 has a pair per move kind) without its all-zero columns."""
    if len(columns) <= WIDE or not page.totals:
        return columns
    return tuple(
        c
        for c in columns
        if c.key not in page.totals
        or c.key.startswith(_ALWAYS_SHOWN)
        or page.totals[c.key]
        or any(r.get(c.key) for r in page.rows)
    )


@router.get("/{name}/export")
def export_report(
    name: str,
    request: Request,
    system: SystemDep,
    actor: CurrentUser,
    db: ReadSession,
    format: FileFormat = "csv",
    sort: Annotated[str | None, Query(max_length=200)] = None,
    by: By = [],  # noqa: B006 - FastAPI copies the default
) -> Response:
    """Every row of the report as .csv or .xlsx, with the screen's filters and order."""
    report = _report(name)
    resolved = filters.resolve(db, report_screen.raw_filters(report, request.query_params, by))
    checked = framework.start(db, actor, report, resolved)
    framework.parse_sort(report, checked, sort)  # a bad sort fails before streaming
    language = session.language(request)
    columns = report.columns_for(checked)

    def rows() -> Iterator[dict[str, Any]]:
        # the request's session is closed once the handler returns: the stream has its own
        with system.read_sessions() as own:
            context = framework.start(own, actor, report, resolved)
            yield from framework.stream_with_totals(report, context, sort, language)

    title = report.title(language)
    return downloads.file_response(columns, rows(), language, title, report.name, format)

"""采购 and 销售: the lists of trading documents (the documents open in the bill editor), and
the orders past their expected date."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import NotFound
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, SystemDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.labels import TRADE_SECTIONS
from openjxc.entrypoints.web.params import DateFrom, DateTo, Text
from openjxc.entrypoints.web.routes.documents import Filters, export, listing
from openjxc.entrypoints.web.templating import render
from openjxc.queries.trading import orders

router = web_router(prefix="/trade")
PAGE = 50
#: the order type whose lateness each section lists
ORDER_OF = {"purchase": "purchase_order", "sales": "sales_order"}


@router.get("/{section}")
def list_trade_documents(
    section: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    q: Text = None,
    type: Text = None,
    status: Text = None,
    warehouse: Text = None,
    partner: Text = None,
    since: DateFrom = None,
    until: DateTo = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Purchasing or sales documents by number, type, partner, warehouse, status and dates."""
    if section not in TRADE_SECTIONS:
        raise NotFound("page", section[:32])
    filters = Filters(q, type, status, warehouse, partner, since, until, offset)
    return listing(request, actor, db, filters, section)


@router.get("/{section}/export")
def export_trade_documents(
    section: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    system: SystemDep,
    q: Text = None,
    type: Text = None,
    status: Text = None,
    warehouse: Text = None,
    partner: Text = None,
    since: DateFrom = None,
    until: DateTo = None,
    format: FileFormat = "csv",
) -> Response:
    """The purchasing or sales documents the filters find, as .csv or .xlsx."""
    if section not in TRADE_SECTIONS:
        raise NotFound("page", section[:32])
    filters = Filters(q, type, status, warehouse, partner, since, until, 0)
    return export(request, actor, db, system, filters, section, format)


@router.get("/{section}/overdue")
def overdue_orders(
    section: str,
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Orders past their expected date with quantity still to receive (or deliver), the most
    overdue first; each opens the order to act on it."""
    if section not in ORDER_OF:
        raise NotFound("page", section[:32])
    today = clock.today()
    rows, count = orders.overdue_orders(
        db, actor, ORDER_OF[section], today, limit=PAGE, offset=offset
    )
    values = {
        "rows": [dict(r, days_late=(today - r["expected_date"]).days) for r in rows],
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "section": section,
    }
    return render(request, "trade/overdue.html", values)

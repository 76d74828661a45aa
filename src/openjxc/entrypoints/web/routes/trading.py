"""采购 and 销售: the lists of trading documents (the documents open in the bill editor)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request, Response

from openjxc.domain.shared.errors import NotFound
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, SystemDep, web_router
from openjxc.entrypoints.web.downloads import FileFormat
from openjxc.entrypoints.web.labels import TRADE_SECTIONS
from openjxc.entrypoints.web.routes.documents import Filters, export, listing

router = web_router(prefix="/trade")
Text = Annotated[str | None, Query(max_length=64)]


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
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
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
    since: Annotated[date | None, Query(alias="from")] = None,
    until: Annotated[date | None, Query(alias="to")] = None,
    format: FileFormat = "csv",
) -> Response:
    """The purchasing or sales documents the filters find, as .csv or .xlsx."""
    if section not in TRADE_SECTIONS:
        raise NotFound("page", section[:32])
    filters = Filters(q, type, status, warehouse, partner, since, until, 0)
    return export(request, actor, db, system, filters, section, format)

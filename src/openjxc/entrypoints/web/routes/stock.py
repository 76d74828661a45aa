"""Stock screens: balances, the ledger per product, batches with holds, open loans."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.documents.types import DocumentType, Reason
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.entrypoints.messages import describe
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.params import DateFrom, DateTo
from openjxc.entrypoints.web.templating import render
from openjxc.queries import loan_returns
from openjxc.queries import loans as loan_queries
from openjxc.queries import stock as queries
from openjxc.queries import warehouses as warehouse_queries
from openjxc.queries.refs import id_named, id_of
from openjxc.services.inventory import documents, holds

router = web_router(prefix="/stock")
PAGE = 50
Ref = Annotated[str | None, Query(max_length=32)]


def warehouse_options(
    session: Session, actor: Actor, *, transit: bool = False
) -> list[tuple[str, str]]:
    """The warehouses the user sees, for filters and document headers. The in-transit
    warehouse (在途仓) no document names is left out unless ``transit``: a stock filter."""
    only = None if transit else False
    rows, _ = warehouse_queries.list_warehouses(
        session, actor, active=True, transit=only, limit=500
    )
    return [(r.code, f"{r.code} {r.name}") for r in rows]


def _id(session: Session, entity: str, ref: str | None) -> int | None:
    if not ref:
        return None
    return id_named(session, entity, ref) if entity == "product" else id_of(session, entity, ref)


def _named_product(
    db: Session, request: Request, product: str | None
) -> tuple[int | None, dict[str, Any] | None]:
    """The product a filter box names, or what the page shows instead of rows: that nothing
    matches, or the matches to choose from (a filter box is a search, not a form to refuse)."""
    try:
        return _id(db, "product", product), None
    except ValidationError as error:
        if error.params.get("field") != "product":
            raise
        text = describe(error, session.language(request))["message"]
        return None, {"message": text, "codes": error.params.get("codes", [])}


@router.get("/balances")
def balances(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    warehouse: Ref = None,
    product: Ref = None,
    as_of: date | None = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """On hand, on hold, available and value per product and warehouse, now or at a date."""
    product_id, notice = _named_product(db, request, product)
    rows: list[dict[str, Any]] = []
    count = 0
    if notice is None:
        rows, count = queries.stock_balances(
            db,
            actor,
            product_id=product_id,
            warehouse_id=_id(db, "warehouse", warehouse),
            as_of=as_of,
            limit=PAGE,
            offset=offset,
        )
    values = {
        "notice": notice,
        "rows": rows,
        "count": count,
        "offset": offset,
        "limit": PAGE,
        "filters": {"warehouse": warehouse or "", "product": product or "", "as_of": as_of or ""},
        "warehouses": warehouse_options(db, actor, transit=True),
    }
    return render(request, "stock/balances.html", values, block="results")


@router.get("/moves")
def moves(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    product: Ref = None,
    warehouse: Ref = None,
    since: DateFrom = None,
    until: DateTo = None,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The ledger (库存流水) of a product with the running balance."""
    rows: list[dict[str, Any]] = []
    count = 0
    product_id, notice = _named_product(db, request, product)
    if product_id is not None:
        rows, count = queries.stock_moves(
            db,
            actor,
            product_id=product_id,
            warehouse_id=_id(db, "warehouse", warehouse),
            since=since,
            until=until,
            limit=PAGE * 2,
            offset=offset,
        )
    values = {
        "notice": notice,
        "rows": rows,
        "count": count,
        "offset": offset,
        "limit": PAGE * 2,
        "filters": {
            "product": product or "",
            "warehouse": warehouse or "",
            "from": since or "",
            "to": until or "",
        },
        "warehouses": warehouse_options(db, actor, transit=True),
    }
    return render(request, "stock/moves.html", values, block="results")


@router.get("/batches")
def batches(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    warehouse: Ref = None,
    product: Ref = None,
) -> Response:
    """Stock per batch with expiry, first expiry first; hold or release a batch."""
    rows = queries.batch_balances(
        db,
        actor,
        product_id=_id(db, "product", product),
        warehouse_id=_id(db, "warehouse", warehouse),
    )
    values = {
        "rows": rows,
        "filters": {"warehouse": warehouse or "", "product": product or ""},
        "warehouses": warehouse_options(db, actor, transit=True),
        "today": clock.today(),
    }
    return render(request, "stock/batches.html", values, block="results")


@router.post("/holds")
def hold(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Put a batch on hold (冻结) or release it."""
    form = request.state.form
    on_hold = forms.text(form, "action") == "hold"
    product, batch = forms.text(form, "product"), forms.text(form, "batch")
    holds.set_hold(product, batch, on_hold, forms.text(form, "reason"), actor, uow)
    message = N_("Batch %(batch)s put on hold.") if on_hold else N_("Batch %(batch)s released.")
    session.say(request, message, batch=batch)
    return RedirectResponse(f"/stock/batches?product={product}", status_code=303)


@router.get("/loans")
def loans(request: Request, actor: CurrentUser, db: ReadSession, overdue: bool = False) -> Response:
    """What is lent out and not yet back (借出未还)."""
    rows = loan_queries.open_loans(db, actor, clock.today(), overdue)
    values = {
        "rows": rows,
        "overdue": overdue,
        # 登记归还 for those who may write stock documents
        "returns": actor.can(Permission.STOCK_DOCUMENT_WRITE),
    }
    return render(request, "stock/loans.html", values)


@router.post("/loans/{number}/return")
def record_return(
    number: str, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """登记归还: a draft loan return (借出归还) of everything still out, opened in the editor
    to change what did not come back before it is submitted."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    try:
        waiting = loan_returns.waiting_return(db, actor, number)
        if waiting is not None:
            session.say(request, "%(number)s is waiting to be finished.", number=waiting)
            return RedirectResponse(f"/documents/{waiting}", status_code=303)
        loan = loan_returns.still_out(db, actor, number)
        if not loan.lines:
            raise ValidationError("loan_all_returned", field="source_document", value=number)
        lines = [
            documents.LineInput(
                product=ln.product,
                qty=ln.qty,
                unit=ln.unit,
                batch=ln.batch,
                production_date=ln.production_date,
                expiry=ln.expiry,
            )
            for ln in loan.lines
        ]
        data = documents.DocumentInput(
            type=DocumentType.OTHER_RECEIPT.value,
            date=clock.today(),
            warehouse=loan.warehouse,
            partner=loan.partner,
            reason=Reason.LOAN_RETURN.value,
            source_document=number,
            lines=lines,
        )
        doc = documents.create_document(data, actor, uow)
    except DomainError as error:
        session.flash(request, FieldErrors(error, session.language(request)).summary, "error")
        return RedirectResponse("/stock/loans", status_code=303)
    session.say(
        request, N_("%(number)s created from %(source)s."), number=doc.number, source=number
    )
    return RedirectResponse(f"/documents/{doc.number}", status_code=303)

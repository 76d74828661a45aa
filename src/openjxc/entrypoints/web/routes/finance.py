"""财务: a partner's statement (往来对账单) and the aging of receivables and payables (账龄)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request, Response

from openjxc.domain.access.permissions import Permission
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import ValidationError
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, web_router
from openjxc.entrypoints.web.i18n import N_
from openjxc.entrypoints.web.params import DateFrom, DateTo, Text
from openjxc.entrypoints.web.routes.document_editor import partner_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries.refs import id_of
from openjxc.queries.trading import statements

router = web_router(prefix="/finance")
ACCOUNTS = {"receivable": N_("Receivable"), "payable": N_("Payable")}
SOURCES = {
    "opening": N_("Opening balance"),
    "purchase_receipt": N_("Purchase receipt"),
    "purchase_return": N_("Purchase return"),
    "sales_delivery": N_("Sales delivery"),
    "sales_return": N_("Sales return"),
    "retail_sale": N_("Retail sale"),
    "retail_return": N_("Retail return"),
    "customer_receipt": N_("Customer receipt"),
    "supplier_payment": N_("Supplier payment"),
}


def _account(value: str | None) -> str:
    if (value or "receivable") not in ACCOUNTS:
        raise ValidationError("invalid_choice", field="account", value=(value or "")[:32])
    return value or "receivable"


@router.get("/statement")
def statement(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    partner: Text = None,
    account: Text = None,
    since: DateFrom = None,
    until: DateTo = None,
) -> Response:
    """往来对账单: opening, each entry with its running balance, totals, closing."""
    actor.require(Permission.LEDGER_READ)
    kind = _account(account)
    today = clock.today()
    since = since or today.replace(day=1)
    until = until or today
    found: statements.Statement | None = None
    if partner:
        partner_id = id_of(db, "partner", partner)
        found = statements.statement(db, actor, partner_id, kind, since, until)
    values = {
        "filters": {"partner": partner or "", "account": kind, "from": since, "to": until},
        "partners": partner_options(db, actor, None),
        "accounts": list(ACCOUNTS.items()),
        "sources": SOURCES,
        "statement": found,
    }
    return render(request, "finance/statement.html", values)


@router.get("/aging")
def aging(
    request: Request,
    actor: CurrentUser,
    db: ReadSession,
    account: Text = None,
    as_of: date | None = None,
    buckets: Annotated[str, Query(max_length=100)] = "30,60,90",
) -> Response:
    """账龄: open amounts per partner by days past due, in the day limits given."""
    kind = _account(account)
    try:
        limits = sorted({int(part) for part in buckets.split(",") if part.strip()})[:8]
    except ValueError:
        raise ValidationError("invalid_buckets", field="buckets") from None
    day = as_of or clock.today()
    found = statements.aging(db, actor, kind, day, limits)
    values = {
        "filters": {"account": kind, "as_of": day, "buckets": ",".join(map(str, limits))},
        "accounts": list(ACCOUNTS.items()),
        "aging": found,
    }
    return render(request, "finance/aging.html", values)

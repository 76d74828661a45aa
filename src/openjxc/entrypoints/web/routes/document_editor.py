"""The bill editor (单据编辑): header fields, the line grid, scanning, save and act."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.partner import PartnerKind
from openjxc.domain.documents.types import RULES, TRADE_TYPES, Direction, DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.domain.shared.numbers import as_entered, plain
from openjxc.domain.trading import flow
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import SystemDep
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import (
    EDITABLE_TYPES,
    REASON_LABELS,
    TRADE_SECTIONS,
    TRADE_TYPE_NAMES,
)
from openjxc.entrypoints.web.routes.lookup import products_by_code
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import access as access_queries
from openjxc.queries import approvals as approval_queries
from openjxc.queries import documents as queries
from openjxc.queries import partners as partner_queries
from openjxc.queries.trading import trace as trace_queries
from openjxc.services.inventory import documents as service
from openjxc.services.inventory.transit import ReceivedLine
from openjxc.services.lookup import as_id
from openjxc.services.trading import dispatch, receiving
from openjxc.services.trading.documents import TradeInput, TradeLineInput
from openjxc.services.trading.settings import get_trade_settings
from openjxc.services.unit_of_work import UnitOfWork

__all__ = ["SystemDep", "empty", "existing", "generate_next", "partner_options", "save"]

LINE_FIELDS = (
    "line_product",
    "line_unit",
    "line_qty",
    "line_cost",
    "line_batch",
    "line_expiry",
    "line_price",
    "line_tax_rate",
    "line_source",
)
#: the buttons 保存并提交 and 保存并审核
THEN: dict[str, dispatch.Then] = {"submit": "submit", "approve": "approve"}
HUNDRED = Decimal(100)
MONEY_KEYS = frozenset({"net_amount", "tax", "total", "margin"})


def _text(value: object) -> str:
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


def partner_options(db: Session, actor: Actor, section: str | None) -> list[tuple[str, str]]:
    """Active partners; suppliers only for 采购, customers only for 销售."""
    if not actor.can(Permission.PARTNER_READ):
        return []
    kind = {"purchase": PartnerKind.SUPPLIER, "sales": PartnerKind.CUSTOMER}.get(section or "")
    rows, _ = partner_queries.list_partners(db, actor, kind=kind, active=True, limit=500)
    return [(r["code"], f"{r['code']} {r['name']}") for r in rows]


def _partner_rates(db: Session, actor: Actor) -> dict[str, str]:
    """Each partner's own tax rate in % (it comes before the product's on a new line)."""
    if not actor.can(Permission.PARTNER_READ):
        return {}
    rows, _ = partner_queries.list_partners(db, actor, active=True, limit=500)
    return {r["code"]: forms.percent(r["tax_rate"]) for r in rows if r.get("tax_rate") is not None}


def _section(kind: str) -> str | None:
    return next((k for k, types in TRADE_SECTIONS.items() if kind in types), None)


def _cell(key: str, value: object) -> Any:
    if key == "revaluations" and isinstance(value, list):
        # what re-costed the line: shown as text, kept plain for the editor's JSON
        return [
            {
                "document": r["document"] or "",
                "old_value": f"{r['old_value']:,.2f}",
                "new_value": f"{r['new_value']:,.2f}",
            }
            for r in value
        ]
    if key in MONEY_KEYS and isinstance(value, Decimal):
        return f"{value:,.2f}"
    return _text(value)


def _grid(db: Session, actor: Actor, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines as the editor's Alpine component takes them (with each product's units)."""
    known = products_by_code(db, actor, [ln["product"] for ln in lines])
    grid = []
    for ln in lines:
        info = known.get(ln["product"], {"units": [ln.get("unit") or ""], "product_name": ""})
        grid.append({**info, **{k: _cell(k, v) for k, v in ln.items()}})
    return grid


def _page(
    request: Request,
    actor: Actor,
    db: Session,
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    kind = DocumentType(header["type"])
    rule = RULES[kind]
    trade = kind in TRADE_TYPES
    may_write = flow.may_write(actor, kind) if trade else actor.can(Permission.STOCK_DOCUMENT_WRITE)
    approve = flow.approve_permission(kind) if trade else Permission.STOCK_DOCUMENT_APPROVE
    editable = header.get("status", "draft") == "draft" and may_write
    shows_price = trade and (kind in flow.SALES or actor.can(Permission.PRICE_READ))
    number = header.get("number")
    following = flow.DOWNSTREAM.get(kind)
    next_type = following.value if following else None
    grid = _grid(db, actor, lines)
    for no, line in enumerate(grid, start=1):
        line["error"] = errors.line(no)
    t = Translator(session.language(request))
    values = {
        "header": header,
        "lines": grid,
        "errors": errors,
        "receipt_date": clock.today().isoformat(),
        "editable": editable,
        "type_rule": rule,
        "is_transfer": rule.direction is Direction.TRANSFER,
        "is_trade": trade,
        "is_order": kind in flow.ORDERS,
        "shows_cost": rule.cost_given and actor.can(Permission.PRICE_READ) and not trade,
        "shows_price": shows_price,
        "tax_included": shows_price and header.get("tax_included", False),
        # a keeper receives against order lines only, at the order's prices
        "receives_only": trade and flow.receives_only(actor, kind),
        "section": _section(kind.value),
        # the menu item of the document's own list is the one highlighted
        "menu_url": f"/trade/{_section(kind.value)}?type={kind.value}" if trade else "/documents",
        "shows_margin": kind in (DocumentType.SALES_DELIVERY, DocumentType.SALES_RETURN)
        and actor.can(Permission.PRICE_READ)
        and header.get("status") in ("approved", "reversed"),
        "next_type": next_type,
        "can_next": following is not None and flow.may_write(actor, following),
        "trace": trace_queries.trace(db, actor, number) if trade and number else None,
        "approvals": approval_queries.history(db, actor, number) if number else [],
        "warehouses": warehouse_options(db, actor),
        "partners": partner_options(db, actor, _section(kind.value)),
        "salespeople": access_queries.salespeople(db, actor, kind, header.get("salesperson"))
        if trade
        else [],
        "partner_rates": _partner_rates(db, actor) if shows_price and editable else {},
        "reasons": list(REASON_LABELS.items()),
        "can_approve": actor.can(approve),
        # 审核 and 驳回 only to who may take the waiting step (the creator never, with steps)
        "can_take_step": actor.can(approve)
        and header.get("status", "draft") in ("draft", "submitted")
        and approval_queries.may_take_step(db, actor, kind, number),
        "can_write": may_write,
        # an issue line of a batch-tracked product picks among the warehouse's batches
        "batch_pick": editable and rule.direction in (Direction.OUT, Direction.TRANSFER),
        "scan_messages": {
            "added": t("Added"),
            "unknown": t("Unknown code"),
            "remove": t("Remove"),
            "expired": t("expired"),
            "on_hold": t("on hold"),
            "no_expiry": t("no expiry"),
            "available": t("available"),
        },
    }
    return render(request, "documents/editor.html", values, status=status)


def empty(request: Request, actor: Actor, db: Session, uow: UnitOfWork, kind: str) -> Response:
    """A new bill of ``kind`` dated today in the user's first warehouse."""
    if kind not in (*EDITABLE_TYPES, *TRADE_TYPE_NAMES):
        raise ValidationError("invalid_choice", field="type", value=kind[:32])
    trade = DocumentType(kind) in TRADE_TYPES
    if trade:
        flow.require_write(actor, DocumentType(kind))
    else:
        actor.require(Permission.STOCK_DOCUMENT_WRITE)
    warehouses = warehouse_options(db, actor)
    header = {
        "type": kind,
        "date": clock.today().isoformat(),
        "warehouse": warehouses[0][0] if warehouses else "",
        "status": "draft",
        "tax_included": trade and get_trade_settings(uow).prices_include_tax,
    }
    return _page(request, actor, db, header, [], FieldErrors())


def existing(
    request: Request,
    actor: Actor,
    db: Session,
    number: str,
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    """A saved document, with ``errors`` from a refused action shown on its lines."""
    doc = queries.get_document(db, actor, number)
    # 含税 when every priced line was entered so; each line shows its price as entered
    bases = {
        ln.get("entered_price_tax_included") for ln in doc["lines"] if ln.get("price") is not None
    }
    included = doc["tax_included"] = bases == {True}
    lines = [
        {
            "product": ln["product"],
            "product_name": ln["product_name"],
            "unit": ln["unit"],
            "qty": ln["qty"],
            "cost": ln["unit_cost"],
            "batch": ln["batch"] or "",
            # the batches it took when posted (picked first expiry first when none was named)
            "posted_batches": ", ".join(
                f"{b['batch']} × {plain(b['qty'])} {ln['base_unit']}" for b in ln["posted_batches"]
            ),
            "expiry": ln["expiry"] or "",
            "posted_value": ln["posted_value"],
            "revaluations": ln.get("revaluations") or [],
            "price": _shown_price(ln, included),
            "tax_rate": forms.percent(ln["tax_rate"]),
            "net_amount": ln["net_amount"],
            "tax": ln["tax"],
            "source": ln["source_line"] or "",
            "done_qty": ln.get("done_qty"),
            "done_in_units": ln.get("done_in_units"),
            "open_in_units": ln.get("open_in_units"),
            "returned_qty": ln.get("returned_qty"),
            "margin": ln.get("margin"),
            "base_qty": ln["base_qty"],
            "base_unit": ln["base_unit"],
            "line_no": ln["line_no"],
            # a two-step transfer once received: what arrived, what did not and why
            "received_qty": _plain(ln.get("received_qty")),
            "short_qty": _plain(ln.get("short_qty")),
            "short_reason": ln.get("short_reason") or "",
            "lost_value": ln.get("lost_value"),
            **_figures(ln),
        }
        for ln in doc.pop("lines")
    ]
    return _page(request, actor, db, doc, lines, errors, status)


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _shown_price(line: dict[str, Any], included: bool) -> str:
    """A line's price on the editor's basis: as entered (its own 2–4 decimals) when entered on
    that basis, else the tax-exclusive price derived from it."""
    entered = line.get("entered_price")
    if entered is not None and line.get("entered_price_tax_included") is included:
        return as_entered(entered)
    return "" if line["price"] is None else plain(line["price"])


def _figures(line: dict[str, Any]) -> dict[str, Any]:
    """A trading line's 价税合计 and, on orders, what is still to receive or deliver."""
    figures: dict[str, Any] = {}
    if line["net_amount"] is not None and line["tax"] is not None:
        figures["total"] = line["net_amount"] + line["tax"]
    if line.get("done_qty") is not None:
        figures["remaining"] = max(line["base_qty"] - line["done_qty"], Decimal(0))
    return figures


def _header(form: FormData, kind: str) -> dict[str, Any]:
    names = ("date", "warehouse", "to_warehouse", "partner", "reason", "remarks", "salesperson")
    return {
        "type": kind,
        "status": "draft",
        **{n: forms.text(form, n) for n in names},
        "expected_return_date": forms.text(form, "expected_return_date"),
        "expected_date": forms.text(form, "expected_date"),
        "two_step": forms.checked(form, "two_step"),
        "tax_included": forms.checked(form, "tax_included"),
    }


def _trade_input(header: dict[str, Any], lines: list[dict[str, str]]) -> TradeInput:
    return TradeInput(
        type=header["type"],
        date=_date(header["date"], "date", required=True),  # type: ignore[arg-type]
        warehouse=header["warehouse"],
        partner=header["partner"] or None,
        expected_date=_date(header["expected_date"], "expected_date"),
        remarks=header["remarks"],
        tax_included=header["tax_included"],
        salesperson=header["salesperson"] or None,
        lines=[
            TradeLineInput(
                product=ln["product"] or None,
                qty=ln["qty"] or None,
                unit=ln["unit"] or None,
                price=ln["price"] or None,
                tax_rate=ln["tax_rate"] or None,  # "13", "13%", "0.13": tax.parse_tax_rate
                source_line=as_id(ln["source"]),
                batch=ln["batch"] or None,
                expiry=_date(ln["expiry"], "expiry"),
            )
            for ln in lines
        ],
    )


def received(form: FormData) -> tuple[date | None, list[ReceivedLine]]:
    """The receipt form of a two-step transfer: its date, and what arrived of each line (a
    line left empty arrived in full)."""
    day = _date(forms.text(form, "receipt_date"), "date")
    lines = [
        ReceivedLine(int(row["received_line"]), row["received_qty"], row["short_reason"])
        for row in forms.rows(form, "received_line", "received_qty", "short_reason")
        if row["received_line"].isdigit() and row["received_qty"]
    ]
    return day, lines


def _date(value: str, field: str, required: bool = False) -> date | None:
    if not value:
        if required:
            raise ValidationError("required", field=field)
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("invalid_choice", field=field, value=value[:20]) from None


def _input(header: dict[str, Any], lines: list[dict[str, str]]) -> service.DocumentInput:
    return service.DocumentInput(
        type=header["type"],
        date=_date(header["date"], "date", required=True),  # type: ignore[arg-type]
        warehouse=header["warehouse"],
        to_warehouse=header["to_warehouse"] or None,
        partner=header["partner"] or None,
        reason=header["reason"] or None,
        remarks=header["remarks"],
        two_step=header["two_step"] and header["type"] == "transfer",
        expected_return_date=_date(header["expected_return_date"], "expected_return_date"),
        source_document=header.get("source_document") or None,
        lines=[
            service.LineInput(
                product=ln["product"],
                qty=ln["qty"],
                unit=ln["unit"] or None,
                unit_cost=ln["cost"] or None,
                batch=ln["batch"] or None,
                expiry=_date(ln["expiry"], "expiry"),
            )
            for ln in lines
        ],
    )


def save(
    request: Request, actor: Actor, db: Session, uow: UnitOfWork, number: str | None
) -> Response:
    """Create or update the draft; then submit or approve it if that button was pressed."""
    form: FormData = request.state.form
    stored = None if number is None else queries.get_document(db, actor, number)
    kind = forms.text(form, "type") if stored is None else stored["type"]
    # the form does not carry the source: a loan return keeps the loan it returns
    source = stored["source_document"] if stored else None
    header = {**_header(form, kind), "source_document": source}
    lines = [
        {k.removeprefix("line_"): v for k, v in row.items()}
        for row in forms.rows(form, *LINE_FIELDS)
    ]
    lang = session.language(request)
    then = forms.text(form, "then")
    try:
        data = _trade_input(header, lines) if kind in TRADE_TYPE_NAMES else _input(header, lines)
        # saved and submitted/approved at once: a refused approval saves nothing
        doc = dispatch.save_document(number, data, actor, uow, THEN.get(then))
    except DomainError as error:
        if number is not None:
            header = {**queries.get_document(db, actor, number), **header, "lines": None}
        return _page(request, actor, db, header, lines, FieldErrors(error, lang), status=422)
    done = {
        "submit": N_("%(number)s submitted for approval."),
        "approve": N_("%(number)s approved.")
        if doc.status.value != "submitted"
        else N_("%(number)s: your approval step is recorded; the next approver follows."),
    }
    saved = N_("%(number)s saved.")
    session.say(request, done.get(then, saved), number=doc.number)
    return RedirectResponse(f"/documents/{doc.number}", status_code=303)


def generate_next(
    request: Request, actor: Actor, db: Session, uow: UnitOfWork, number: str
) -> Response:
    """生成下游单据: a draft of the next type with every open quantity of ``number``, or the
    one already open for it."""
    made = receiving.generate_downstream(number, actor, uow)
    doc = made.document
    if made.created:
        message = N_("%(number)s created from %(source)s.")
    else:
        message = N_("%(number)s is already open for %(source)s: continue it here.")
    session.say(request, message, number=doc.number, source=number)
    return RedirectResponse(f"/documents/{doc.number}", status_code=303)

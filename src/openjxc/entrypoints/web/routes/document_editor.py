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
from openjxc.domain.documents.types import RULES, Direction, DocumentType
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, ValidationError
from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import SystemDep
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import EDITABLE_TYPES, REASON_LABELS
from openjxc.entrypoints.web.routes.lookup import products_by_code
from openjxc.entrypoints.web.routes.stock import warehouse_options
from openjxc.entrypoints.web.templating import render
from openjxc.queries import documents as queries
from openjxc.queries import partners as partner_queries
from openjxc.services.inventory import approval
from openjxc.services.inventory import documents as service
from openjxc.services.unit_of_work import UnitOfWork

__all__ = ["SystemDep", "empty", "existing", "save"]

LINE_FIELDS = ("line_product", "line_unit", "line_qty", "line_cost", "line_batch", "line_expiry")
THEN = {"submit": approval.submit_document, "approve": approval.approve_document}


def _text(value: object) -> str:
    if value is None:
        return ""
    return plain(value) if isinstance(value, Decimal) else str(value)


def _partners(db: Session, actor: Actor) -> list[tuple[str, str]]:
    if not actor.can(Permission.PARTNER_READ):
        return []
    rows, _ = partner_queries.list_partners(db, actor, active=True, limit=500)
    return [(r["code"], f"{r['code']} {r['name']}") for r in rows]


def _grid(db: Session, actor: Actor, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines as the editor's Alpine component takes them (with each product's units)."""
    known = products_by_code(db, actor, [ln["product"] for ln in lines])
    grid = []
    for ln in lines:
        info = known.get(ln["product"], {"units": [ln.get("unit") or ""], "product_name": ""})
        grid.append({**info, **{k: _text(v) for k, v in ln.items()}})
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
    editable = header.get("status", "draft") == "draft" and actor.can(
        Permission.STOCK_DOCUMENT_WRITE
    )
    grid = _grid(db, actor, lines)
    for no, line in enumerate(grid, start=1):
        line["error"] = errors.line(no)
    t = Translator(session.language(request))
    values = {
        "header": header,
        "lines": grid,
        "errors": errors,
        "editable": editable,
        "type_rule": rule,
        "is_transfer": rule.direction is Direction.TRANSFER,
        "shows_cost": rule.cost_given and actor.can(Permission.PRICE_READ),
        "warehouses": warehouse_options(db, actor),
        "partners": _partners(db, actor),
        "reasons": list(REASON_LABELS.items()),
        "can_approve": actor.can(Permission.STOCK_DOCUMENT_APPROVE),
        "can_write": actor.can(Permission.STOCK_DOCUMENT_WRITE),
        "scan_messages": {
            "added": t("Added"),
            "unknown": t("Unknown code"),
            "remove": t("Remove"),
        },
    }
    return render(request, "documents/editor.html", values, status=status)


def empty(request: Request, actor: Actor, db: Session, kind: str) -> Response:
    """A new bill of ``kind`` dated today in the user's first warehouse."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    if kind not in EDITABLE_TYPES:
        raise ValidationError("invalid_choice", field="type", value=kind[:32])
    warehouses = warehouse_options(db, actor)
    header = {
        "type": kind,
        "date": clock.today().isoformat(),
        "warehouse": warehouses[0][0] if warehouses else "",
        "status": "draft",
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
    lines = [
        {
            "product": ln["product"],
            "product_name": ln["product_name"],
            "unit": ln["unit"],
            "qty": ln["qty"],
            "cost": ln["unit_cost"],
            "batch": ln["batch"] or "",
            "expiry": ln["expiry"] or "",
            "posted_value": ln["posted_value"],
        }
        for ln in doc.pop("lines")
    ]
    return _page(request, actor, db, doc, lines, errors, status)


def _header(form: FormData, kind: str) -> dict[str, Any]:
    names = ("date", "warehouse", "to_warehouse", "partner", "reason", "remarks")
    return {
        "type": kind,
        "status": "draft",
        **{n: forms.text(form, n) for n in names},
        "expected_return_date": forms.text(form, "expected_return_date"),
    }


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
        expected_return_date=_date(header["expected_return_date"], "expected_return_date"),
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
    kind = (
        forms.text(form, "type")
        if number is None
        else queries.get_document(db, actor, number)["type"]
    )
    header = _header(form, kind)
    lines = [
        {k.removeprefix("line_"): v for k, v in row.items()}
        for row in forms.rows(form, *LINE_FIELDS)
    ]
    lang = session.language(request)
    try:
        data = _input(header, lines)
        doc = (
            service.create_document(data, actor, uow)
            if number is None
            else service.update_document(number, data, actor, uow)
        )
    except DomainError as error:
        if number is not None:
            header = {**queries.get_document(db, actor, number), **header, "lines": None}
        return _page(request, actor, db, header, lines, FieldErrors(error, lang), status=422)
    then = forms.text(form, "then")
    if then in THEN:
        try:
            THEN[then](doc.number, actor, uow)
        except DomainError as error:
            return existing(request, actor, db, doc.number, FieldErrors(error, lang), 422)
    done = {
        "submit": N_("%(number)s submitted for approval."),
        "approve": N_("%(number)s approved."),
    }
    saved = N_("%(number)s saved.")
    session.say(request, done.get(then, saved), number=doc.number)
    return RedirectResponse(f"/documents/{doc.number}", status_code=303)

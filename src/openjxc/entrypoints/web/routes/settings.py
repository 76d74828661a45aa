"""设置: document numbering, trading and stock switches, approval rules.

Each screen shows what a service exposes and changes it only through that service; a refused
value is shown on its field and nothing is saved. 公司信息 and 打印设置: ``company_settings``.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.price_levels import PRICE_LEVELS
from openjxc.domain.documents.approval_rules import Condition
from openjxc.domain.documents.numbering import DEFAULT_PREFIXES
from openjxc.domain.documents.types import DocumentType, document_number
from openjxc.domain.shared import clock
from openjxc.domain.shared.errors import DomainError, NotFound
from openjxc.domain.shared.numbers import plain
from openjxc.entrypoints.web import forms, session
from openjxc.entrypoints.web.deps import CurrentUser, ReadSession, UowDep, web_router
from openjxc.entrypoints.web.forms import FieldErrors
from openjxc.entrypoints.web.i18n import N_, Translator
from openjxc.entrypoints.web.labels import PAYMENT_LABELS
from openjxc.entrypoints.web.templating import render
from openjxc.queries import access as access_queries
from openjxc.queries import approvals as approval_queries
from openjxc.queries import warehouses as warehouse_queries
from openjxc.services import approval_rules as rule_service
from openjxc.services import product_codes, warehouses
from openjxc.services.inventory import numbering
from openjxc.services.trading import price_levels
from openjxc.services.trading import settings as trade_settings
from openjxc.services.unit_of_work import UnitOfWork

router = web_router(prefix="/settings")

#: every document type, in the conventional order of their prefixes, for the numbering and rule screens
DOCUMENT_TYPE_LABELS = {
    DocumentType.PURCHASE_ORDER: N_("Purchase order"),
    DocumentType.PURCHASE_RECEIPT: N_("Purchase receipt"),
    DocumentType.PURCHASE_RETURN: N_("Purchase return"),
    DocumentType.SALES_ORDER: N_("Sales order"),
    DocumentType.SALES_DELIVERY: N_("Sales delivery"),
    DocumentType.SALES_RETURN: N_("Sales return"),
    DocumentType.TRANSFER: N_("Transfer"),
    DocumentType.STOCKTAKE: N_("Stocktake"),
    DocumentType.OTHER_RECEIPT: N_("Other receipt"),
    DocumentType.OTHER_ISSUE: N_("Other issue"),
    DocumentType.WRITE_OFF: N_("Write-off"),
    DocumentType.OVERAGE: N_("Overage"),
    DocumentType.OPENING_STOCK: N_("Opening stock"),
}
#: retail documents are numbered too (they post on arrival: no approval rules)
RETAIL_LABELS = {
    DocumentType.RETAIL_SALE.value: N_("Retail sale"),
    DocumentType.RETAIL_RETURN.value: N_("Retail return"),
}
#: what a rule may be conditioned on (domain Condition), for the rule screen
CONDITION_LABELS = {
    Condition.BELOW_MIN_PRICE: N_("A sale below the minimum price"),
    Condition.CREDIT_OVERRIDE: N_("A sales order over the credit limit"),
}
STEP_ROWS = 5


def _numbering_page(
    request: Request,
    actor: Actor,
    uow: UnitOfWork,
    errors: FieldErrors,
    status: int = 200,
    rule: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    day = clock.today().strftime("%Y%m%d")
    prefixes = {**numbering.get_prefixes(actor, uow), **(typed or {})}
    labels = {
        **{k.value: v for k, v in DOCUMENT_TYPE_LABELS.items()},
        **RETAIL_LABELS,
        **PAYMENT_LABELS,
    }
    types = [
        {
            "kind": kind,
            "label": label,
            "prefix": prefixes[kind],
            "default": DEFAULT_PREFIXES[kind],
            "example": document_number(prefixes[kind], day, 1),
        }
        for kind, label in labels.items()
    ]
    values = {
        "types": types,
        "product_code_rule": product_codes.get_product_code_rule(actor, uow)
        if rule is None
        else rule,
        "can_edit_rule": actor.can(Permission.SYSTEM_ADMIN),
        # each form shows its own refusal
        "errors": FieldErrors() if typed is not None else errors,
        "prefix_errors": errors if typed is not None else FieldErrors(),
    }
    return render(request, "settings/numbering.html", values, status=status)


@router.get("/numbering")
def numbering_page(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """单据编号: each type's prefix (editable) and format; the product code rule (editable)."""
    return _numbering_page(request, actor, uow, FieldErrors())


@router.post("/numbering/prefixes")
def save_prefixes(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Change the prefixes of the documents saved from now on; a bad one is shown on its row
    and nothing is saved."""
    typed = {kind: forms.text(request.state.form, kind) for kind in DEFAULT_PREFIXES}
    try:
        numbering.set_prefixes(typed, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _numbering_page(request, actor, uow, errors, 422, typed=typed)
    session.say(request, "Document number prefixes saved.")
    return RedirectResponse("/settings/numbering", status_code=303)


@router.post("/numbering/product-code")
def save_product_code_rule(request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Change the rule for product codes generated from now on."""
    rule = forms.text(request.state.form, "rule")
    try:
        product_codes.set_product_code_rule(rule, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _numbering_page(request, actor, uow, errors, 422, rule=rule)
    session.say(request, "Product code rule saved.")
    return RedirectResponse("/settings/numbering", status_code=303)


def _switches_page(
    request: Request,
    actor: Actor,
    db: ReadSession,
    form: dict[str, Any],
    errors: FieldErrors,
    status: int = 200,
    *,
    levels: dict[int, str] | None = None,
    level_errors: FieldErrors | None = None,
    uow: UnitOfWork,
) -> Response:
    actor.require(Permission.SYSTEM_ADMIN)
    rows, _ = warehouse_queries.list_warehouses(db, actor, limit=500)
    values = {
        "form": form,
        "errors": errors,
        "warehouses": rows,
        "can_edit_warehouses": actor.can(Permission.WAREHOUSE_WRITE),
        # each input is named by the field its errors name: price_level_names.<level - 1>
        "levels": [
            {"level": level, "name": name, "input": f"price_level_names.{level - 1}"}
            for level, name in (levels or price_levels.get_price_level_names(uow)).items()
        ],
        "level_errors": level_errors or FieldErrors(),
    }
    return render(request, "settings/switches.html", values, status=status)


@router.get("/switches")
def switches(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """开关: tax-inclusive prices, last-price rule, over-receipt tolerance, negative stock."""
    actor.require(Permission.SYSTEM_ADMIN)
    current = trade_settings.get_trade_settings(uow)
    form = {
        "prices_include_tax": current.prices_include_tax,
        "use_last_price": current.use_last_price,
        "over_receipt_tolerance": plain(current.over_receipt_tolerance),
    }
    return _switches_page(request, actor, db, form, FieldErrors(), uow=uow)


@router.post("/switches")
def save_switches(request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep) -> Response:
    """Save the trading switches; a tolerance outside 0–1 is refused and nothing changes."""
    raw = request.state.form
    include_tax = forms.checked(raw, "prices_include_tax")
    last_price = forms.checked(raw, "use_last_price")
    tolerance = forms.text(raw, "over_receipt_tolerance")
    form = {
        "prices_include_tax": include_tax,
        "use_last_price": last_price,
        "over_receipt_tolerance": tolerance,
    }
    try:
        trade_settings.update_trade_settings(
            include_tax, tolerance, actor, uow, last_price=last_price
        )
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _switches_page(request, actor, db, form, errors, 422, uow=uow)
    session.say(request, "Settings saved.")
    return RedirectResponse("/settings/switches", status_code=303)


@router.post("/price-levels")
def save_price_levels(
    request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Rename the price levels; an empty name restores the default, two alike are refused."""
    actor.require(Permission.SYSTEM_ADMIN)
    raw = request.state.form
    typed = {
        level: forms.text(raw, f"price_level_names.{level - 1}")
        for level in range(1, PRICE_LEVELS + 1)
    }
    try:
        price_levels.set_price_level_names(typed, actor, uow)
    except DomainError as error:
        current = trade_settings.get_trade_settings(uow)
        form = {
            "prices_include_tax": current.prices_include_tax,
            "use_last_price": current.use_last_price,
            "over_receipt_tolerance": plain(current.over_receipt_tolerance),
        }
        errors = FieldErrors(error, session.language(request))
        return _switches_page(
            request, actor, db, form, FieldErrors(), 422, levels=typed, level_errors=errors, uow=uow
        )
    session.say(request, "Settings saved.")
    return RedirectResponse("/settings/switches#price-levels", status_code=303)


@router.post("/switches/warehouses/{code}")
def save_negative_stock(code: str, request: Request, actor: CurrentUser, uow: UowDep) -> Response:
    """Turn a warehouse's allow-negative-stock switch on or off."""
    allow = forms.checked(request.state.form, "allow_negative_stock")
    warehouses.update_warehouse(code, {"allow_negative_stock": allow}, actor, uow)
    session.say(request, "Settings saved.")
    return RedirectResponse("/settings/switches#negative-stock", status_code=303)


def _rules_page(
    request: Request,
    actor: Actor,
    db: ReadSession,
    form: dict[str, Any],
    errors: FieldErrors,
    status: int = 200,
) -> Response:
    actor.require(Permission.SYSTEM_ADMIN)
    users, _ = access_queries.list_users(db, actor, None, 500, 0)
    names = {u["id"]: u["username"] for u in users}
    t = Translator(session.language(request))
    name = "name" if t.lang == "zh-CN" else "name_en"
    roles = access_queries.list_roles(db, actor)
    rules = sorted(
        approval_queries.rules(db), key=lambda r: (r.document_type, r.min_amount or 0, r.id)
    )
    values = {
        "rules": [
            {
                "id": r.id,
                "type": DOCUMENT_TYPE_LABELS.get(DocumentType(r.document_type), r.document_type),
                "min_amount": r.min_amount,
                "condition": CONDITION_LABELS.get(Condition(r.condition)) if r.condition else None,
                "steps": [
                    {"role": s.role, "user": names.get(s.user_id, str(s.user_id))} for s in r.steps
                ],
            }
            for r in rules
        ],
        "types": [(k.value, t(v)) for k, v in DOCUMENT_TYPE_LABELS.items()],
        "conditions": [(k.value, t(v)) for k, v in CONDITION_LABELS.items()],
        "roles": [(r["code"], r[name]) for r in roles],
        "role_names": {r["code"]: r[name] for r in roles},
        "users": [(str(u["id"]), u["username"]) for u in users if u["active"]],
        "step_rows": range(STEP_ROWS),
        "form": form,
        "errors": errors,
    }
    return render(request, "settings/approval_rules.html", values, status=status)


@router.get("/approval-rules")
def approval_rules(
    request: Request, actor: CurrentUser, db: ReadSession, edit: int | None = None
) -> Response:
    """审批流: the rules per document type, from an amount, under a condition, with their
    ordered steps; ``?edit=id`` fills the form with one rule to change it."""
    form: dict[str, Any] = {"steps": []}
    if edit is not None:
        rule = next((r for r in approval_queries.rules(db) if r.id == edit), None)
        if rule is None:
            raise NotFound("approval_rule", edit)
        form = {
            "id": rule.id,
            "document_type": rule.document_type,
            "min_amount": "" if rule.min_amount is None else plain(rule.min_amount),
            "condition": rule.condition or "",
            "steps": [
                {"step_role": s.role or "", "step_user": str(s.user_id or "")} for s in rule.steps
            ],
        }
    return _rules_page(request, actor, db, form, FieldErrors())


@router.post("/approval-rules")
def create_approval_rule(
    request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Add a rule; each step is a role or a user (not both)."""
    return _save_rule(request, actor, db, uow, None)


@router.post("/approval-rules/{rule_id}")
def update_approval_rule(
    rule_id: int, request: Request, actor: CurrentUser, db: ReadSession, uow: UowDep
) -> Response:
    """Change a rule; a refused change is shown on its field and nothing is saved."""
    return _save_rule(request, actor, db, uow, rule_id)


def _save_rule(
    request: Request, actor: Actor, db: ReadSession, uow: UowDep, rule_id: int | None
) -> Response:
    raw = request.state.form
    steps = forms.rows(raw, "step_role", "step_user")
    kind, amount = forms.text(raw, "document_type"), forms.text(raw, "min_amount")
    condition = forms.text(raw, "condition")
    form: dict[str, Any] = {
        "id": rule_id,
        "document_type": kind,
        "min_amount": amount,
        "condition": condition,
        "steps": steps,
    }
    data = rule_service.RuleInput(
        kind,
        [{"role": s["step_role"], "user_id": s["step_user"]} for s in steps],
        amount or None,
        condition or None,
    )
    try:
        if rule_id is None:
            rule_service.add_approval_rule(data, actor, uow)
        else:
            changes = {
                "document_type": data.document_type,
                "min_amount": data.min_amount,
                "condition": data.condition,
                "steps": data.steps,
            }
            rule_service.update_approval_rule(rule_id, changes, actor, uow)
    except DomainError as error:
        errors = FieldErrors(error, session.language(request))
        return _rules_page(request, actor, db, form, errors, 422)
    if rule_id is None:
        session.say(request, "Approval rule added.")
    else:
        session.say(request, "Approval rule saved.")
    return RedirectResponse("/settings/approval-rules", status_code=303)


@router.post("/approval-rules/{rule_id}/delete")
def delete_approval_rule(
    rule_id: int, request: Request, actor: CurrentUser, uow: UowDep
) -> Response:
    """Remove a rule; documents waiting follow the remaining rules."""
    rule_service.delete_approval_rule(rule_id, actor, uow)
    session.say(request, "Approval rule removed.")
    return RedirectResponse("/settings/approval-rules", status_code=303)

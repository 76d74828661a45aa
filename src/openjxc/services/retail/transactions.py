"""A retail transaction as a terminal sends it, and as the 异常单 queue keeps it (JSON)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from openjxc.domain.shared.errors import ValidationError

SALE, RETURN = "sale", "return"


@dataclass(frozen=True)
class RetailLineInput:
    product: str  # code or barcode
    qty: object  # exact numbers as text or Decimal: checked when the transaction posts, so
    price: object  # a bad one queues the transaction instead of refusing the whole batch
    unit: str | None = None  # default: the barcode's unit, else the product's base unit
    discount: object | None = None  # 行折扣 as an amount off the line, tax included
    original_line: int | None = None  # a return: the line number on the original receipt


@dataclass(frozen=True)
class PaymentInput:
    method: str
    amount: object


@dataclass(frozen=True)
class RetailInput:
    """One transaction of a terminal, named by the terminal's own ``id``."""

    id: str
    kind: str  # sale, return
    occurred_at: dt.datetime  # as the terminal recorded it; its date is the document's
    store: str  # the store's (organisation's) code: the terminal's own
    lines: tuple[RetailLineInput, ...]
    payments: tuple[PaymentInput, ...]
    cashier: str | None = None  # username
    member: str | None = None  # customer code (会员)
    customer: str | None = None  # customer code for 挂账 (default: the member)
    discount: object = "0"  # 整单折扣, tax included
    rounding: object = "0"  # 抹零
    change: object = "0"  # 找零
    original: str | None = None  # a return: the original's transaction id or number
    remarks: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def to_payload(data: RetailInput) -> dict[str, Any]:
    """``data`` as JSON-safe values (decimals and times as text), to keep as received."""
    payload: dict[str, Any] = json_safe(asdict(data))
    return payload


def json_safe(value: Any) -> Any:
    """``value`` with decimals, dates and other objects as text (error parameters, payloads)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def from_payload(payload: dict[str, Any]) -> RetailInput:
    """The transaction a payload keeps (``to_payload`` read back)."""
    try:
        lines = tuple(
            RetailLineInput(
                product=str(ln["product"]),
                qty=ln["qty"],
                price=ln["price"],
                unit=ln.get("unit"),
                discount=ln.get("discount"),
                original_line=ln.get("original_line"),
            )
            for ln in payload["lines"]
        )
        payments = tuple(PaymentInput(str(p["method"]), p["amount"]) for p in payload["payments"])
        return RetailInput(
            id=str(payload["id"]),
            kind=str(payload["kind"]),
            occurred_at=dt.datetime.fromisoformat(payload["occurred_at"]),
            store=str(payload["store"]),
            lines=lines,
            payments=payments,
            cashier=payload.get("cashier"),
            member=payload.get("member"),
            customer=payload.get("customer"),
            discount=payload.get("discount") or "0",
            rounding=payload.get("rounding") or "0",
            change=payload.get("change") or "0",
            original=payload.get("original"),
            remarks=payload.get("remarks") or "",
            extra=payload.get("extra") or {},
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError("invalid_payload", field="payload") from error

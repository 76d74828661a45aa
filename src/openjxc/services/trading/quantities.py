"""How much of each source line is still open, and the checks that keep quantities true.

Nothing is cached: what an order line has received (or delivered) is the sum of approved
lines that name it; what a receipt line has had returned is the sum of approved return lines
that name it. A return does not reopen the order (a replacement is a new order), so an
order's progress counts what was received or delivered, and shows returns beside it. Orders may be over-received up to
the company's tolerance; nothing may be returned beyond what came in or went out.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.status import Status
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import ZERO, plain
from openjxc.domain.trading import flow
from openjxc.domain.trading.orders import OPEN, allowed
from openjxc.services.trading.settings import over_receipt_tolerance
from openjxc.services.unit_of_work import UnitOfWork


def done(uow: UnitOfWork, order: Document, exclude: int | None = None) -> dict[int, Decimal]:
    """Quantity received (or delivered) per order line id."""
    ids = [ln.id for ln in order.active_lines if ln.id is not None]
    return uow.trade_lines.sourced_qty(ids, exclude)


def returned(uow: UnitOfWork, source: Document, exclude: int | None = None) -> dict[int, Decimal]:
    """Quantity returned per receipt (or delivery) line id."""
    ids = [ln.id for ln in source.active_lines if ln.id is not None]
    return uow.trade_lines.sourced_qty(ids, exclude)


def open_lines(
    uow: UnitOfWork, source: Document, doc: Document
) -> list[tuple[DocumentLine, Decimal]]:
    """The lines of ``source`` with something left for ``doc`` to take, and how much."""
    if flow.UPSTREAM.get(doc.type) is not source.type or source.partner_id != doc.partner_id:
        raise ValidationError("wrong_source", field="from_documents", value=source.number)
    _require_open(source)
    taken = (done if source.type in flow.ORDERS else returned)(uow, source, doc.id)
    result = []
    for line in source.active_lines:
        left = line.base_qty - taken.get(line.id or 0, ZERO)
        if left > ZERO:
            result.append((line, left))
    return result


def check(
    uow: UnitOfWork, doc: Document, lines: list[DocumentLine], sources: dict[int, Document]
) -> None:
    """Refuse lines that take more than their source lines have open (orders: + tolerance)."""
    wanted: dict[int, Decimal] = defaultdict(lambda: ZERO)
    first_line: dict[int, DocumentLine] = {}
    for line in lines:
        if line.source_line_id is not None:
            wanted[line.source_line_id] += line.base_qty
            first_line.setdefault(line.source_line_id, line)
    if not wanted:
        return
    tolerance = over_receipt_tolerance(uow) if doc.type is DocumentType.PURCHASE_RECEIPT else ZERO
    details: list[dict[str, object]] = []
    for source in {id(s): s for s in sources.values()}.values():
        _require_open(source)
        is_order = source.type in flow.ORDERS
        taken = (done if is_order else returned)(uow, source, doc.id)
        for line in source.active_lines:
            if line.id not in wanted:
                continue
            limit = allowed(line.base_qty, tolerance) if is_order else line.base_qty
            already = taken.get(line.id, ZERO)
            if already + wanted[line.id] > limit:
                ours = first_line[line.id]
                amounts = {
                    "source_qty": line.base_qty,
                    "done": already,
                    "requested": wanted[line.id],
                    "allowed": max(limit - already, ZERO),
                }
                details.append(
                    {
                        "code": _code(doc.type),
                        "line_no": ours.line_no,
                        "source": source.number,
                        **_in_unit_of(uow, ours, amounts),
                    }
                )
    if details:
        details.sort(key=lambda d: int(str(d["line_no"])))
        first = {k: v for k, v in details[0].items() if k != "code"}
        raise ValidationError(str(details[0]["code"]), details=details, **first)


def _in_unit_of(uow: UnitOfWork, line: DocumentLine, amounts: dict[str, Decimal]) -> dict[str, str]:
    """Base quantities in the unit ``line`` is counted in (``unit``) when each is a whole
    number of it, else in the product's base unit: a message names what the user typed."""
    in_unit = {key: qty / line.factor for key, qty in amounts.items()}
    if all(q * line.factor == amounts[k] for k, q in in_unit.items()):
        return {**{k: plain(q) for k, q in in_unit.items()}, "unit": line.unit}
    product = uow.products.get(line.product_id)
    assert product is not None  # a line's product is never deleted
    return {**{k: plain(q) for k, q in amounts.items()}, "unit": product.base_unit}


def _code(kind: DocumentType) -> str:
    if kind is DocumentType.PURCHASE_RECEIPT:
        return "over_receipt"
    if kind is DocumentType.SALES_DELIVERY:
        return "over_delivery"
    return "return_exceeds_source"


def _require_open(source: Document) -> None:
    ok = OPEN if source.type in flow.ORDERS else frozenset({Status.APPROVED})
    if source.status not in ok:
        raise ValidationError(
            "source_not_open", field="source", value=source.number, status=source.status.value
        )

"""拣货 (picking): what a draft sales delivery becomes once its goods are picked.

The picks fill the delivery's lines of each product up to their quantities (a line's own
batch first, then in scan order). Each line becomes what was picked of it, one line per batch,
keeping its order line; a line nothing was picked for is left out. A line against an order
line keeps the draft's terms (the service re-prices it from them); a line without one keeps
its price, converted to the unit it is now counted in, and its share of a line discount given
as an amount (折扣额).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from openjxc.domain.catalog.product import Product
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.shared.errors import Conflict, ValidationError
from openjxc.domain.shared.numbers import ZERO, plain, quantity, round_price
from openjxc.domain.trading.tax import share

#: what a picker's page shows of a line: (id, product code, base qty, batch, source line)
VersionedLine = tuple[int | None, str, Decimal, str | None, int | None]


@dataclass(frozen=True)
class Scan:
    """``qty`` of ``product`` (its code) picked from ``batch``, in ``unit`` (default: the
    product's base unit; else a unit one of the product's delivery lines is counted in)."""

    product: str
    qty: object
    batch: str = ""
    unit: str = ""


@dataclass(frozen=True)
class PickedLine:
    """A delivery line as picked. The terms are ``None`` on a line against an order line:
    it keeps the draft's."""

    product_id: int
    qty: Decimal
    unit: str
    source_line_id: int | None
    batch: str | None
    production_date: dt.date | None
    expiry_date: dt.date | None
    remarks: str
    price: Decimal | None = None
    tax_rate: Decimal | None = None
    line_discount_rate: Decimal | None = None
    line_discount: Decimal | None = None


def fingerprint(status: str, lines: Iterable[VersionedLine]) -> str:
    """What a picker's page was built from: a pick is refused once the delivery changed."""
    rows = [[id, code, plain(qty), batch or "", source] for id, code, qty, batch, source in lines]
    return hashlib.sha256(json.dumps([status, rows]).encode()).hexdigest()[:16]


def version(delivery: Document, products: Mapping[int, Product]) -> str:
    """The delivery's :func:`fingerprint` (``products``: the products of its lines by id)."""
    return fingerprint(
        delivery.status.value,
        (
            (ln.id, products[ln.product_id].code, ln.base_qty, ln.batch_no, ln.source_line_id)
            for ln in _lines(delivery)
        ),
    )


def pick(
    delivery: Document,
    products: Mapping[int, Product],
    scans: Sequence[Scan],
    seen: str | None = None,
) -> list[PickedLine]:
    """The delivery's lines as picked, in their order.

    ``seen`` is the :func:`version` the picker's page was built from (refused with
    ``document_changed`` if the delivery changed since). Refused: a product not on the
    delivery, a quantity not above zero, a unit none of its lines is counted in, more of a
    product than the delivery holds (``over_pick``).
    """
    if seen and seen != version(delivery, products):
        raise Conflict("document_changed", number=delivery.number)
    if not scans:
        raise ValidationError("document_has_no_lines", number=delivery.number)
    lines = _lines(delivery)
    picked = _picks(delivery, lines, products, scans)
    taken: dict[tuple[object, str], tuple[DocumentLine, Decimal]] = {}
    room = {ln.line_no: ln.base_qty for ln in lines}

    def take(line: DocumentLine, batch: str) -> None:
        left = picked[line.product_id]
        qty = min(room[line.line_no], left.get(batch, ZERO))
        if qty > ZERO:
            left[batch] -= qty
            room[line.line_no] -= qty
            key = (line.source_line_id or f"line {line.line_no}", batch)
            first, so_far = taken.get(key, (line, ZERO))
            taken[key] = (first, so_far + qty)

    wanted = [ln for ln in lines if ln.product_id in picked]
    for line in wanted:
        take(line, line.batch_no or "")
    for line in wanted:
        for batch in list(picked[line.product_id]):
            take(line, batch)
    in_order = sorted(taken.items(), key=lambda item: item[1][0].line_no)
    return [
        _picked_line(line, qty, batch, products[line.product_id])
        for (_, batch), (line, qty) in in_order
    ]


def _lines(delivery: Document) -> list[DocumentLine]:
    return sorted(delivery.active_lines, key=lambda ln: ln.line_no)


def _picks(
    delivery: Document,
    lines: list[DocumentLine],
    products: Mapping[int, Product],
    scans: Sequence[Scan],
) -> dict[int, dict[str, Decimal]]:
    """The base quantity picked per product and batch (in scan order), checked against what
    the delivery holds of each product."""
    picked: dict[int, dict[str, Decimal]] = {}
    for scan in scans:
        of_product = [ln for ln in lines if products[ln.product_id].code == scan.product]
        if not of_product:
            raise ValidationError(
                "not_on_delivery", product=scan.product[:64], number=delivery.number
            )
        product_id = of_product[0].product_id
        base_qty = _base_qty(scan, of_product, products[product_id])
        batches = picked.setdefault(product_id, {})
        batches[scan.batch] = batches.get(scan.batch, ZERO) + base_qty
    for product_id, batches in picked.items():
        product = products[product_id]
        expected = sum((ln.base_qty for ln in lines if ln.product_id == product_id), ZERO)
        total = sum(batches.values(), ZERO)
        if total > expected:
            raise ValidationError(
                "over_pick",
                product=product.code,
                product_name=product.name,
                picked=plain(total),
                expected=plain(expected),
                unit=product.base_unit,
                number=delivery.number,
            )
    return picked


def _base_qty(scan: Scan, lines: list[DocumentLine], product: Product) -> Decimal:
    """A pick in base units; the page counts in them, a line's own unit is taken too."""
    qty = quantity(scan.qty)
    if qty <= ZERO:
        raise ValidationError("not_positive", field="qty")
    unit = scan.unit or product.base_unit
    if unit == product.base_unit:
        return qty
    factor = next((ln.factor for ln in lines if ln.unit == unit), None)
    if factor is None:
        raise ValidationError("unknown_unit", product=scan.product, unit=unit[:16])
    return qty * factor


def _picked_line(line: DocumentLine, base_qty: Decimal, batch: str, product: Product) -> PickedLine:
    """``base_qty`` of a delivery line, in its unit when whole, with the batch picked."""
    in_unit = base_qty / line.factor
    whole = in_unit == in_unit.to_integral_value()
    unit, qty = (line.unit, in_unit) if whole else (product.base_unit, base_qty)
    same_batch = batch in ("", line.batch_no or "")
    picked = PickedLine(
        product_id=line.product_id,
        qty=qty,
        unit=unit,
        source_line_id=line.source_line_id,
        batch=batch or line.batch_no or None,
        production_date=line.production_date if same_batch else None,
        expiry_date=line.expiry_date if same_batch else None,
        remarks=line.remarks or "",
    )
    if line.source_line_id is not None:  # its terms are the draft's
        return picked
    off = None
    if line.line_discount_rate is None and line.line_discount:
        off = share(line.line_discount, base_qty, line.base_qty)
    per_unit = line.price
    if per_unit is not None and not whole:
        per_unit = round_price(per_unit / line.factor)
    return replace(
        picked,
        price=per_unit,
        tax_rate=line.tax_rate,
        line_discount_rate=line.line_discount_rate,
        line_discount=off,
    )

"""From a document to the moves it posts: units to base quantities, batches, FEFO picking."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from openjxc.domain.catalog.product import Product, Tracking
from openjxc.domain.catalog.units import mixed_quantity
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import Direction
from openjxc.domain.inventory.stream import Shortage, ValueBasis
from openjxc.domain.shared.errors import ValidationError
from openjxc.domain.shared.numbers import QTY_SCALE, ZERO, fixed
from openjxc.services.inventory.ledger import Ledger, NewMove, StoredMove, StreamKey
from openjxc.services.inventory.posting import InsufficientStock, ShortageWords
from openjxc.services.inventory.stocktake import count_moves
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import transit_warehouse


def document_moves(doc: Document, uow: UnitOfWork) -> list[NewMove]:
    """The moves approving ``doc`` posts, in line order (issuing legs before receiving legs)."""
    assert doc.id is not None
    direction = doc.rule.direction
    if direction is Direction.COUNT:
        return count_moves(doc, uow)  # gains and losses: counted minus expected
    moves: list[NewMove] = []
    short: list[dict[str, Any]] = []
    # one query for the document: only batch-tracked products need loading
    tracked = uow.ledger.batch_tracked({line.product_id for line in doc.active_lines})
    # a two-step transfer's goods go into transit first (在途), and are received later
    target_id = doc.to_warehouse_id
    if direction is Direction.TRANSFER and doc.two_step:
        target_id = transit_warehouse(uow, doc.warehouse_id).id
    for line in doc.active_lines:
        assert line.id is not None
        product = uow.products.get(line.product_id) if line.product_id in tracked else None
        source = StreamKey(line.product_id, doc.warehouse_id)
        if direction is Direction.IN:
            batch_id = _inbound_batch(uow, product, line, doc.date)
            basis = ValueBasis.GIVEN if line.amount is not None else ValueBasis.COST
            moves.append(
                NewMove(
                    (line.line_no, "in", 0),
                    source,
                    doc.date,
                    line.base_qty,
                    basis,
                    doc.id,
                    line.id,
                    line.amount or ZERO,
                    batch_id,
                )
            )
            continue
        picks = _outbound_batches(uow, product, line, doc, short)
        for i, (batch_id, qty) in enumerate(picks):
            out = NewMove(
                (line.line_no, "out", i),
                source,
                doc.date,
                -qty,
                ValueBasis.COST,
                doc.id,
                line.id,
                batch_id=batch_id,
            )
            moves.append(out)
            if direction is Direction.TRANSFER:
                assert target_id is not None
                target = StreamKey(line.product_id, target_id)
                moves.append(
                    NewMove(
                        (line.line_no, "in", i),
                        target,
                        doc.date,
                        qty,
                        ValueBasis.PAIR,
                        doc.id,
                        line.id,
                        batch_id=batch_id,
                        pair_tag=out.tag,
                    )
                )
    if short:
        raise InsufficientStock("insufficient_stock", details=short)
    return moves


def live_moves(ledger: Ledger, document_id: int) -> list[StoredMove]:
    """A document's moves that are still in effect: posted, and not undone by 反审核."""
    posted = ledger.moves_of_document(document_id)
    undone = ledger.reversed_ids([m.id for m in posted])
    return [m for m in posted if m.id not in undone and not m.reverses]


def reversal_moves(doc: Document, live: list[StoredMove]) -> list[NewMove]:
    """反审核: each move still in effect is negated at its own value, dated as it was.

    A stream the document moved on several dates (the in-transit stream of a received
    two-step transfer: in on the issue date, out on the receipt date) is undone on the last
    of them, receipts first, so that it never dips below zero on the way.
    """
    assert doc.id is not None
    last: dict[StreamKey, date] = {}
    for m in live:
        last[m.key] = max(m.date, last.get(m.key, m.date))
    return [
        NewMove(
            ("reverse", m.id),
            m.key,
            last[m.key],
            -m.qty,
            ValueBasis.GIVEN,
            doc.id,
            m.line_id,
            -m.value,
            m.batch_id,
            reverses_move_id=m.id,
            takes_back_move_id=m.id if m.qty > 0 else None,
        )
        for m in inbound_first(live)
    ]


def inbound_first(moves: list[StoredMove]) -> list[StoredMove]:
    """Undo order: the negations of issues (which bring stock back) before those of receipts."""
    return sorted(moves, key=lambda m: m.qty > 0)


def shortage_detail(doc: Document, uow: UnitOfWork) -> ShortageWords:
    """Words the shortages of posting ``doc`` (or its 反审核, or its red letter)."""
    return _Shortages(doc, uow)


class _Shortages:
    """Each shortage names the line of ``doc`` that causes it, by its number as shown, the
    product, the warehouse and the date, with the quantities in the product's base unit to
    its own decimals; a later move left short is named by its document and line too."""

    def __init__(self, doc: Document, uow: UnitOfWork) -> None:
        self.doc, self.uow = doc, uow
        self.line_nos = {ln.id: ln.line_no for ln in doc.lines if ln.id is not None}

    def new(self, move: NewMove, shortage: Shortage) -> dict[str, Any]:
        return _short(
            self.uow,
            self.doc.number,
            self.line_nos.get(move.line_id, 0),
            move.key,
            move.date,
            shortage.batch_id,
            shortage.requested,
            shortage.available,
        )

    def later(self, move: StoredMove, shortage: Shortage, cause: NewMove) -> dict[str, Any]:
        detail = self.new(replace(cause, date=move.date), shortage)
        number, line_no = self.uow.documents.line_places([move.line_id]).get(move.line_id, ("", 0))
        return {
            **detail,
            "code": "later_move_short",
            "later_document": number,
            "later_line": line_no,
        }


def _short(
    uow: UnitOfWork,
    document: str,
    line_no: int,
    key: StreamKey,
    day: date,
    batch_id: int | None,
    requested: Decimal,
    available: Decimal,
) -> dict[str, Any]:
    """One short line, for people: no id in it, quantities in the product's base unit."""
    product = uow.products.get(key.product_id)
    warehouse = uow.warehouses.get(key.warehouse_id)
    batch = uow.batches.get(batch_id) if batch_id is not None else None
    decimals = product.base_unit_decimals if product else QTY_SCALE
    return {
        "code": "short_batch" if batch else "short_line",
        "document": document,
        "line_no": line_no,
        "product": product.code if product else "",
        "product_name": product.name if product else "",
        "warehouse": warehouse.code if warehouse else "",
        "warehouse_name": warehouse.name if warehouse else "",
        "batch": batch.batch_no if batch else None,
        "date": day.isoformat(),
        "unit": product.base_unit if product else "",
        "requested": fixed(requested, decimals),
        "available": fixed(available, decimals),
        "shortfall": fixed(requested - available, decimals),
        "requested_aside": _in_units(product, requested),
        "available_aside": _in_units(product, available),
    }


def _in_units(product: Product | None, qty: Decimal) -> str:
    """ " = 2箱" after "48 瓶" in a refusal, when a larger unit says it better; else nothing."""
    if product is None:
        return ""
    units = [(u.name, u.factor) for u in product.units]
    shown = mixed_quantity(qty, product.base_unit, units)
    return f" = {shown}" if shown else ""


def _inbound_batch(
    uow: UnitOfWork, product: Product | None, line: DocumentLine, day: date
) -> int | None:
    if product is None or product.tracking is not Tracking.BATCH:
        return None
    assert line.batch_no is not None and product.id is not None
    return uow.batches.get_or_create(
        product.id, line.batch_no, line.production_date, line.expiry_date, day
    )


def _outbound_batches(
    uow: UnitOfWork,
    product: Product | None,
    line: DocumentLine,
    doc: Document,
    short: list[dict[str, Any]],
) -> list[tuple[int | None, Decimal]]:
    """Which batches an issue takes: the one named, or first-expiry-first-out (FEFO)."""
    if product is None or product.tracking is not Tracking.BATCH:
        return [(None, line.base_qty)]
    assert product.id is not None
    if line.batch_no:
        batch = uow.batches.find(product.id, line.batch_no)
        if batch is None:
            raise ValidationError(
                "unknown_batch", field="batch", value=line.batch_no, product=product.code
            )
        if batch.on_hold:
            raise ValidationError(
                "batch_on_hold", field="batch", value=line.batch_no, product=product.code
            )
        return [(batch.id, line.base_qty)]
    picks: list[tuple[int | None, Decimal]] = []
    wanted = line.base_qty
    for batch_id, available in uow.batches.pickable(product.id, doc.warehouse_id, doc.date):
        take = min(wanted, available)
        picks.append((batch_id, take))
        wanted -= take
        if wanted == ZERO:
            return picks
    warehouse = uow.warehouses.get(doc.warehouse_id)
    if warehouse is not None and warehouse.allow_negative_stock:
        return [*picks, (None, wanted)]  # the shortfall goes negative, outside any batch
    have = line.base_qty - wanted
    key = StreamKey(product.id, doc.warehouse_id)
    short.append(_short(uow, doc.number, line.line_no, key, doc.date, None, line.base_qty, have))
    return picks

"""Stocktake (盘点单, PDD): created from a snapshot; approval posts counted minus expected.

Counting may happen while the shop is open: a line's expected quantity is the books of its
(product, warehouse[, batch]) at the moment it was counted (``counted_at``), by the rule
``domain/documents/stocktake.before_count`` (docs/stocktake.md), so sales before the count
are not mistaken for losses nor sales after it for gains.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from openjxc.domain.access.actor import Actor
from openjxc.domain.access.permissions import Permission
from openjxc.domain.catalog.category import Category
from openjxc.domain.catalog.product import Tracking
from openjxc.domain.documents.document import Document, DocumentLine
from openjxc.domain.documents.types import DocumentType
from openjxc.domain.inventory.stream import ValueBasis
from openjxc.domain.shared import clock, text
from openjxc.domain.shared.numbers import ZERO
from openjxc.services import lookup
from openjxc.services.inventory.ledger import NewMove, StreamKey
from openjxc.services.inventory.numbering import next_number
from openjxc.services.inventory.periods import require_postable
from openjxc.services.unit_of_work import UnitOfWork
from openjxc.services.warehouses import document_warehouse


def create_stocktake(
    warehouse: str | int,
    actor: Actor,
    uow: UnitOfWork,
    *,
    date: dt.date,
    category: str | int | None = None,
    blind: bool = False,
    remarks: str = "",
) -> Document:
    """A draft stocktake with one line per (product[, batch]) in stock at this moment."""
    actor.require(Permission.STOCK_DOCUMENT_WRITE)
    with uow:
        require_postable(uow, date)
        store = document_warehouse(uow, warehouse, "warehouse", actor)
        categories = None
        if category is not None:
            categories = _subtree(uow, lookup.resolve(uow.categories, category, "category"))
        doc = Document(
            DocumentType.STOCKTAKE,
            next_number(uow, DocumentType.STOCKTAKE, date),
            date,
            store.organisation_id,
            store.id or 0,
            created_by=actor.user_id,
            remarks=text.optional_text(remarks, "remarks", 500),
            blind_count=blind,
        )
        # the last move, then the balances as of that move (postings are held in between)
        doc.snapshot_at, doc.snapshot_move_id = clock.now(), uow.stock_counts.last_move_id()
        for no, (product_id, batch_id, qty) in enumerate(
            uow.stock_counts.on_hand(doc.warehouse_id, categories), start=1
        ):
            batch = uow.batches.get(batch_id) if batch_id is not None else None
            doc.lines.append(book_line(no, uow, product_id, batch.batch_no if batch else None, qty))
        uow.documents.add(doc)
        uow.flush()
        uow.audit.record(
            actor, "stocktake.create", "document", doc.number, after={"lines": len(doc.lines)}
        )
        uow.commit()
    return doc


def book_line(
    no: int, uow: UnitOfWork, product_id: int, batch_no: str | None, book: Decimal
) -> DocumentLine:
    """An uncounted line: the books say ``book`` base units."""
    product = uow.products.get(product_id)
    assert product is not None
    line = DocumentLine(no, product_id, product.base_unit, ZERO, Decimal(1), ZERO)
    line.batch_no, line.book_qty = batch_no, book
    return line


def expected_quantities(doc: Document, uow: UnitOfWork) -> dict[int, Decimal]:
    """Each counted line's books at the moment it was counted, by line number."""
    basis = uow.stock_counts.count_basis(doc.warehouse_id, doc.date)
    expected: dict[int, Decimal] = {}
    now = clock.now()
    for line in doc.active_lines:
        batch_id = None
        if line.batch_no:
            batch = uow.batches.find(line.product_id, line.batch_no)
            batch_id = batch.id if batch else None
        expected[line.line_no] = basis.book(
            line.product_id, batch_id, bool(line.batch_no), doc.date, line.counted_at or now
        )
    return expected


def count_moves(doc: Document, uow: UnitOfWork) -> list[NewMove]:
    """The gains and losses approving ``doc`` posts, at the stream's current cost.

    Each is dated the stocktake's date; the engine puts it after the moves of that date
    already posted, so it follows every move its count saw (docs/stocktake.md).

    Records each line's expected quantity and variance, which ``jxc doctor`` checks the
    ledger against and later accuracy reports read.
    """
    assert doc.id is not None
    expected = expected_quantities(doc, uow)
    moves: list[NewMove] = []
    for line in doc.active_lines:
        assert line.id is not None and line.counted_qty is not None
        line.expected_qty = expected[line.line_no]
        line.variance_qty = line.counted_qty - line.expected_qty
        if line.variance_qty == ZERO:
            continue
        moves.append(
            NewMove(
                (line.line_no, "in" if line.variance_qty > ZERO else "out", 0),
                StreamKey(line.product_id, doc.warehouse_id),
                doc.date,
                line.variance_qty,
                ValueBasis.COST,
                doc.id,
                line.id,
                batch_id=_batch_id(uow, line, doc.date),
            )
        )
    return moves


def _batch_id(uow: UnitOfWork, line: DocumentLine, day: dt.date) -> int | None:
    if not line.batch_no:
        return None
    # a counted batch the books never knew is created; a gain needs somewhere to go
    return uow.batches.get_or_create(line.product_id, line.batch_no, None, None, day)


def _subtree(uow: UnitOfWork, root: Category) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for category in uow.categories.list_by():
        children.setdefault(category.parent_id, []).append(category.id or 0)
    found, todo = set(), [root.id or 0]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo += children.get(node, [])
    return found


def is_batch_tracked(uow: UnitOfWork, product_id: int) -> bool:
    product = uow.products.get(product_id)
    return product is not None and product.tracking is Tracking.BATCH
